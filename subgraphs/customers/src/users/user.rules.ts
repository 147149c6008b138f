import { createHash } from 'node:crypto';
import type { Identity, Role } from '@sales-graph/shared/auth/identity';
import { BadUserInputError, ConflictError } from '@sales-graph/shared/errors';

/** The roles of our own people: only these get a User (never PARTNER, SERVICE, APPLICANT). */
export const INTERNAL_ROLES: readonly Role[] = [
  'ADMIN',
  'SALES',
  'MARKETING',
  'SUPPORT',
  'CHANNEL_MANAGER',
  'ANALYST',
];

/** Whether a request's identity is one of our people, to be kept as a User. */
export const isInternalPerson = (identity: Identity): boolean =>
  INTERNAL_ROLES.includes(identity.role) && !identity.partnerId && identity.canExport !== true;

/** What of the identity a User keeps: the key of the per-process cache (one upsert per change). */
export const claimsKey = (identity: Identity): string =>
  createHash('sha256')
    .update(JSON.stringify([identity.sub, identity.role, identity.name ?? null, identity.email ?? null]))
    .digest('base64url');

/** A territory's regions: trimmed, distinct, at least one. */
export function normaliseRegions(regions: readonly string[]): string[] {
  const cleaned = [...new Set(regions.map((region) => region.trim()).filter((region) => region !== ''))];
  if (cleaned.length === 0) throw new BadUserInputError('A territory needs at least one region', 'regions');
  if (cleaned.some((region) => region.length > 100)) {
    throw new BadUserInputError('A region is at most 100 characters', 'regions');
  }
  if (cleaned.length > 100) throw new BadUserInputError('A territory has at most 100 regions', 'regions');
  return cleaned;
}

/** A region belongs to one territory at most: CONFLICT naming the territory that has it. */
export function assertRegionsFree(
  regions: readonly string[],
  others: readonly { name: string; regions: readonly string[] }[],
): void {
  for (const other of others) {
    const taken = regions.filter((region) => other.regions.includes(region));
    if (taken.length) {
      throw new ConflictError(`Region ${taken.join(', ')} already belongs to territory ${other.name}`);
    }
  }
}
