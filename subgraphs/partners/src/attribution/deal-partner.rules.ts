import { BadUserInputError, ConflictError } from '@sales-graph/shared/errors';
import { DealPartnerRole } from './deal-partner.entity';

/** A deal's parties: its primary sourcing partner (null for a direct deal) and every other part. */
export interface DealParties {
  primary: string | null;
  others: readonly { partnerId: string; role: DealPartnerRole }[];
}

/** What adding (partner, role) to a deal writes: the primary (a deal's first SOURCED), or another part. */
export type AddPlan = { kind: 'primary' } | { kind: 'other' } | { kind: 'none' };

const holds = (parties: DealParties, partnerId: string, role: DealPartnerRole) =>
  (role === DealPartnerRole.SOURCED && parties.primary === partnerId) ||
  parties.others.some((part) => part.partnerId === partnerId && part.role === role);

/**
 * Adding a partner in a role: a deal's first partner is its primary, which is a SOURCED one (so
 * `Deal.sourcedBy` stays the primary sourcing partner); a partner holds each role at most once.
 */
export function planAdd(parties: DealParties, partnerId: string, role: DealPartnerRole): AddPlan {
  if (holds(parties, partnerId, role)) {
    throw new ConflictError(`The partner is already ${role} on this deal`, 'role');
  }
  if (parties.primary === null) {
    if (role !== DealPartnerRole.SOURCED) {
      throw new ConflictError('A deal without partners gets its primary SOURCED partner first', 'role');
    }
    return { kind: 'primary' };
  }
  return { kind: 'other' };
}

/** Removing a partner's role: the primary goes last (exactly one primary while any partner remains). */
export function planRemove(
  parties: DealParties,
  partnerId: string,
  role: DealPartnerRole,
): { kind: 'primary' } | { kind: 'other' } {
  if (!holds(parties, partnerId, role)) {
    throw new BadUserInputError(`The partner is not ${role} on this deal`, 'partnerId');
  }
  const isPrimary = role === DealPartnerRole.SOURCED && parties.primary === partnerId;
  if (!isPrimary) return { kind: 'other' };
  if (parties.others.length > 0) {
    throw new ConflictError(
      'The primary partner is removed last: set another SOURCED partner primary, or remove the others first',
      'partnerId',
    );
  }
  return { kind: 'primary' };
}

/**
 * Making a SOURCED partner of the deal its primary (the former primary stays SOURCED, not
 * primary). 'same': it already is (answered as is, not a conflict).
 */
export function planSetPrimary(parties: DealParties, partnerId: string): 'same' | 'swap' {
  if (parties.primary === partnerId) return 'same';
  if (!holds(parties, partnerId, DealPartnerRole.SOURCED)) {
    throw new BadUserInputError('Only a SOURCED partner of the deal can be its primary', 'partnerId');
  }
  return 'swap';
}
