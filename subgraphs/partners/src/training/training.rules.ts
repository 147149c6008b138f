import { ConflictError } from '@sales-graph/shared/errors';
import { intInRange } from '@sales-graph/shared/validation';
import { PartnerStatus } from '../partners';
import { EnrolmentStatus } from './training.entity';
import { DAY_MS } from '@sales-graph/shared/time';

/**
 * When a certification issued at `issuedAt` expires: `validityMonths` calendar months later
 * (UTC), clamped to the end of a shorter month (31 Jan + 1 month → 28/29 Feb).
 */
export function certificationExpiry(issuedAt: Date, validityMonths: number): Date {
  intInRange(validityMonths, 'validityMonths', 1, 120);
  const year = issuedAt.getUTCFullYear();
  const month = issuedAt.getUTCMonth() + validityMonths;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const expiry = new Date(issuedAt.getTime());
  expiry.setUTCDate(1);
  expiry.setUTCFullYear(year, month, Math.min(issuedAt.getUTCDate(), lastDay));
  return expiry;
}

/** Whether a score passes, and the enrolment status it yields. */
export function gradeCompletion(
  current: EnrolmentStatus,
  score: number,
  passingScore: number,
): { status: EnrolmentStatus; passed: boolean } {
  if (current !== EnrolmentStatus.ENROLLED) {
    throw new ConflictError(`Enrolment is already completed (${current})`, 'enrolmentId');
  }
  intInRange(score, 'score', 0, 100);
  const passed = score >= passingScore;
  return { status: passed ? EnrolmentStatus.PASSED : EnrolmentStatus.FAILED, passed };
}

/** Only partners being onboarded or active take training. */
export function assertCanEnrol(partnerStatus: PartnerStatus): void {
  if (partnerStatus !== PartnerStatus.ONBOARDING && partnerStatus !== PartnerStatus.ACTIVE) {
    throw new ConflictError(
      `A ${partnerStatus} partner cannot enrol in courses (ONBOARDING or ACTIVE only)`,
      'partnerId',
    );
  }
}

/** The window `expiringCertifications(withinDays)` looks at: still valid now, expiring by `to`. */
export function expiryWindow(now: Date, withinDays: number): { from: Date; to: Date } {
  intInRange(withinDays, 'withinDays', 1, 730);
  return { from: now, to: new Date(now.getTime() + withinDays * DAY_MS) };
}
