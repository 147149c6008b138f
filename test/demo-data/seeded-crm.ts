import type { DataSource } from 'typeorm';
import { createCustomersDataSource } from '../../subgraphs/customers/src/datasource';
import { seedCrm } from '../../subgraphs/customers/src/seed';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** A fresh CRM database, migrated and loaded with the whole demo seed (`seedCrm`). */
export async function seededCrm(label: string): Promise<{ db: TestDatabase; crm: DataSource }> {
  const db = await createTestDatabase(label, { migrated: 'customers' });
  const crm = await createCustomersDataSource(db.url, db.poolMax).initialize();
  expect(await seedCrm(crm)).toBe(true);
  return { db, crm };
}

/**
 * One seeded CRM database for the whole file: made in `beforeAll`, dropped in `afterAll`;
 * `crm()` is its data source inside the tests.
 */
export function useSeededCrm(label: string): { crm(): DataSource } {
  let seeded: { db: TestDatabase; crm: DataSource } | undefined;
  beforeAll(async () => {
    seeded = await seededCrm(label);
  });
  afterAll(async () => {
    await seeded?.crm.destroy();
    await seeded?.db.drop();
  });
  return {
    crm() {
      if (!seeded) throw new Error('useSeededCrm: the seeded database is not ready (beforeAll)');
      return seeded.crm;
    },
  };
}
