import type { DataSource, EntityManager } from 'typeorm';
import { DemoRandom } from '../../../../shared/src/demo/random';
import { seedOnboarding } from '../onboarding/onboarding.seed';
import { seedPartnerUsers } from '../partner-users/partner-users.seed';
import { Partner } from '../partners/partner.entity';
import { seedRegistrations } from '../registrations/registrations.seed';
import { seedRegistrationDeals } from '../registrations/registration-deals.seed';
import { seedTraining } from '../training/training.seed';
import { seedCorePrm } from './core.seed';
import { seedLeadSharing } from '../lead-sharing/lead-sharing.seed';
import { seedIncentives } from '../incentives/incentives.seed';
import { seedMdf } from '../mdf/mdf.seed';
import { seedTiers } from '../scorecards/tiers.seed';

/** CRM ids the PRM demo data refers to (handed over by the seed script, not read from CRM tables). */
export interface CrmDemoIds {
  dealIds: string[];
  leadIds: string[];
  customers: { id: string; name: string; domain: string | null }[];
}

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
