import { normaliseCompanyName } from '@sales-graph/shared/company-name';
import { BadUserInputError, ConflictError } from '@sales-graph/shared/errors';

/**
 * A customer's duplicate key (`customers.name_key`): the company-name key both subgraphs share;
 * none (null) for a name without a letter or digit, which then matches no other name.
 */
export const customerNameKey = (name: string): string | null => normaliseCompanyName(name) || null;

export type DuplicateReason = 'DOMAIN' | 'NAME';

/** Refuses a new (or renamed) customer that matches a live one, unless the caller insists. */
export function assertNotDuplicate(
  existing: { id: string; reason: DuplicateReason } | null,
  allowDuplicate: boolean | null | undefined,
): void {
  if (!existing || allowDuplicate) return;
  const what = existing.reason === 'DOMAIN' ? 'domain' : 'name';
  throw new ConflictError(
    `A customer with the same ${what} already exists (${existing.id}); pass allowDuplicate: true to create it anyway`,
    what,
    { duplicateOf: existing.id, reason: existing.reason },
  );
}

/** Whether `duplicate` was already merged into `survivor` (a retried merge answers that merge). */
export const alreadyMerged = (
  survivor: { id: string; deletedAt: Date | null },
  duplicate: { deletedAt: Date | null; mergedIntoId: string | null },
): boolean => !survivor.deletedAt && duplicate.deletedAt !== null && duplicate.mergedIntoId === survivor.id;

/** A customer cannot be merged into itself, nor into or from a deleted one. */
export function assertMergeable(
  survivor: { id: string; deletedAt: Date | null } | null,
  duplicate: { id: string; deletedAt: Date | null } | null,
): void {
  if (survivor && duplicate && survivor.id === duplicate.id)
    throw new BadUserInputError('A customer cannot be merged into itself', 'duplicateId');
  if (survivor?.deletedAt)
    throw new ConflictError(`Customer ${survivor.id} is deleted; restore it first`, 'survivorId');
  if (duplicate?.deletedAt)
    throw new ConflictError(`Customer ${duplicate.id} is already deleted`, 'duplicateId');
}
