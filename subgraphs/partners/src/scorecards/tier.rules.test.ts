import { PartnerTier } from '../partners';
import { TierMeasure } from './tier.entity';
import {
  addDays,
  engagementScore,
  evaluateTier,
  shortfalls,
  trailingPeriod,
  validateTierRule,
  type TierMeasures,
  type TierRuleSpec,
} from './tier.rules';

const rule = (tier: PartnerTier, extra: Partial<TierRuleSpec> = {}): TierRuleSpec => ({
  tier,
  minRevenue: null,
  currency: null,
  minWinRate: null,
  minAcceptanceRate: null,
  requiredCourseIds: [],
  minCertifications: 0,
  reviewPeriodMonths: 12,
  graceDays: 30,
  ...extra,
});

const RULES: TierRuleSpec[] = [
  rule(PartnerTier.SILVER, { minRevenue: '10000.00', currency: 'EUR', minCertifications: 1 }),
  rule(PartnerTier.GOLD, {
    minRevenue: '50000.00',
    currency: 'EUR',
    minWinRate: '0.5',
    minAcceptanceRate: '0.6000',
    requiredCourseIds: ['course-sales'],
    minCertifications: 2,
  }),
  rule(PartnerTier.PLATINUM, { minRevenue: '200000.00', currency: 'EUR', minWinRate: '0.6' }),
];

const measures = (extra: Partial<TierMeasures> = {}): TierMeasures => ({
  revenue: { EUR: '60000.00' },
  winRate: 0.5,
  acceptanceRate: 0.75,
  activeCertifications: 2,
  certifiedCourseIds: ['course-sales'],
  ...extra,
});

const evaluate = (
  tier: PartnerTier,
  m: TierMeasures,
  flag: { tier: PartnerTier; dropsOn: string } | null = null,
  today = '2026-11-27',
) => evaluateTier({ tier, flag, rules: RULES, measuresFor: () => m, today });

describe('engagement', () => {
  it('scores 4 per registration, 3 per answered offer and 6 per course passed, each capped', () => {
    expect(engagementScore({ registrationsSubmitted: 0, offersAnswered: 0, trainingsCompleted: 0 })).toBe(0);
    expect(engagementScore({ registrationsSubmitted: 2, offersAnswered: 3, trainingsCompleted: 1 })).toBe(
      8 + 9 + 6,
    );
    expect(engagementScore({ registrationsSubmitted: 10, offersAnswered: 10, trainingsCompleted: 5 })).toBe(
      100,
    );
    expect(engagementScore({ registrationsSubmitted: 99, offersAnswered: 40, trainingsCompleted: 12 })).toBe(
      100,
    );
    expect(engagementScore({ registrationsSubmitted: 11, offersAnswered: 0, trainingsCompleted: 0 })).toBe(
      40,
    );
  });
});

describe('tier rule shortfalls', () => {
  it('names each measure with actual and required values', () => {
    expect(
      shortfalls(
        RULES[1],
        measures({
          revenue: { EUR: '49999.99', USD: '90000.00' },
          winRate: 0.4999,
          acceptanceRate: null,
          activeCertifications: 1,
          certifiedCourseIds: [],
        }),
      ),
    ).toEqual([
      { measure: TierMeasure.REVENUE, actual: '49999.99 EUR', required: '50000.00 EUR' },
      { measure: TierMeasure.WIN_RATE, actual: '0.4999', required: '0.5000' },
      { measure: TierMeasure.LEAD_ACCEPTANCE_RATE, actual: 'none', required: '0.6000' },
      { measure: TierMeasure.ACTIVE_CERTIFICATIONS, actual: '1', required: '2' },
      { measure: TierMeasure.REQUIRED_COURSE, actual: 'not certified', required: 'course-sales' },
    ]);
    // Exactly at the minimum meets it; revenue in another currency does not count.
    expect(shortfalls(RULES[1], measures({ revenue: { EUR: '50000.00' }, winRate: 0.5 }))).toEqual([]);
    expect(shortfalls(RULES[0], measures({ revenue: { USD: '99999.00' } }))[0]).toMatchObject({
      measure: TierMeasure.REVENUE,
      actual: '0.00 EUR',
    });
  });
});

describe('tier evaluation', () => {
  it('promotes to the highest tier whose rule is met', () => {
    expect(evaluate(PartnerTier.REGISTERED, measures())).toEqual({
      action: 'PROMOTE',
      to: PartnerTier.GOLD,
      reason: 'Meets the GOLD tier rule',
    });
    expect(
      evaluate(PartnerTier.SILVER, measures({ revenue: { EUR: '300000.00' }, winRate: 0.6 })),
    ).toMatchObject({
      action: 'PROMOTE',
      to: PartnerTier.PLATINUM,
    });
    // A flagged partner that now qualifies higher is promoted (the service clears its flag).
    expect(
      evaluate(PartnerTier.SILVER, measures(), { tier: PartnerTier.SILVER, dropsOn: '2026-12-01' }),
    ).toMatchObject({ action: 'PROMOTE', to: PartnerTier.GOLD });
  });

  it('flags a partner below its tier with the reasons and the date it drops', () => {
    expect(evaluate(PartnerTier.GOLD, measures({ winRate: 0.25 }))).toEqual({
      action: 'FLAG',
      reasons: [{ measure: TierMeasure.WIN_RATE, actual: '0.2500', required: '0.5000' }],
      dropsOn: '2026-12-27',
    });
    // A flag left from another tier (the tier was changed by hand) starts a new grace period.
    expect(
      evaluate(PartnerTier.GOLD, measures({ winRate: 0.25 }), {
        tier: PartnerTier.PLATINUM,
        dropsOn: '2026-11-01',
      }),
    ).toMatchObject({ action: 'FLAG', dropsOn: '2026-12-27' });
  });

  it('keeps the flag within grace and demotes once the drop date has come', () => {
    const failing = measures({ winRate: 0.25 });
    const flag = { tier: PartnerTier.GOLD, dropsOn: '2026-12-27' };
    expect(evaluate(PartnerTier.GOLD, failing, flag, '2026-12-26')).toEqual({
      action: 'KEEP_FLAG',
      reasons: [{ measure: TierMeasure.WIN_RATE, actual: '0.2500', required: '0.5000' }],
    });
    expect(evaluate(PartnerTier.GOLD, failing, flag, '2026-12-27')).toEqual({
      action: 'DEMOTE',
      to: PartnerTier.SILVER,
      reasons: [{ measure: TierMeasure.WIN_RATE, actual: '0.2500', required: '0.5000' }],
    });
    // Meeting no rule at all drops to REGISTERED.
    expect(
      evaluate(PartnerTier.GOLD, measures({ revenue: {}, winRate: null }), flag, '2027-01-10'),
    ).toMatchObject({ action: 'DEMOTE', to: PartnerTier.REGISTERED });
  });

  it('un-flags a partner that recovered, and leaves a compliant one alone', () => {
    expect(evaluate(PartnerTier.GOLD, measures(), { tier: PartnerTier.GOLD, dropsOn: '2026-12-27' })).toEqual(
      {
        action: 'UNFLAG',
      },
    );
    expect(evaluate(PartnerTier.GOLD, measures())).toEqual({ action: 'NONE' });
    // A tier without a rule is never failed, and never promoted to.
    expect(
      evaluateTier({
        tier: PartnerTier.SILVER,
        flag: null,
        rules: [],
        measuresFor: () => measures(),
        today: '2026-11-27',
      }),
    ).toEqual({ action: 'NONE' });
  });
});

describe('tier rule validation and dates', () => {
  it('normalises good rules and refuses bad ones', () => {
    expect(
      validateTierRule({ tier: PartnerTier.GOLD, minRevenue: '1000.00', currency: 'eur', minWinRate: '0.3' }),
    ).toEqual({
      tier: PartnerTier.GOLD,
      minRevenue: '1000.00',
      currency: 'EUR',
      minWinRate: '0.3000',
      minAcceptanceRate: null,
      requiredCourseIds: [],
      minCertifications: 0,
      reviewPeriodMonths: 12,
      graceDays: 30,
    });
    const bad = [
      { tier: PartnerTier.REGISTERED },
      { tier: PartnerTier.GOLD, minRevenue: '1000.00' },
      { tier: PartnerTier.GOLD, currency: 'EUR' },
      { tier: PartnerTier.GOLD, minRevenue: '-1.00', currency: 'EUR' },
      { tier: PartnerTier.GOLD, minWinRate: '1.5' },
      { tier: PartnerTier.GOLD, minAcceptanceRate: '0.12345' },
      { tier: PartnerTier.GOLD, minCertifications: -1 },
      { tier: PartnerTier.GOLD, reviewPeriodMonths: 0 },
      { tier: PartnerTier.GOLD, graceDays: 400 },
    ];
    for (const input of bad) {
      let code: unknown;
      try {
        validateTierRule(input);
      } catch (error) {
        code = (error as { extensions?: { code?: string } }).extensions?.code;
      }
      expect([input, code]).toEqual([input, 'BAD_USER_INPUT']);
    }
  });

  it('computes trailing periods and grace dates in UTC', () => {
    expect(trailingPeriod(12, '2026-11-27')).toEqual({ from: '2025-11-28', to: '2026-11-27' });
    expect(trailingPeriod(3, '2026-05-31')).toEqual({ from: '2026-03-01', to: '2026-05-31' });
    expect(trailingPeriod(12, '2028-02-29')).toEqual({ from: '2027-03-01', to: '2028-02-29' });
    expect(addDays('2026-12-20', 30)).toBe('2027-01-19');
  });
});
