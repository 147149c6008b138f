import { BadUserInputError } from '../../../../shared/src/errors';
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
  if (current.stage === to) throw new BadUserInputError(`Deal is already in stage ${to}`, 'stage');
  if (isClosed(to)) return { stage: to, closedAt: now };
  return { stage: to, closedAt: null };
}
