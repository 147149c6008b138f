import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { PRM_DEMO_NOW } from '../onboarding';
import { PartnerTier } from '../partners';
import { CommissionPlan } from './commission.entity';
import { DAY_MS } from '@sales-graph/shared/time';

const PLANS: {
  tier: PartnerTier;
  rate: string;
  capPerDeal: string | null;
  capPerPeriod: string | null;
  familyRates: Record<string, string>;
}[] = [
  {
    tier: PartnerTier.REGISTERED,
    rate: '0.0300',
    capPerDeal: '2500.00',
    capPerPeriod: '10000.00',
    familyRates: { Services: '0.0150', Support: '0.0200' },
  },
  {
    tier: PartnerTier.SILVER,
    rate: '0.0500',
    capPerDeal: '5000.00',
    capPerPeriod: '25000.00',
    familyRates: { Services: '0.0250', Support: '0.0350' },
  },
  {
    tier: PartnerTier.GOLD,
    rate: '0.0800',
    capPerDeal: '10000.00',
    capPerPeriod: '60000.00',
    familyRates: { Services: '0.0400', Support: '0.0600' },
  },
  {
    tier: PartnerTier.PLATINUM,
    rate: '0.1000',
    capPerDeal: null,
    capPerPeriod: null,
    familyRates: { Services: '0.0500', Support: '0.0800' },
  },
];

/**
 * One commission plan per tier, in USD (most demo deals are), with lower rates for the demo
 * catalogue's Services and Support families (its Platform products earn the tier's rate). Payouts are seeded last, by
 * `seedCommissionPayouts` (payouts.seed.ts), from the CRM deal facts the seed script hands over.
 */
export async function seedIncentives(manager: EntityManager, rng: DemoRandom): Promise<void> {
  if ((await manager.count(CommissionPlan)) > 0) return;
  await manager.save(
    PLANS.map((plan) =>
      manager.create(CommissionPlan, {
        ...plan,
        id: rng.uuid(),
        currency: 'USD',
        createdAt: new Date(PRM_DEMO_NOW.getTime() - 400 * DAY_MS),
        createdBy: 'seed',
      }),
    ),
  );
}
