import { BadUserInputError, ConflictError } from '@sales-graph/shared/errors';
import { requiredText } from '@sales-graph/shared/validation';
import { DealRegistrationStatus } from './registration.entity';
import { DAY_MS } from '@sales-graph/shared/time';

const R = DealRegistrationStatus;

/** How long an approval protects the partner on the prospect. */
export const PROTECTION_DAYS = 90;

/**
 * Submitted → under review → approved / rejected / returned. A returned registration is edited
 * and submitted again. It can be withdrawn until it is approved; an approval expires when its
 * protection ends. REJECTED, WITHDRAWN and EXPIRED are final.
 */
export const REGISTRATION_TRANSITIONS: Record<DealRegistrationStatus, readonly DealRegistrationStatus[]> = {
  [R.SUBMITTED]: [R.UNDER_REVIEW, R.WITHDRAWN],
  [R.UNDER_REVIEW]: [R.APPROVED, R.REJECTED, R.RETURNED, R.WITHDRAWN],
  [R.RETURNED]: [R.SUBMITTED, R.WITHDRAWN],
  [R.APPROVED]: [R.EXPIRED],
  [R.REJECTED]: [],
  [R.WITHDRAWN]: [],
  [R.EXPIRED]: [],
};

/** Statuses a partner may still edit (before review starts, or after it was returned). */
export const EDITABLE: ReadonlySet<DealRegistrationStatus> = new Set([R.SUBMITTED, R.RETURNED]);

/** Statuses that hold a claim on the prospect (an approval only until its protection ends). */
export const LIVE: readonly DealRegistrationStatus[] = [R.SUBMITTED, R.UNDER_REVIEW, R.APPROVED];

export function assertRegistrationTransition(from: DealRegistrationStatus, to: DealRegistrationStatus): void {
  const allowed = REGISTRATION_TRANSITIONS[from];
  if (allowed.includes(to)) return;
  const options = allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : `${from} is final`;
  throw new ConflictError(`Deal registration cannot move from ${from} to ${to} (${options})`, 'status', {
    from,
    to,
    allowed: [...allowed],
  });
}

/**
 * A move to the status a registration is already in repeats it (a client's retry, a second
 * click): it answers the registration as it is and writes nothing. A rejection or return repeated
 * with another reason is a different decision: CONFLICT.
 */
export function repeatsRegistrationMove(
  current: { status: DealRegistrationStatus; decisionReason: string | null },
  to: DealRegistrationStatus,
  reason: string | null,
): boolean {
  if (current.status !== to) return false;
  if ((to === R.REJECTED || to === R.RETURNED) && reason !== current.decisionReason) {
    throw new ConflictError(`Deal registration is already ${to} with another reason`, 'reason', {
      from: current.status,
      to,
    });
  }
  return true;
}

export function assertEditable(status: DealRegistrationStatus): void {
  if (!EDITABLE.has(status)) {
    throw new ConflictError(
      `A deal registration in status ${status} cannot be edited (only SUBMITTED or RETURNED)`,
      'id',
    );
  }
}

/** End of the protection an approval at `approvedAt` gives. */
export function protectionEnd(approvedAt: Date, days = PROTECTION_DAYS): Date {
  return new Date(approvedAt.getTime() + days * DAY_MS);
}

/** Product names: trimmed, de-duplicated (case-insensitively), 1 to 20 of them. */
export function normaliseProducts(products: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const product of products) {
    const name = requiredText(product, 'products', 100);
    if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  if (seen.size === 0) throw new BadUserInputError('Name at least one product', 'products');
  if (seen.size > 20) throw new BadUserInputError('At most 20 products', 'products');
  return [...seen.values()];
}

export interface RegistrationClaim {
  id: string;
  status: DealRegistrationStatus;
  prospectDomain: string | null;
  prospectCompanyKey: string;
  protectedUntil: Date | null;
}

/** Whether a registration still claims its prospect at `now`. */
export function isLive(claim: RegistrationClaim, now: Date): boolean {
  if (!LIVE.includes(claim.status)) return false;
  return claim.status !== R.APPROVED || (claim.protectedUntil !== null && claim.protectedUntil > now);
}

/** Same prospect: the same normalised domain, or the same normalised company name. */
export function sameProspect(a: RegistrationClaim, b: RegistrationClaim): boolean {
  if (a.prospectDomain !== null && a.prospectDomain === b.prospectDomain) return true;
  return a.prospectCompanyKey !== '' && a.prospectCompanyKey === b.prospectCompanyKey;
}

/** The other live registrations that claim the same prospect as `registration`. */
export function findConflicts<T extends RegistrationClaim>(
  registration: RegistrationClaim,
  candidates: readonly T[],
  now: Date,
): T[] {
  return candidates.filter(
    (other) => other.id !== registration.id && isLive(other, now) && sameProspect(registration, other),
  );
}

/** Whether an approved registration's protection is over at `now`. */
export function hasExpired(claim: RegistrationClaim, now: Date): boolean {
  return claim.status === R.APPROVED && claim.protectedUntil !== null && claim.protectedUntil <= now;
}

/** An expected close date (YYYY-MM-DD) cannot be in the past (UTC). */
export function assertExpectedCloseDate(date: string, now: Date): string {
  if (date < now.toISOString().slice(0, 10)) {
    throw new BadUserInputError('expectedCloseDate must not be in the past', 'expectedCloseDate');
  }
  return date;
}
