import type { DataSource } from 'typeorm';
import { migrate } from '../../shared/src/db/datasource';
import { DemoRandom } from '../../shared/src/demo/random';
import { createTestDatabase, type TestDatabase } from '../../shared/src/testing/database';
import { createPartnersDataSource } from '../../subgraphs/partners/src';
import { seedIncentives } from '../../subgraphs/partners/src/incentives/incentives.seed';
import { seedMdf } from '../../subgraphs/partners/src/mdf/mdf.seed';
import { seedOnboarding } from '../../subgraphs/partners/src/onboarding/onboarding.seed';
import { seedCorePrm } from '../../subgraphs/partners/src/seed/core.seed';

const crm = { dealIds: [], leadIds: [], customers: [] };
const databases: TestDatabase[] = [];
let prm: DataSource;

async function seeded(): Promise<DataSource> {
  const database = await createTestDatabase('prmincentives');
  databases.push(database);
  const dataSource = await createPartnersDataSource(database.url, database.poolMax).initialize();
  await migrate(dataSource);
  await dataSource.transaction(async (manager) => {
    const rng = new DemoRandom(20261128);
    for (const seed of [seedCorePrm, seedOnboarding, seedIncentives, seedMdf]) await seed(manager, rng, crm);
  });
  return dataSource;
}

beforeAll(async () => {
  prm = await seeded();
});
afterAll(async () => {
  await prm?.destroy();
  for (const database of databases) await database.drop();
});

describe('incentives and MDF demo data', () => {
  it('has one commission plan per tier', async () => {
    const plans = await prm.query(`SELECT tier, rate::text FROM prm.commission_plans ORDER BY rate`);
    expect(plans).toEqual([
      { tier: 'REGISTERED', rate: '0.0300' },
      { tier: 'SILVER', rate: '0.0500' },
      { tier: 'GOLD', rate: '0.0800' },
      { tier: 'PLATINUM', rate: '0.1000' },
    ]);
  });

  it('keeps every MDF running total equal to its live children and within its parent', async () => {
    const [counts] = await prm.query(
      `SELECT (SELECT count(*) FROM prm.mdf_allocations) allocations, (SELECT count(*) FROM prm.mdf_requests) requests,
              (SELECT count(*) FROM prm.mdf_claims) claims, (SELECT count(*) FROM prm.mdf_claims WHERE status = 'PAID') paid`,
    );
    expect(counts.allocations).toBeGreaterThanOrEqual(3);
    expect(counts.requests).toBeGreaterThanOrEqual(3);
    expect(counts.claims).toBeGreaterThanOrEqual(1);
    const drift = await prm.query(
      `SELECT 'budget' AS kind, b.id FROM prm.mdf_budgets b
         WHERE b.allocated <> (SELECT coalesce(sum(a.amount), 0) FROM prm.mdf_allocations a WHERE a.budget_id = b.id)
       UNION ALL SELECT 'allocation', a.id FROM prm.mdf_allocations a
         WHERE a.requested <> (SELECT coalesce(sum(r.amount), 0) FROM prm.mdf_requests r WHERE r.allocation_id = a.id AND r.status <> 'REJECTED')
       UNION ALL SELECT 'request', r.id FROM prm.mdf_requests r
         WHERE r.claimed <> (SELECT coalesce(sum(c.amount), 0) FROM prm.mdf_claims c WHERE c.request_id = r.id AND c.status <> 'REJECTED')
       UNION ALL SELECT 'claim on unapproved', c.id FROM prm.mdf_claims c JOIN prm.mdf_requests r ON r.id = c.request_id
         WHERE r.status <> 'APPROVED'`,
    );
    expect(drift).toEqual([]);
  });

  it('is the same on every run', async () => {
    const first = await prm.query(`SELECT id, amount::text FROM prm.mdf_requests ORDER BY id`);
    const again = await seeded();
    try {
      expect(await again.query(`SELECT id, amount::text FROM prm.mdf_requests ORDER BY id`)).toEqual(first);
    } finally {
      await again.destroy();
    }
  });
});
