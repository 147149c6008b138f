import { BadUserInputError, ConflictError } from '@sales-graph/shared/errors';
import { PartnerStatus } from '../partners';
import { OnboardingStep } from './onboarding.entity';

const S = PartnerStatus;

/**
 * The partner lifecycle: application, review, onboarding, then active; rejected before that;
 * suspended (and back) or terminated once active. REJECTED and TERMINATED are final.
 * A suspended partner may also be terminated directly (no need to reactivate it first).
 */
export const PARTNER_TRANSITIONS: Record<PartnerStatus, readonly PartnerStatus[]> = {
  [S.APPLIED]: [S.IN_REVIEW, S.REJECTED],
  [S.IN_REVIEW]: [S.ONBOARDING, S.REJECTED],
  [S.ONBOARDING]: [S.ACTIVE],
  [S.ACTIVE]: [S.SUSPENDED, S.TERMINATED],
  [S.SUSPENDED]: [S.ACTIVE, S.TERMINATED],
  [S.TERMINATED]: [],
  [S.REJECTED]: [],
};

/** Moves that must say why. */
export const REASON_REQUIRED: ReadonlySet<PartnerStatus> = new Set([S.REJECTED, S.SUSPENDED, S.TERMINATED]);

export function allowedPartnerTransitions(from: PartnerStatus): readonly PartnerStatus[] {
  return PARTNER_TRANSITIONS[from];
}

/**
 * Throws CONFLICT naming the moves that are allowed from `from`. An ONBOARDING partner
 * becomes ACTIVE only by completing its checklist, never by a direct status change.
 */
export function assertPartnerTransition(
  from: PartnerStatus,
  to: PartnerStatus,
  { viaChecklist = false }: { viaChecklist?: boolean } = {},
): void {
  if (from === S.ONBOARDING && to === S.ACTIVE && !viaChecklist) {
    throw new ConflictError(
      'An ONBOARDING partner becomes ACTIVE by completing its onboarding checklist',
      'status',
      {
        from,
        to,
        allowed: [],
      },
    );
  }
  const allowed = PARTNER_TRANSITIONS[from];
  if (allowed.includes(to)) return;
  const options = allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : `${from} is final`;
  throw new ConflictError(`Partner cannot move from ${from} to ${to} (${options})`, 'status', {
    from,
    to,
    allowed: [...allowed],
  });
}

/** The reason a move is recorded with: required for rejection, suspension and termination. */
export function transitionReason(to: PartnerStatus, reason: string | null): string | null {
  if (REASON_REQUIRED.has(to) && reason === null) {
    throw new BadUserInputError(`A reason is required to move a partner to ${to}`, 'reason');
  }
  return reason;
}

export const ONBOARDING_STEPS: readonly OnboardingStep[] = [
  OnboardingStep.AGREEMENT_ACCEPTED,
  OnboardingStep.PROFILE_COMPLETED,
  OnboardingStep.FIRST_TRAINING_PASSED,
];

export interface ChecklistState {
  step: OnboardingStep;
  completedAt: Date | null;
}

/**
 * What completing `step` does to a checklist: whether it changes anything (completing a done
 * step again is a no-op) and whether the checklist is then complete, which activates the partner.
 */
export function planStepCompletion(
  partnerStatus: PartnerStatus,
  items: readonly ChecklistState[],
  step: OnboardingStep,
): { changed: boolean; complete: boolean } {
  if (partnerStatus !== S.ONBOARDING) {
    throw new ConflictError(
      `Onboarding steps can only be completed while the partner is ONBOARDING (it is ${partnerStatus})`,
      'partnerId',
    );
  }
  const item = items.find((candidate) => candidate.step === step);
  if (!item) throw new BadUserInputError(`The partner's checklist has no step ${step}`, 'step');
  const done = new Set(
    items.filter((candidate) => candidate.completedAt !== null).map((candidate) => candidate.step),
  );
  const changed = !done.has(step);
  done.add(step);
  return { changed, complete: items.every((candidate) => done.has(candidate.step)) };
}
