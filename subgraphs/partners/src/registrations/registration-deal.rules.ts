import { BadUserInputError, ConflictError } from '@sales-graph/shared/errors';
import { DealRegistrationDealStatus, DealRegistrationStatus } from './registration.entity';
import { DAY_MS } from '@sales-graph/shared/time';
import { DealStage } from '@sales-graph/shared/deal-stage';

/** The outbox topic that creates the CRM deal of an approved registration. */
export const CREATE_DEAL_TOPIC = 'crm.createPartnerSourcedDeal';

/** The idempotency key of a registration's CRM deal: one deal per registration, ever. */
export const dealKey = (registrationId: string): string => `prm.deal-registration:${registrationId}`;

/** Longest a channel manager may extend a protection, counted from now. */
export const MAX_EXTENSION_DAYS = 180;

/** CRM stages past PROSPECTING in which a deal is still being worked or was won. */
const PROGRESSED = new Set<string>([
  DealStage.QUALIFICATION,
  DealStage.PROPOSAL,
  DealStage.NEGOTIATION,
  DealStage.CLOSED_WON,
]);

/**
 * Whether the CRM deal of a registration has progressed past PROSPECTING (a lost deal has not:
 * it no longer holds the protection).
 */
export function dealProgressed(stage: string | null | undefined): boolean {
  return stage != null && PROGRESSED.has(stage);
}

/** PENDING from approval until the CRM deal exists, then CREATED; null before approval. */
export function dealStatusOf(registration: {
  approvedAt: Date | null;
  dealId: string | null;
}): DealRegistrationDealStatus | null {
  if (registration.dealId) return DealRegistrationDealStatus.CREATED;
  return registration.approvedAt ? DealRegistrationDealStatus.PENDING : null;
}

/** A new end of protection: only for an APPROVED registration, later than now and the current end. */
export function assertExtension(
  registration: { status: DealRegistrationStatus; protectedUntil: Date | null },
  until: Date,
  now: Date,
): Date {
  if (registration.status !== DealRegistrationStatus.APPROVED) {
    throw new ConflictError(
      `Only an APPROVED registration can be extended (this one is ${registration.status})`,
      'id',
    );
  }
  if (!(until instanceof Date) || Number.isNaN(until.getTime())) {
    throw new BadUserInputError('until must be a date-time', 'until');
  }
  if (until <= now || (registration.protectedUntil !== null && until <= registration.protectedUntil)) {
    throw new BadUserInputError('until must be later than now and than the current protection end', 'until');
  }
  if (until.getTime() > now.getTime() + MAX_EXTENSION_DAYS * DAY_MS) {
    throw new BadUserInputError(
      `A protection can be extended at most ${MAX_EXTENSION_DAYS} days ahead`,
      'until',
    );
  }
  return until;
}

/** The title of the CRM deal a registration yields (at most 200 characters). */
export function dealTitle(companyName: string, products: readonly string[]): string {
  const title = `${companyName}: ${products.join(', ')}`;
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}
