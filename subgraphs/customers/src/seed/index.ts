import type { DataSource, EntityManager } from 'typeorm';
import { DemoRandom } from '@sales-graph/shared/demo/random';
import { Customer } from '../customers/customer.entity';
import { seedCoreCrm } from './core.seed';
import { seedActivities } from '../activities/activities.seed';
import { seedOrders } from '../orders/orders.seed';
import { seedTickets } from '../tickets/tickets.seed';
import { seedRecordLifecycle } from '../leads/leads.seed';
import { seedPreferences } from '../preferences/preferences.seed';
import { seedCampaigns } from '../campaigns/campaigns.seed';
import { seedAutomationRules } from '../automation/automation.seed';

/** Demo data, module by module, in order; each reads what the earlier ones wrote. */
export const CRM_SEEDS: Array<(manager: EntityManager, rng: DemoRandom) => Promise<void>> = [
  seedCoreCrm,
  seedActivities,
  seedTickets,
  seedOrders,
  seedRecordLifecycle,
  seedPreferences,
  seedCampaigns,
  seedAutomationRules,
];

/** Loads the CRM demo data once, in one transaction; returns false if data was already there. */
export async function seedCrm(dataSource: DataSource): Promise<boolean> {
  if ((await dataSource.getRepository(Customer).count({ withDeleted: true })) > 0) return false;
  await dataSource.transaction(async (manager) => {
    const rng = new DemoRandom(20261127);
    for (const seed of CRM_SEEDS) await seed(manager, rng);
  });
  return true;
}
