import type { DataSource, EntityManager } from 'typeorm';
import { DemoRandom } from '@sales-graph/shared/demo/random';
import type { CrmDeal } from '../crm/crm.client';
import { Partner } from '../partners/partner.entity';
import { PRM_MODULES } from '../modules';

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
  /** The CRM's demo campaigns that ran (ACTIVE or COMPLETED), oldest first: MDF requests fund them. */
  campaigns?: { id: string; name: string }[];
  /** The CRM's active products with their standard prices, one row per currency (registration lines). */
  productPrices?: CrmDemoProductPrice[];
}

export interface CrmDemoProductPrice {
  id: string;
  sku: string;
  name: string;
  family: string | null;
  currency: string;
  unitPrice: string;
}

export type CrmDemoDeal = Pick<CrmDeal, 'id' | 'amount' | 'currency' | 'stage' | 'closedAt' | 'lineItems'>;

/** Demo data, module by module, in their manifests' seed order; each reads what the earlier ones wrote. */
export const PRM_SEEDS: Array<(manager: EntityManager, rng: DemoRandom, crm: CrmDemoIds) => Promise<void>> =
  PRM_MODULES.seeds.map((step) => step.run);

/** Loads the PRM demo data once, in one transaction; returns false if data was already there. */
export async function seedPrm(dataSource: DataSource, crm: CrmDemoIds): Promise<boolean> {
  if ((await dataSource.getRepository(Partner).count({ withDeleted: true })) > 0) return false;
  await dataSource.transaction(async (manager) => {
    const rng = new DemoRandom(20261128);
    for (const seed of PRM_SEEDS) await seed(manager, rng, crm);
  });
  return true;
}
