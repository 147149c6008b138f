import { seedOnboarding } from '../../subgraphs/partners/src/onboarding/onboarding.seed';
import { seedPartnerUsers } from '../../subgraphs/partners/src/partner-users/partner-users.seed';
import { TierRule } from '../../subgraphs/partners/src/scorecards/tier.entity';
import { TIER_ORDER, validateTierRule } from '../../subgraphs/partners/src/scorecards/tier.rules';
import { seedTiers } from '../../subgraphs/partners/src/scorecards/tiers.seed';
import { seedCorePrm } from '../../subgraphs/partners/src/seed/core.seed';
import { PRM_SEEDS } from '../../subgraphs/partners/src/seed/index';
import { Course } from '../../subgraphs/partners/src/training/training.entity';
import { seedTraining } from '../../subgraphs/partners/src/training/training.seed';
import { seededPrm } from './seeded-prm';

const crm = { dealIds: [], leadIds: [], customers: [] };
const prmSeeds = seededPrm(
  'prmtiers',
  [seedCorePrm, seedOnboarding, seedPartnerUsers, seedTraining, seedTiers],
  crm,
);
const seeded = prmSeeds.seeded;

afterAll(() => prmSeeds.drop());

describe('tier rule demo data', () => {
  it('has one valid rule per tier above REGISTERED, each asking more, the same on every run', async () => {
    expect(PRM_SEEDS).toContain(seedTiers);
    const prm = await seeded();
    const rules = (await prm.getRepository(TierRule).find()).sort(
      (a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier),
    );
    expect(rules.map((rule) => [rule.tier, rule.minRevenue, rule.currency, rule.minWinRate])).toEqual([
      ['SILVER', '25000.00', 'USD', '0.2000'],
      ['GOLD', '100000.00', 'USD', '0.3000'],
      ['PLATINUM', '250000.00', 'USD', '0.3500'],
    ]);
    for (const rule of rules) {
      const { tier, minRevenue, currency, minWinRate, minAcceptanceRate, requiredCourseIds } = rule;
      expect(
        validateTierRule({
          ...rule,
          tier,
          minRevenue,
          currency,
          minWinRate,
          minAcceptanceRate,
          requiredCourseIds,
        }),
      ).toMatchObject({ tier, minRevenue, currency, minWinRate, minAcceptanceRate });
    }
    const courses = await prm.getRepository(Course).find();
    const title = (id: string) => courses.find((course) => course.id === id)?.title;
    expect(rules.map((rule) => rule.requiredCourseIds.map(title))).toEqual([
      [],
      ['Partner Sales Methodology'],
      ['Solution Architecture'],
    ]);
    const again = await seeded();
    expect((await again.getRepository(TierRule).find({ order: { id: 'ASC' } })).map((r) => r.id)).toEqual(
      rules.map((r) => r.id).sort(),
    );
  });
});
