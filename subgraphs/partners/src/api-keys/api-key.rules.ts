import { ROLES, type Identity, type UserRole } from '@sales-graph/shared/auth/identity';
import { BadUserInputError, ForbiddenError } from '@sales-graph/shared/errors';
import { PartnerStatus } from '../partners';

/**
 * Who may issue which key: ADMIN any role (a PARTNER key names its partner); a partner user only
 * PARTNER keys for its own partner (and only its active admin user: see assertPartnerAdmin, checked
 * by the service). No one issues a key with more rights than they have.
 */
export function planApiKey(
  issuer: Identity,
  request: { role: string; partnerId?: string | null; expiresAt?: Date | null },
  now: Date,
): { role: UserRole; partnerId: string | null } {
  if (!(ROLES as readonly string[]).includes(request.role)) {
    throw new BadUserInputError(`role must be one of ${ROLES.join(', ')}`, 'role');
  }
  if (request.expiresAt && request.expiresAt <= now)
    throw new BadUserInputError('expiresAt must be in the future', 'expiresAt');
  const role = request.role as UserRole;
  if (issuer.role === 'PARTNER') {
    if (role !== 'PARTNER') throw new ForbiddenError('A partner user may only issue PARTNER keys');
    if (request.partnerId && request.partnerId !== issuer.partnerId) {
      throw new ForbiddenError('A partner user may only issue keys for its own partner');
    }
    return { role, partnerId: issuer.partnerId! };
  }
  if (role === 'PARTNER' && !request.partnerId)
    throw new BadUserInputError('A PARTNER key must name its partnerId', 'partnerId');
  return { role, partnerId: role === 'PARTNER' ? request.partnerId! : null };
}

/**
 * The export scope (pages of up to 1,000 rows on root lists) is granted by ADMIN only: a bulk
 * read is a platform decision, not one a partner user (or any other role) makes for itself.
 */
export function assertMayGrantExport(issuer: Identity): void {
  if (issuer.role !== 'ADMIN') throw new ForbiddenError('Only ADMIN may grant the export scope');
}

/** The export scope a new key gets: false unless asked for, and then only from ADMIN. */
export function planExportScope(issuer: Identity, canExport: boolean | null | undefined): boolean {
  if (!canExport) return false;
  assertMayGrantExport(issuer);
  return true;
}

export const isUsable = (
  key: { revokedAt: Date | null; expiresAt: Date | null; deletedAt: Date | null },
  now: Date,
) => !key.revokedAt && !key.deletedAt && (!key.expiresAt || key.expiresAt > now);

/** A partner's integration keys work while it onboards or is active; not once suspended, terminated or rejected. */
export const KEY_PARTNER_STATUSES: ReadonlySet<string> = new Set([
  PartnerStatus.ONBOARDING,
  PartnerStatus.ACTIVE,
]);
