import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EMBEDDED_SETTINGS, startEmbeddedPostgres } from '@sales-graph/shared/db/embedded';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { DemoRandom } from '@sales-graph/shared/demo/random';
import { createCustomersDataSource } from '../../subgraphs/customers/src';
import { createPartnersDataSource } from '../../subgraphs/partners/src';
import { seedAll, type Databases } from '../../scripts/environment';

/** `npm start` on a fresh machine: an embedded PostgreSQL that keeps its data, and demo data loaded once. */
test('the embedded PostgreSQL serves the pg driver and keeps its data across restarts', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sales-graph-pglite-'));
  try {
    const first = await startEmbeddedPostgres({ dataDir });
    const client = new Client({ connectionString: first.url });
    await client.connect();
    await client.query(`CREATE TABLE kept (id int PRIMARY KEY, note text)`);
    await client.query(`INSERT INTO kept VALUES ($1, $2)`, [1, 'still here']);
    await client.end();
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir });
    const again = new Client({ connectionString: second.url });
    await again.connect();
    const { rows } = await again.query(`SELECT note FROM kept WHERE id = 1`);
    await again.end();
    await second.stop();
    expect(rows).toEqual([{ note: 'still here' }]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** Its shared memory is resident from the start (README "Benchmark", `npm start` memory): kept small. */
test('the embedded PostgreSQL starts with its small shared memory settings', async () => {
  const server = await startEmbeddedPostgres();
  const client = new Client({ connectionString: server.url });
  try {
    await client.connect();
    const shown: Record<string, string> = {};
    for (const name of Object.keys(EMBEDDED_SETTINGS)) {
      const { rows } = await client.query(`SHOW ${name}`);
      shown[name] = rows[0][name];
    }
    expect(shown).toEqual({ shared_buffers: '16MB', max_connections: '10' });
    // All of it is zeroed, so resident, at start: 24 MB with 16 MB of buffers and 100 backend slots.
    const { rows } = await client.query(
      `SELECT setting::int AS mb FROM pg_settings WHERE name = 'shared_memory_size'`,
    );
    expect(rows[0].mb).toBeLessThan(24);
  } finally {
    await client.end();
    await server.stop();
  }
});

test('demo randomness is the same on every machine', () => {
  const a = new DemoRandom(42);
  const b = new DemoRandom(42);
  const draws = (r: DemoRandom) => [r.uuid(), r.int(1, 1000), r.next()];
  expect(draws(a)).toEqual(draws(b));
});

describe('demo data', () => {
  const databases: TestDatabase[] = [];
  let db: Databases;

  beforeAll(async () => {
    const crmDb = await createTestDatabase('seedcrm', { migrated: 'customers' });
    databases.push(crmDb);
    const prmDb = await createTestDatabase('seedprm', { migrated: 'partners' });
    databases.push(prmDb);
    const crm = await createCustomersDataSource(crmDb.url, crmDb.poolMax).initialize();
    const prm = await createPartnersDataSource(prmDb.url, prmDb.poolMax).initialize();
    db = { crm, prm, embedded: false, close: async () => undefined };
  });
  afterAll(async () => {
    await db?.crm.destroy();
    await db?.prm.destroy();
    for (const database of databases) await database.drop();
  });

  test('is realistic, mixes direct and partner-sourced deals, and loads only once', async () => {
    expect(await seedAll(db)).toEqual({ crm: true, prm: true });
    const [crm] = await db.crm.query(
      `SELECT (SELECT count(*) FROM crm.customers) customers, (SELECT count(*) FROM crm.deals) deals,
              (SELECT count(*) FROM crm.leads) leads, (SELECT count(*) FROM crm.contacts) contacts,
              (SELECT count(DISTINCT stage) FROM crm.deals) stages`,
    );
    expect(crm.customers).toBeGreaterThanOrEqual(50);
    expect(crm.deals).toBeGreaterThanOrEqual(300);
    expect(crm.leads).toBeGreaterThan(0);
    expect(crm.contacts).toBeGreaterThan(crm.customers);
    expect(crm.stages).toBe(6);

    const [prm] = await db.prm.query(
      `SELECT (SELECT count(*) FROM prm.partners) partners, (SELECT count(DISTINCT type) FROM prm.partners) types,
              (SELECT count(DISTINCT tier) FROM prm.partners) tiers, (SELECT count(*) FROM prm.deal_attributions) sourced`,
    );
    expect(prm.partners).toBeGreaterThanOrEqual(20);
    expect(prm.types).toBe(4);
    expect(prm.tiers).toBe(4);
    expect(prm.sourced).toBeGreaterThan(0.2 * crm.deals);
    expect(prm.sourced).toBeLessThan(0.8 * crm.deals);
    // Products and line items: registrations in review carry product lines of the CRM catalogue.
    const lines: { id: string }[] = await db.prm.query(
      `SELECT DISTINCT l->>'productId' AS id FROM prm.deal_registrations r, jsonb_array_elements(r.product_lines) l`,
    );
    expect(lines.length).toBeGreaterThan(1);
    const [known] = await db.crm.query(
      `SELECT count(*)::int AS n FROM crm.products WHERE active AND id = ANY($1::uuid[])`,
      [lines.map((line) => line.id)],
    );
    expect(known.n).toBe(lines.length);

    expect(await seedAll(db)).toEqual({ crm: false, prm: false });
    const [after] = await db.crm.query(`SELECT count(*) deals FROM crm.deals`);
    expect(after.deals).toBe(crm.deals);
  });
});
