import { registerEnumType } from 'type-graphql';
import { HOUR_MS } from '@sales-graph/shared/time';

/** Whether a registration of a prospect would conflict, and with what; never with whom. */
export enum ProspectAvailability {
  FREE = 'FREE',
  REGISTERED_BY_YOU = 'REGISTERED_BY_YOU',
  ALREADY_REGISTERED = 'ALREADY_REGISTERED',
  IN_DIRECT_PIPELINE = 'IN_DIRECT_PIPELINE',
}
registerEnumType(ProspectAvailability, {
  name: 'ProspectAvailability',
  description: 'Whether registering a prospect would conflict; it names no partner, customer, deal or owner.',
  valuesConfig: {
    FREE: { description: 'No live registration and no open CRM deal: a registration would not conflict.' },
    REGISTERED_BY_YOU: {
      description: 'Your own partner already holds a live registration of this prospect.',
    },
    ALREADY_REGISTERED: { description: 'Another partner holds a live registration of this prospect.' },
    IN_DIRECT_PIPELINE: { description: 'The customer has an open deal in our direct pipeline.' },
  },
});

/** How many pre-checks a partner may make per hour by default (PROSPECT_CHECKS_PER_HOUR). */
export const DEFAULT_PROSPECT_CHECKS_PER_HOUR = 60;
export const PROSPECT_CHECK_WINDOW_MS = HOUR_MS;

/**
 * The answer, from the live registrations claiming the same prospect (by partner) and whether the
 * CRM has open deals for it: another partner's claim first (the one a registration would lose to),
 * then the caller's own, then the direct pipeline.
 */
export function prospectAvailability(
  claimants: readonly { partnerId: string }[],
  partnerId: string,
  openCrmDeals: number,
): ProspectAvailability {
  if (claimants.some((claim) => claim.partnerId !== partnerId))
    return ProspectAvailability.ALREADY_REGISTERED;
  if (claimants.length > 0) return ProspectAvailability.REGISTERED_BY_YOU;
  if (openCrmDeals > 0) return ProspectAvailability.IN_DIRECT_PIPELINE;
  return ProspectAvailability.FREE;
}

/** Seconds until the oldest check in the window leaves it (Retry-After). */
export function retryAfterSeconds(
  oldestInWindow: Date,
  now: Date,
  windowMs = PROSPECT_CHECK_WINDOW_MS,
): number {
  return Math.max(1, Math.ceil((oldestInWindow.getTime() + windowMs - now.getTime()) / 1000));
}
