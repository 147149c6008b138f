import { DealStage } from './deal.entity';
import { planStageMove, STAGE_PROBABILITY } from './deal.rules';

const now = new Date('2026-11-27T12:00:00Z');

test('closing stamps closedAt, reopening clears it', () => {
  expect(planStageMove({ stage: DealStage.NEGOTIATION, closedAt: null }, DealStage.CLOSED_WON, now)).toEqual({
    stage: DealStage.CLOSED_WON,
    closedAt: now,
  });
  expect(planStageMove({ stage: DealStage.CLOSED_LOST, closedAt: now }, DealStage.PROPOSAL, now)).toEqual({
    stage: DealStage.PROPOSAL,
    closedAt: null,
  });
});

test('moving to the current stage is refused', () => {
  expect(() => planStageMove({ stage: DealStage.PROPOSAL, closedAt: null }, DealStage.PROPOSAL, now)).toThrow(
    'already in stage',
  );
});

test('probability rises through the pipeline', () => {
  const open = [
    DealStage.PROSPECTING,
    DealStage.QUALIFICATION,
    DealStage.PROPOSAL,
    DealStage.NEGOTIATION,
    DealStage.CLOSED_WON,
  ];
  const values = open.map((stage) => STAGE_PROBABILITY[stage]);
  expect([...values].sort((a, b) => a - b)).toEqual(values);
  expect(STAGE_PROBABILITY[DealStage.CLOSED_LOST]).toBe(0);
});
