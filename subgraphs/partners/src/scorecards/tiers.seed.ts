import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { PRM_DEMO_NOW } from '../onboarding';
import { PartnerTier } from '../partners';
import { Course } from '../training';
import { TierRule } from './tier.entity';
import { DAY_MS } from '@sales-graph/shared/time';

/** Demo tier rules in USD (most demo deals are), each tier asking more than the one below. */
const RULES: {
  tier: PartnerTier;
  minRevenue: string;
  minWinRate: string;
  minAcceptanceRate: string | null;
  minCertifications: number;
  requiredCourse: string | null;
}[] = [
  {
    tier: PartnerTier.SILVER,
    minRevenue: '25000.00',
    minWinRate: '0.2000',
    minAcceptanceRate: null,
    minCertifications: 1,
    requiredCourse: null,
  },
  {
    tier: PartnerTier.GOLD,
    minRevenue: '100000.00',
    minWinRate: '0.3000',
    minAcceptanceRate: '0.5000',
    minCertifications: 2,
    requiredCourse: 'Partner Sales Methodology',
  },
  {
    tier: PartnerTier.PLATINUM,
    minRevenue: '250000.00',
    minWinRate: '0.3500',
    minAcceptanceRate: '0.6000',
    minCertifications: 4,
    requiredCourse: 'Solution Architecture',
  },
];

/**
 * One rule per tier above REGISTERED. Flags and tier changes are not seeded: they come from
 * `recomputePartnerTiers`, which reads the partners' CRM deals at run time.
 */
export async function seedTiers(manager: EntityManager, rng: DemoRandom): Promise<void> {
  if ((await manager.count(TierRule)) > 0) return;
  const courses = await manager.find(Course);
  const courseId = (title: string | null) => courses.find((course) => course.title === title)?.id;
  await manager.save(
    RULES.map(({ requiredCourse, ...rule }) => {
      const required = courseId(requiredCourse);
      return manager.create(TierRule, {
        ...rule,
        id: rng.uuid(),
        currency: 'USD',
        requiredCourseIds: required ? [required] : [],
        reviewPeriodMonths: 12,
        graceDays: 30,
        createdAt: new Date(PRM_DEMO_NOW.getTime() - 300 * DAY_MS),
        createdBy: 'seed',
      });
    }),
  );
}
