import { BadUserInputError, ConflictError } from '@sales-graph/shared/errors';

/** Legal-form words that do not tell two companies apart ("Acme Inc" is "Acme GmbH"). */
const LEGAL_FORMS = new Set([
  'inc',
  'incorporated',
  'ltd',
  'limited',
  'llc',
  'llp',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'srl',
  'bv',
  'nv',
  'plc',
  'corp',
  'corporation',
  'co',
  'company',
  'the',
]);

/**
 * The key two customer names are compared by: case, accents, punctuation, spacing and legal
 * forms ignored. "The ACME, Inc." → "acme". Never empty: a name of legal forms only keeps them.
 */
export function normaliseCompanyName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  const significant = words.filter((word) => !LEGAL_FORMS.has(word));
  return (significant.length > 0 ? significant : words).join('') || name.trim().toLowerCase();
}

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
