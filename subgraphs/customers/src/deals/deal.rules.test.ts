import { DealStage } from './deal.entity';
import {
  planDealUpdate,
  planLostReason,
  planPartnerDealFields,
  planPartnerStageMove,
  planStageMove,
  repeatsStageMove,
  STAGE_PROBABILITY,
} from './deal.rules';

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

test('a move to the current stage is a repeat; CLOSED_LOST only for the same reason', () => {
  const proposal = { stage: DealStage.PROPOSAL, lostReason: null };
  expect(repeatsStageMove(proposal, DealStage.PROPOSAL, null)).toBe(true);
  expect(repeatsStageMove(proposal, DealStage.NEGOTIATION, null)).toBe(false);
  const lost = { stage: DealStage.CLOSED_LOST, lostReason: 'Budget cut' };
  expect(repeatsStageMove(lost, DealStage.CLOSED_LOST, ' Budget cut ')).toBe(true);
  expect(() => repeatsStageMove(lost, DealStage.CLOSED_LOST, 'Rival')).toThrow(
    expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT' }) }),
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

describe('a partner moves the deals it sourced', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return (error as { extensions?: { code?: string } }).extensions?.code;
    }
    return 'no error';
  };

  test('forward, up to NEGOTIATION; the current stage is no move', () => {
    expect(planPartnerStageMove(DealStage.PROSPECTING, DealStage.NEGOTIATION)).toBe(DealStage.NEGOTIATION);
    expect(planPartnerStageMove(DealStage.QUALIFICATION, DealStage.PROPOSAL)).toBe(DealStage.PROPOSAL);
    expect(planPartnerStageMove(DealStage.PROPOSAL, DealStage.PROPOSAL)).toBeNull();
    expect(planPartnerStageMove(DealStage.PROPOSAL, undefined)).toBeNull();
  });

  test('never to a closed stage (FORBIDDEN), never backwards or on a closed deal (CONFLICT)', () => {
    expect(code(() => planPartnerStageMove(DealStage.NEGOTIATION, DealStage.CLOSED_WON))).toBe('FORBIDDEN');
    expect(code(() => planPartnerStageMove(DealStage.NEGOTIATION, DealStage.CLOSED_LOST))).toBe('FORBIDDEN');
    expect(code(() => planPartnerStageMove(DealStage.PROPOSAL, DealStage.PROSPECTING))).toBe('CONFLICT');
    expect(code(() => planPartnerStageMove(DealStage.CLOSED_WON, DealStage.NEGOTIATION))).toBe('CONFLICT');
    expect(code(() => planPartnerStageMove(DealStage.CLOSED_LOST, null))).toBe('CONFLICT');
  });

  test('its fields are bounded, and null clears them', () => {
    expect(planPartnerDealFields({ nextStep: '  Call  ', notes: null })).toEqual({
      nextStep: 'Call',
      notes: null,
    });
    expect(planPartnerDealFields({})).toEqual({});
    expect(code(() => planPartnerDealFields({ nextStep: 'x'.repeat(501) }))).toBe('BAD_USER_INPUT');
    expect(code(() => planPartnerDealFields({ notes: 'x'.repeat(4001) }))).toBe('BAD_USER_INPUT');
  });
});
