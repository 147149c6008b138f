import { DealStage } from './deal.entity';
import { planDealUpdate, planLostReason, planStageMove, STAGE_PROBABILITY } from './deal.rules';

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

test('a lost reason is required for CLOSED_LOST and cleared by any other move', () => {
  expect(planLostReason(DealStage.CLOSED_LOST, ' Price ')).toEqual({ lostReason: 'Price' });
  expect(() => planLostReason(DealStage.CLOSED_LOST, null)).toThrow('reason is required');
  expect(() => planLostReason(DealStage.CLOSED_LOST, '  ')).toThrow('reason is required');
  expect(planLostReason(DealStage.PROPOSAL, 'whatever')).toEqual({ lostReason: null });
  expect(planLostReason(DealStage.CLOSED_WON, null)).toEqual({ lostReason: null });
});

test('deal updates are validated; omitted fields stay', () => {
  expect(planDealUpdate({})).toEqual({});
  expect(planDealUpdate({ title: ' New ', currency: 'usd', ownerId: null })).toEqual({
    title: 'New',
    currency: 'USD',
    ownerId: null,
  });
  expect(() => planDealUpdate({ title: ' ' })).toThrow('title must not be empty');
  expect(() => planDealUpdate({ amount: '-1.00' })).toThrow('must not be negative');
  expect(() => planDealUpdate({ currency: 'XXQ' })).toThrow('Unknown ISO 4217');
});
