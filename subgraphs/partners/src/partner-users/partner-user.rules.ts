import { ConflictError, ForbiddenError } from '@sales-graph/shared/errors';
import { PartnerStatus } from '../partners';
import { PartnerUserRole, PartnerUserStatus } from './partner-user.entity';

const U = PartnerUserStatus;

/** An invitation is accepted (ACTIVE) or withdrawn; anyone may be removed; REMOVED is final. */
export const PARTNER_USER_TRANSITIONS: Record<PartnerUserStatus, readonly PartnerUserStatus[]> = {
  [U.INVITED]: [U.ACTIVE, U.REMOVED],
  [U.ACTIVE]: [U.REMOVED],
  [U.REMOVED]: [],
};

export function assertPartnerUserTransition(from: PartnerUserStatus, to: PartnerUserStatus): void {
  const allowed = PARTNER_USER_TRANSITIONS[from];
  if (allowed.includes(to)) return;
  const options = allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : `${from} is final`;
  throw new ConflictError(`Partner user cannot move from ${from} to ${to} (${options})`, 'status', {
    from,
    to,
    allowed: [...allowed],
  });
}

/** Partners whose team can still grow: not rejected or terminated. */
export function assertCanInvite(partnerStatus: PartnerStatus): void {
  if (partnerStatus === PartnerStatus.REJECTED || partnerStatus === PartnerStatus.TERMINATED) {
    throw new ConflictError(`Cannot invite users to a ${partnerStatus} partner`, 'partnerId');
  }
}

/**
 * Partner-administrative actions (the team, API keys, the onboarding checklist) are for the
 * partner's admins: the caller must be an ACTIVE PartnerUser with role ADMIN of that partner.
 * A member, an invited or removed user, an API key or an unknown subject is FORBIDDEN.
 */
export function assertActivePartnerAdmin(
  caller: { partnerId: string; role: PartnerUserRole; status: PartnerUserStatus } | null,
  partnerId: string | undefined,
): void {
  if (
    !caller ||
    caller.partnerId !== partnerId ||
    caller.status !== PartnerUserStatus.ACTIVE ||
    caller.role !== PartnerUserRole.ADMIN
  ) {
    throw new ForbiddenError("Only an active admin user of the partner may administer the partner's account");
  }
}
