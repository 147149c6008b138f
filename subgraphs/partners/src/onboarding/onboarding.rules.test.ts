import { PartnerStatus } from '../partners';
import { OnboardingStep } from './onboarding.entity';
import {
  allowedPartnerTransitions,
  assertPartnerTransition,
  ONBOARDING_STEPS,
  planStepCompletion,
  transitionReason,
} from './onboarding.rules';

const S = PartnerStatus;
const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return undefined;
};

describe('partner lifecycle', () => {
  it.each([
    [S.APPLIED, S.IN_REVIEW],
    [S.APPLIED, S.REJECTED],
    [S.IN_REVIEW, S.ONBOARDING],
    [S.IN_REVIEW, S.REJECTED],
    [S.ACTIVE, S.SUSPENDED],
    [S.ACTIVE, S.TERMINATED],
    [S.SUSPENDED, S.ACTIVE],
    [S.SUSPENDED, S.TERMINATED],
  ])('allows %s → %s', (from, to) => {
    expect(() => assertPartnerTransition(from, to)).not.toThrow();
  });

  it.each([
    [S.APPLIED, S.ONBOARDING],
    [S.APPLIED, S.ACTIVE],
    [S.IN_REVIEW, S.ACTIVE],
    [S.ONBOARDING, S.REJECTED],
    [S.ACTIVE, S.ONBOARDING],
    [S.REJECTED, S.IN_REVIEW],
    [S.TERMINATED, S.ACTIVE],
  ])('refuses %s → %s with CONFLICT', (from, to) => {
    expect(codeOf(() => assertPartnerTransition(from, to))).toBe('CONFLICT');
  });

  it('names the allowed moves in the error', () => {
    expect(() => assertPartnerTransition(S.APPLIED, S.ACTIVE)).toThrow(/allowed: IN_REVIEW, REJECTED/);
    expect(() => assertPartnerTransition(S.TERMINATED, S.ACTIVE)).toThrow(/TERMINATED is final/);
    expect(allowedPartnerTransitions(S.REJECTED)).toEqual([]);
  });

  it('activates an ONBOARDING partner only through its checklist', () => {
    expect(() => assertPartnerTransition(S.ONBOARDING, S.ACTIVE)).toThrow(
      /completing its onboarding checklist/,
    );
    expect(() => assertPartnerTransition(S.ONBOARDING, S.ACTIVE, { viaChecklist: true })).not.toThrow();
  });

  it('requires a reason to reject, suspend or terminate', () => {
    for (const to of [S.REJECTED, S.SUSPENDED, S.TERMINATED]) {
      expect(codeOf(() => transitionReason(to, null))).toBe('BAD_USER_INPUT');
    }
    expect(transitionReason(S.IN_REVIEW, null)).toBeNull();
    expect(transitionReason(S.SUSPENDED, 'late payments')).toBe('late payments');
  });
});

describe('onboarding checklist', () => {
  const at = new Date('2026-11-01T00:00:00Z');
  const open = () => ONBOARDING_STEPS.map((step) => ({ step, completedAt: null as Date | null }));

  it('completes a step without finishing the checklist', () => {
    expect(planStepCompletion(S.ONBOARDING, open(), OnboardingStep.AGREEMENT_ACCEPTED)).toEqual({
      changed: true,
      complete: false,
    });
  });

  it('reports the checklist complete when the last open step is done', () => {
    const items = open().map((item) =>
      item.step === OnboardingStep.FIRST_TRAINING_PASSED ? item : { ...item, completedAt: at },
    );
    expect(planStepCompletion(S.ONBOARDING, items, OnboardingStep.FIRST_TRAINING_PASSED)).toEqual({
      changed: true,
      complete: true,
    });
  });

  it('treats completing a done step again as a no-op', () => {
    const items = open().map((item) => ({ ...item, completedAt: at }));
    expect(planStepCompletion(S.ONBOARDING, items, OnboardingStep.PROFILE_COMPLETED).changed).toBe(false);
  });

  it('only applies while the partner is ONBOARDING', () => {
    expect(codeOf(() => planStepCompletion(S.ACTIVE, open(), OnboardingStep.PROFILE_COMPLETED))).toBe(
      'CONFLICT',
    );
    expect(codeOf(() => planStepCompletion(S.ONBOARDING, [], OnboardingStep.PROFILE_COMPLETED))).toBe(
      'BAD_USER_INPUT',
    );
  });
});
