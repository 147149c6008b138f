import { BadUserInputError, ConflictError } from '../../../../shared/src/errors';
import { parseCurrency } from '../../../../shared/src/graphql/scalars';
import { optionalText, requiredText } from '../../../../shared/src/validation';
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
 * reopening. Moving to the stage a deal is already in is a mistake, not a no-op.
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
    if (input.amount.startsWith('-')) throw new BadUserInputError('amount must not be negative', 'amount');
    changes.amount = input.amount;
  }
  if (input.currency !== undefined) changes.currency = parseCurrency(input.currency ?? '');
  if (input.expectedCloseDate !== undefined) changes.expectedCloseDate = input.expectedCloseDate;
  if (input.ownerId !== undefined) changes.ownerId = optionalText(input.ownerId, 'ownerId');
  return changes;
}
