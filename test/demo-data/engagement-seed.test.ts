import { createCustomersDataSource } from '../../subgraphs/customers/src';
import { createPartnersDataSource } from '../../subgraphs/partners/src';
import { seedAll, type Databases } from '../../scripts/environment';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The demo's rules of engagement (README "Rules of engagement"): customers of each ownership, each
 * decision in the history, registrations flagged from the CRM's ownership, one override.
 */
const databases: TestDatabase[] = [];
let db: Databases;

beforeAll(async () => {
  const crmDb = await createTestDatabase('roecrm', { migrated: 'customers' });
  const prmDb = await createTestDatabase('roeprm', { migrated: 'partners' });
  databases.push(crmDb, prmDb);
  const crm = await createCustomersDataSource(crmDb.url, crmDb.poolMax).initialize();
  const prm = await createPartnersDataSource(prmDb.url, prmDb.poolMax).initialize();
  db = { crm, prm, embedded: false, close: async () => undefined };
  expect(await seedAll(db)).toEqual({ crm: true, prm: true });
});
afterAll(async () => {
  await db?.crm.destroy();
  await db?.prm.destroy();
  for (const database of databases) await database.drop();
});

test('the demo has customers of each ownership, each decision in the history', async () => {
  const counts: { ownership: string; n: number }[] = await db.crm.query(
    `SELECT ownership, count(*)::int AS n FROM crm.customers GROUP BY ownership ORDER BY ownership`,
  );
  expect(counts).toEqual([
    { ownership: 'CHANNEL', n: 4 },
    { ownership: 'DIRECT', n: 4 },
    { ownership: 'SHARED', n: expect.any(Number) },
  ]);
  expect(counts[2].n).toBeGreaterThan(10);
  const [history] = await db.crm.query(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE h.to_ownership = c.ownership
       AND h.to_partner_id IS NOT DISTINCT FROM c.owner_partner_id)::int AS matching
     FROM crm.customer_ownership_changes h JOIN crm.customers c ON c.id = h.customer_id`,
  );
  expect(history).toEqual({ n: 8, matching: 8 });
  // A CHANNEL owner is a real partner of the demo.
  const owners: { owner_partner_id: string }[] = await db.crm.query(
    `SELECT DISTINCT owner_partner_id FROM crm.customers WHERE ownership = 'CHANNEL'`,
  );
  const [{ n: known }] = await db.prm.query(
    `SELECT count(*)::int AS n FROM prm.partners WHERE id = ANY($1)`,
    [owners.map((o) => o.owner_partner_id)],
  );
  expect(known).toBe(owners.length);
});

test('registrations are flagged from the ownership, and one flagged approval carries its override', async () => {
  const [flags] = await db.prm.query(
    `SELECT count(*) FILTER (WHERE engagement_conflict IS NULL)::int AS unchecked,
            count(*) FILTER (WHERE engagement_conflict IN ('OWNED_DIRECT', 'OWNED_BY_ANOTHER_PARTNER'))::int AS flagged,
            count(*) FILTER (WHERE engagement_overridden_at IS NOT NULL)::int AS overridden,
            count(*) FILTER (WHERE engagement_overridden_at IS NOT NULL AND approved_at IS NOT NULL
              AND engagement_override_reason IS NOT NULL AND engagement_overridden_by IS NOT NULL)::int AS complete
     FROM prm.deal_registrations`,
  );
  expect(flags).toMatchObject({ unchecked: 0, overridden: 1, complete: 1 });
  expect(flags.flagged).toBeGreaterThan(0);
  // Seeding again changes nothing.
  expect(await seedAll(db)).toEqual({ crm: false, prm: false });
  const [{ n }] = await db.crm.query(`SELECT count(*)::int AS n FROM crm.customer_ownership_changes`);
  expect(n).toBe(8);
});
