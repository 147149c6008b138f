import type { DataSource, EntityManager } from 'typeorm';
import { DemoRandom } from '@sales-graph/shared/demo/random';
import { Customer } from '../customers/customer.entity';
import { CRM_MODULES } from '../modules';

/** Demo data, module by module, in their manifests' seed order; each reads what the earlier ones wrote. */
export const CRM_SEEDS: Array<(manager: EntityManager, rng: DemoRandom) => Promise<void>> =
  CRM_MODULES.seeds.map((step) => (manager, rng) => step.run(manager, rng, undefined));

/** Loads the CRM demo data once, in one transaction; returns false if data was already there. */
export async function seedCrm(dataSource: DataSource): Promise<boolean> {
  if ((await dataSource.getRepository(Customer).count({ withDeleted: true })) > 0) return false;
  await dataSource.transaction(async (manager) => {
    const rng = new DemoRandom(20261127);
    for (const seed of CRM_SEEDS) await seed(manager, rng);
  });
  return true;
}
