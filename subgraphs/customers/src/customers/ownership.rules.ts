import { BadUserInputError } from '@sales-graph/shared/errors';
import { CustomerOwnership } from './customer.entity';

export interface Ownership {
  ownership: CustomerOwnership;
  ownerPartnerId: string | null;
}

/**
 * A requested ownership, checked: CHANNEL needs its owning partner, DIRECT and SHARED take none
 * (BAD_USER_INPUT naming `partnerId`). The partner's existence is the PRM's to answer (service).
 */
export function requestedOwnership(ownership: CustomerOwnership, partnerId: string | null): Ownership {
  if (ownership === CustomerOwnership.CHANNEL && partnerId === null) {
    throw new BadUserInputError('A CHANNEL account needs its owning partner (partnerId)', 'partnerId');
  }
  if (ownership !== CustomerOwnership.CHANNEL && partnerId !== null) {
    throw new BadUserInputError(`A ${ownership} account has no owning partner; omit partnerId`, 'partnerId');
  }
  return { ownership, ownerPartnerId: partnerId };
}

/** Setting the ownership the customer already has repeats it (a retry): no change, no history entry. */
export const sameOwnership = (a: Ownership, b: Ownership): boolean =>
  a.ownership === b.ownership && a.ownerPartnerId === b.ownerPartnerId;

/**
 * The owning partner as the caller may see it: staff and the service see it; a partner user only
 * when it is its own partner (another partner's ownership reads as null: "owned", never by whom).
 */
export function visibleOwnerPartnerId(
  owner: Ownership,
  identity: { role: string; partnerId?: string | null },
): string | null {
  if (identity.role !== 'PARTNER') return owner.ownerPartnerId;
  return owner.ownerPartnerId !== null && owner.ownerPartnerId === identity.partnerId
    ? owner.ownerPartnerId
    : null;
}
