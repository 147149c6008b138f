import type { DataSource, EntityManager } from 'typeorm';
import { DemoRandom } from '@sales-graph/shared/demo/random';
import { createPartnersDataSource } from '../../subgraphs/partners/src';
import type { CrmDemoIds } from '../../subgraphs/partners/src/seed/index';
import { createTestDatabase, type TestDatabase } from '../support/database';

export type PrmSeed = (manager: EntityManager, rng: DemoRandom, crm: CrmDemoIds) => Promise<void>;

/**
 * Fresh PRM databases, each migrated and loaded with `seeds` in order in one transaction from
 * one `DemoRandom(20261128)`, as `seedPrm` loads them: `seeded()` makes one (call it twice to
 * compare two runs), `drop()` (in `afterAll`) closes (unless closed) and drops every one it made.
 */
export function seededPrm(label: string, seeds: PrmSeed[], crm: CrmDemoIds) {
  const databases: TestDatabase[] = [];
  const dataSources: DataSource[] = [];
  return {
    async seeded(): Promise<DataSource> {
      const database = await createTestDatabase(label, { migrated: 'partners' });
      databases.push(database);
      const dataSource = await createPartnersDataSource(database.url, database.poolMax).initialize();
      dataSources.push(dataSource);
      await dataSource.transaction(async (manager) => {
        const rng = new DemoRandom(20261128);
        for (const seed of seeds) await seed(manager, rng, crm);
      });
      return dataSource;
    },
    async drop(): Promise<void> {
      for (const dataSource of dataSources) if (dataSource.isInitialized) await dataSource.destroy();
      for (const database of databases) await database.drop();
    },
  };
}
