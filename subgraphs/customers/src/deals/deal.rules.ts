import { BadUserInputError, ConflictError, ForbiddenError } from '@sales-graph/shared/errors';
import { parseCurrency } from '@sales-graph/shared/graphql/scalars';
import { nonNegativeAmount } from '@sales-graph/shared/money';
import { optionalText, requiredText } from '@sales-graph/shared/validation';
import { DealStage } from './deal.entity';

/** Default win probability per stage, used for weighted pipeline. */
export const STAGE_PROBABILITY: Record<DealStage, number> = {
  [DealStage.PROSPECTING]: 0.1,
  [DealStage.QUALIFICATION]: 0.2,
  [DealStage.PROPOSAL]: 0.5,
  [DealStage.NEGOTIATION]: 0.75,
  [DealStage.CLOSED_WON]: 1,
  [DealStage.CLOSED_LOST]: 0,
};

export const isClosed = (stage: DealStage): boolean =>
  stage === DealStage.CLOSED_WON || stage === DealStage.CLOSED_LOST;

/**
 * What a stage move changes besides the stage: `closedAt` is stamped on closing and cleared on
 * reopening. Moving to the stage a deal is already in is no move (`repeatsStageMove` answers it).
 */
export function planStageMove(
  current: { stage: DealStage; closedAt: Date | null },
  to: DealStage,
  now: Date,
): { stage: DealStage; closedAt: Date | null } {
  if (current.stage === to) throw new ConflictError(`Deal is already in stage ${to}`, 'stage');
  if (isClosed(to)) return { stage: to, closedAt: now };
  return { stage: to, closedAt: null };
}

/**
 * What a move to a configured stage changes besides the stage: `closedAt` is stamped on closing,
 * kept when a closed deal moves to another stage of the same outcome, cleared on reopening. The
 * configured stage the deal is already in is no move (CONFLICT).
 */
export function planConfiguredStageMove(
  current: { stage: DealStage; stageId: string; closedAt: Date | null },
  to: { stage: DealStage; stageId: string },
  now: Date,
): { stage: DealStage; closedAt: Date | null } {
  if (current.stageId === to.stageId) throw new ConflictError('Deal is already in that stage', 'stageId');
  if (!isClosed(to.stage)) return { stage: to.stage, closedAt: null };
  return { stage: to.stage, closedAt: current.stage === to.stage ? current.closedAt : now };
}

/**
 * A move to the stage the deal is already in repeats the move (a retry): it answers the deal as
 * it is and records nothing. CLOSED_LOST repeated with another reason is a different move: CONFLICT.
 */
export function repeatsStageMove(
  current: { stage: DealStage; lostReason: string | null },
  to: DealStage,
  reason: string | null,
): boolean {
  if (current.stage !== to) return false;
  if (to === DealStage.CLOSED_LOST && reason?.trim() !== current.lostReason) {
    throw new ConflictError('Deal is already CLOSED_LOST with another reason', 'reason', { stage: to });
  }
  return true;
}

/**
 * The lost reason a stage move sets: required (non-empty) when moving to CLOSED_LOST, cleared by
 * any other move (reopening or winning).
 */
export function planLostReason(to: DealStage, reason: string | null): { lostReason: string | null } {
  if (to !== DealStage.CLOSED_LOST) return { lostReason: null };
  if (!reason?.trim())
    throw new BadUserInputError('A reason is required to move a deal to CLOSED_LOST', 'reason');
  return { lostReason: reason.trim() };
}

/** Validated changes of updateDeal; an omitted field stays as it is. */
export function planDealUpdate(input: {
  title?: string | null;
  amount?: string | null;
  currency?: string | null;
  expectedCloseDate?: string | null;
  ownerId?: string | null;
}): Partial<{
  title: string;
  amount: string;
  currency: string;
  expectedCloseDate: string | null;
  ownerId: string | null;
}> {
  const changes: ReturnType<typeof planDealUpdate> = {};
  if (input.title !== undefined) changes.title = requiredText(input.title ?? '', 'title');
  if (input.amount !== undefined) {
    if (input.amount === null) throw new BadUserInputError('amount must not be null', 'amount');
    changes.amount = nonNegativeAmount(input.amount);
  }
  if (input.currency !== undefined) changes.currency = parseCurrency(input.currency ?? '');
  if (input.expectedCloseDate !== undefined) changes.expectedCloseDate = input.expectedCloseDate;
  if (input.ownerId !== undefined) changes.ownerId = optionalText(input.ownerId, 'ownerId');
  return changes;
}

/** The pipeline's open stages in order: a partner moves its deals forward along them. */
export const OPEN_STAGE_ORDER: readonly DealStage[] = [
  DealStage.PROSPECTING,
  DealStage.QUALIFICATION,
  DealStage.PROPOSAL,
  DealStage.NEGOTIATION,
];

/** The furthest stage a partner may move the deals it sourced to; closing is the deal owner's. */
export const PARTNER_STAGE_CEILING = DealStage.NEGOTIATION;

/**
 * The stage a partner's update moves its deal to, or null for no move: only an open deal, only
 * forward (a partner does not undo the deal team's progress), and at most to NEGOTIATION. The
 * stage the deal is already in is no move.
 */
export function planPartnerStageMove(current: DealStage, to: DealStage | null | undefined): DealStage | null {
  if (isClosed(current)) {
    throw new ConflictError(`Deal is ${current}: it no longer takes partner updates`, 'stage', {
      stage: current,
    });
  }
  if (to === null || to === undefined || to === current) return null;
  const target = OPEN_STAGE_ORDER.indexOf(to);
  if (target < 0 || target > OPEN_STAGE_ORDER.indexOf(PARTNER_STAGE_CEILING)) {
    throw new ForbiddenError(`Partners move deals up to ${PARTNER_STAGE_CEILING}, not to ${to}`);
  }
  if (target < OPEN_STAGE_ORDER.indexOf(current)) {
    throw new ConflictError(`Partners move deals forward only (the deal is in ${current})`, 'stage', {
      from: current,
      to,
    });
  }
  return to;
}

/** Validated field changes of a partner's update; an omitted field stays, null clears it. */
export function planPartnerDealFields(input: {
  nextStep?: string | null;
  notes?: string | null;
  expectedCloseDate?: string | null;
}): Partial<{ nextStep: string | null; notes: string | null; expectedCloseDate: string | null }> {
  const changes: ReturnType<typeof planPartnerDealFields> = {};
  if (input.nextStep !== undefined) changes.nextStep = optionalText(input.nextStep, 'nextStep', 500);
  if (input.notes !== undefined) changes.notes = optionalText(input.notes, 'notes', 4000);
  if (input.expectedCloseDate !== undefined) changes.expectedCloseDate = input.expectedCloseDate;
  return changes;
}
