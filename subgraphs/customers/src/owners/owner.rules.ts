import type { Identity } from '@sales-graph/shared/auth/identity';
import { BadUserInputError, ForbiddenError } from '@sales-graph/shared/errors';

/** At most this many records per reassignOwner call. */
export const MAX_REASSIGN_IDS = 100;
/** At most this many records per handOverRecords call (the rest on the next call: `remaining`). */
export const HAND_OVER_BATCH = 500;

/**
 * Who may move records: ADMIN any record; SALES only records it owns itself (handing its own
 * book over, or one of its deals to a colleague). Other roles have no grant at all.
 */
export function assertMayReassign(identity: Identity, currentOwner: string | null): void {
  if (identity.role === 'ADMIN') return;
  if (identity.role === 'SALES' && currentOwner === identity.sub) return;
  throw new ForbiddenError(`Role ${identity.role} may only reassign records it owns itself`);
}

/** The ids of one reassignment: 1 to MAX_REASSIGN_IDS, each once. */
export function reassignIds(ids: readonly string[]): string[] {
  const distinct = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (distinct.length === 0 || distinct.length > MAX_REASSIGN_IDS) {
    throw new BadUserInputError(`Give between 1 and ${MAX_REASSIGN_IDS} record ids`, 'ids');
  }
  return distinct;
}

/** Records whose owner actually changes: one already owned by the target is left as it is. */
export const toMove = <T extends { ownerId: string | null }>(rows: readonly T[], toSub: string): T[] =>
  rows.filter((row) => row.ownerId !== toSub);
