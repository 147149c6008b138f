import type { DataSource, EntityManager } from 'typeorm';
import { DemoRandom } from '@sales-graph/shared/demo/random';
import { seedOnboarding } from '../onboarding/onboarding.seed';
import { seedPartnerUsers } from '../partner-users/partner-users.seed';
import { Partner } from '../partners/partner.entity';
import { seedRegistrations } from '../registrations/registrations.seed';
import { seedRegistrationDeals } from '../registrations/registration-deals.seed';
import { seedTraining } from '../training/training.seed';
import { seedCorePrm } from './core.seed';
import { seedLeadSharing } from '../lead-sharing/lead-sharing.seed';
import { seedIncentives } from '../incentives/incentives.seed';
import { seedCommissionPayouts } from '../incentives/payouts.seed';
import type { CrmDeal } from '../crm/crm.client';
import { seedMdf } from '../mdf/mdf.seed';
import { seedTiers } from '../scorecards/tiers.seed';

/** CRM ids the PRM demo data refers to (handed over by the seed script, not read from CRM tables). */
export interface CrmDemoIds {
  dealIds: string[];
  leadIds: string[];
  customers: { id: string; name: string; domain: string | null }[];
  /**
   * What the CRM says of each live deal (amount as numeric(18,2) text, closedAt as ISO timestamp),
   * as the partners subgraph reads it at run time; seeds that derive figures from deals use it.
   */
  deals?: CrmDemoDeal[];
}

export type CrmDemoDeal = Pick<CrmDeal, 'id' | 'amount' | 'currency' | 'stage' | 'closedAt'>;

export const PRM_SEEDS: Array<(manager: EntityManager, rng: DemoRandom, crm: CrmDemoIds) => Promise<void>> = [
  seedCorePrm,
  seedOnboarding,
  seedPartnerUsers,
  seedTraining,
  seedRegistrations,
  seedRegistrationDeals,
  seedIncentives,
  seedMdf,
  seedLeadSharing,
  seedTiers,
  // Last: reads the partners' final tiers, and leaves the data seeded before it unchanged.
  seedCommissionPayouts,
];

/** Loads the PRM demo data once, in one transaction; returns false if data was already there. */
export async function seedPrm(dataSource: DataSource, crm: CrmDemoIds): Promise<boolean> {
  if ((await dataSource.getRepository(Partner).count({ withDeleted: true })) > 0) return false;
  await dataSource.transaction(async (manager) => {
    const rng = new DemoRandom(20261128);
    for (const seed of PRM_SEEDS) await seed(manager, rng, crm);
  });
  return true;
}
