import { BadUserInputError, ConflictError } from '@sales-graph/shared/errors';
import { LeadStatus } from './lead.entity';

/**
 * The lead lifecycle: NEW → CONTACTED → QUALIFIED → CONVERTED; an open lead can be
 * DISQUALIFIED, and a disqualified one reopened as NEW; CONVERTED is final.
 */
export const LEAD_TRANSITIONS: Record<LeadStatus, readonly LeadStatus[]> = {
  [LeadStatus.NEW]: [LeadStatus.CONTACTED, LeadStatus.DISQUALIFIED],
  [LeadStatus.CONTACTED]: [LeadStatus.QUALIFIED, LeadStatus.DISQUALIFIED],
  [LeadStatus.QUALIFIED]: [LeadStatus.CONVERTED, LeadStatus.DISQUALIFIED],
  [LeadStatus.DISQUALIFIED]: [LeadStatus.NEW],
  [LeadStatus.CONVERTED]: [],
};

/** Statuses a lead may be created in: conversion happens only through convertLead. */
export const INITIAL_LEAD_STATUSES: readonly LeadStatus[] = [
  LeadStatus.NEW,
  LeadStatus.CONTACTED,
  LeadStatus.QUALIFIED,
  LeadStatus.DISQUALIFIED,
];

export function assertTransition(from: LeadStatus, to: LeadStatus): void {
  const allowed = LEAD_TRANSITIONS[from];
  if (allowed.includes(to)) return;
  const options = allowed.length > 0 ? allowed.join(', ') : 'none (it is final)';
  throw new ConflictError(`A ${from} lead cannot move to ${to}; allowed: ${options}`, 'status', {
    allowed: [...allowed],
  });
}

/**
 * What a status change sets. Disqualifying needs a reason; CONVERTED is reached only through
 * convertLead, which also creates the customer, contact and deal.
 */
export function planLeadStatusChange(
  current: { status: LeadStatus },
  to: LeadStatus,
  reason: string | null,
): { status: LeadStatus; statusReason: string | null } {
  assertTransition(current.status, to);
  if (to === LeadStatus.CONVERTED) {
    throw new BadUserInputError('Use convertLead to convert a lead', 'status', {
      allowed: LEAD_TRANSITIONS[current.status].filter((s) => s !== LeadStatus.CONVERTED),
    });
  }
  if (to === LeadStatus.DISQUALIFIED && !reason)
    throw new BadUserInputError('A reason is required to disqualify a lead', 'reason');
  return { status: to, statusReason: reason };
}

export function assertInitialStatus(status: LeadStatus): void {
  if (!INITIAL_LEAD_STATUSES.includes(status)) {
    throw new BadUserInputError(`A lead cannot be created as ${status}; use convertLead`, 'status', {
      allowed: [...INITIAL_LEAD_STATUSES],
    });
  }
}

/** Consent is either given (with when and where) or not; the time defaults to now. */
export function planConsent(
  input: { consentGiven?: boolean | null; consentAt?: Date | null; consentSource?: string | null },
  now: Date,
): { consentGiven: boolean; consentAt: Date | null; consentSource: string | null } {
  const source = input.consentSource?.trim() || null;
  if (!input.consentGiven) {
    if (input.consentAt || source)
      throw new BadUserInputError('consentAt and consentSource need consentGiven: true', 'consentGiven');
    return { consentGiven: false, consentAt: null, consentSource: null };
  }
  const at = input.consentAt ?? now;
  if (at.getTime() > now.getTime())
    throw new BadUserInputError('consentAt must not be in the future', 'consentAt');
  if (!source)
    throw new BadUserInputError('consentSource is required when consent is given', 'consentSource');
  if (source.length > 200)
    throw new BadUserInputError('consentSource must be at most 200 characters', 'consentSource');
  return { consentGiven: true, consentAt: at, consentSource: source };
}
