import { DealStage } from '../deals';
import { mergeParts, stagePercents, type RowKeys, type SalesPart } from './sales-analytics.rules';

const PROBABILITY: Record<DealStage, number> = {
  PROSPECTING: 0.1,
  QUALIFICATION: 0.2,
  PROPOSAL: 0.5,
  NEGOTIATION: 0.75,
  CLOSED_WON: 1,
  CLOSED_LOST: 0,
};
const PERCENTS = stagePercents(PROBABILITY);
const KEYS: RowKeys = {
  stage: null,
  channel: null,
  partnerId: null,
  partnerTier: null,
  ownerId: null,
  region: null,
  industry: null,
  periodStart: null,
};
const part = (stage: DealStage, amount: string, extra: Partial<SalesPart> = {}): SalesPart => ({
  keys: KEYS,
  stage,
  currency: 'EUR',
  dealCount: 1,
  amount,
  wonCycleMs: stage === DealStage.CLOSED_WON ? String(86_400_000 * 3) : null,
  ...extra,
});

describe('mergeParts', () => {
  it('adds the stages of a group up exactly and rounds the weighted amount half to even once', () => {
    // 0.10 × 0.75 = 0.075 and 0.30 × 0.75 = 0.225: 0.30 in all, not 0.08 + 0.23 = 0.31.
    const [row] = mergeParts(
      [part(DealStage.NEGOTIATION, '0.10'), part(DealStage.NEGOTIATION, '0.30')],
      PERCENTS,
      [],
    );
    expect(row).toMatchObject({
      dealCount: 2,
      amount: '0.40',
      weightedAmount: '0.30',
      averageDealSize: '0.20',
    });
    // 0.05 × 0.5 = 0.025 → 0.02 (half to even), 0.15 × 0.5 = 0.075 → 0.08.
    expect(mergeParts([part(DealStage.PROPOSAL, '0.05')], PERCENTS, [])[0].weightedAmount).toBe('0.02');
    expect(mergeParts([part(DealStage.PROPOSAL, '0.15')], PERCENTS, [])[0].weightedAmount).toBe('0.08');
  });

  it('derives won amount, counts, win rate and cycle days from the stages', () => {
    const [row] = mergeParts(
      [
        part(DealStage.CLOSED_WON, '100.00', { dealCount: 2, wonCycleMs: String(86_400_000 * 5) }),
        part(DealStage.CLOSED_LOST, '50.00'),
        part(DealStage.PROSPECTING, '1000.00'),
      ],
      PERCENTS,
      [],
    );
    expect(row).toMatchObject({
      dealCount: 4,
      amount: '1150.00',
      weightedAmount: '200.00',
      wonAmount: '100.00',
      wonCount: 2,
      lostCount: 1,
      winRate: 2 / 3,
      averageCycleDays: 2.5,
      averageDealSize: '287.50',
    });
    const [open] = mergeParts([part(DealStage.PROPOSAL, '10.00')], PERCENTS, []);
    expect(open).toMatchObject({ winRate: null, averageCycleDays: null, wonAmount: '0.00' });
  });

  it('never adds currencies, and orders rows by the keys asked (nulls last), then currency', () => {
    const rows = mergeParts(
      [
        part(DealStage.PROPOSAL, '1.00', { currency: 'USD', keys: { ...KEYS, region: 'NA' } }),
        part(DealStage.PROPOSAL, '2.00', { currency: 'EUR', keys: { ...KEYS, region: 'NA' } }),
        part(DealStage.PROPOSAL, '3.00', { currency: 'EUR', keys: { ...KEYS, region: null } }),
        part(DealStage.PROPOSAL, '4.00', { currency: 'EUR', keys: { ...KEYS, region: 'EMEA' } }),
      ],
      PERCENTS,
      ['region'],
    );
    expect(rows.map((row) => [row.region, row.currency, row.amount])).toEqual([
      ['EMEA', 'EUR', '4.00'],
      ['NA', 'EUR', '2.00'],
      ['NA', 'USD', '1.00'],
      [null, 'EUR', '3.00'],
    ]);
  });
});

describe('stagePercents', () => {
  it('refuses a probability that is not a whole percent', () => {
    expect(() => stagePercents({ ...PROBABILITY, PROSPECTING: 0.105 })).toThrow('not a whole percent');
    expect(PERCENTS).toEqual({
      PROSPECTING: 10n,
      QUALIFICATION: 20n,
      PROPOSAL: 50n,
      NEGOTIATION: 75n,
      CLOSED_WON: 100n,
      CLOSED_LOST: 0n,
    });
  });
});
