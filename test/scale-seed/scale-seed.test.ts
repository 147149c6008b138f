import type { DataSource } from 'typeorm';
import { seedAtScale } from '../../scripts/seed-scale';
import { parseScaleArg, scaleId, scaleSizes, silentProgress } from '@sales-graph/shared/demo/scale';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { normaliseCompanyName } from '@sales-graph/shared/company-name';
import { createCustomersDataSource } from '../../subgraphs/customers/src/datasource';
import { CRM_SCALE_TABLES } from '../../subgraphs/customers/src/seed/scale.seed';
import { createPartnersDataSource } from '../../subgraphs/partners/src/datasource';
import { PRM_SCALE_TABLES } from '../../subgraphs/partners/src/seed/scale.seed';
import { startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * `npm run seed -- --scale N` at a small N (2,000 deals): the row counts the scale promises, the
 * same rows on every run (checksums of two independent runs), CRM ids that the PRM's attributions
 * name, the columns entities derive (name keys) exactly as the application computes them, and the
 * graph reading the generated rows through the gateway (the headline query).
 */
const DEALS = 2_000;
const sizes = scaleSizes(DEALS);
let graph: TestGraph;
let other: { dbs: TestDatabase[]; crm: DataSource; prm: DataSource };
let indexesBefore: string[][];

const indexDefinitions = async (): Promise<string[][]> =>
  Promise.all(
    [graph.crm, graph.prm].map(async (db) =>
      (
        await db.query(
          `SELECT indexdef FROM pg_indexes WHERE schemaname IN ('crm', 'prm') ORDER BY indexname`,
        )
      ).map((r: { indexdef: string }) => r.indexdef),
    ),
  );

const checksum = async (db: DataSource, schema: string, table: string): Promise<string> =>
  (await db.query(`SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) AS sum FROM ${schema}.${table} t`))[0]
    .sum;
const count = async (db: DataSource, sql: string): Promise<number> => (await db.query(sql))[0].n;

beforeAll(async () => {
  graph = await startTestGraph();
  indexesBefore = await indexDefinitions();
  await seedAtScale(graph.crm, graph.prm, DEALS, silentProgress);
  // A second, independent run for the determinism check.
  const dbs = [
    await createTestDatabase('scale_crm', { migrated: 'customers' }),
    await createTestDatabase('scale_prm', { migrated: 'partners' }),
  ];
  const crm = await createCustomersDataSource(dbs[0].url, dbs[0].poolMax).initialize();
  const prm = await createPartnersDataSource(dbs[1].url, dbs[1].poolMax).initialize();
  other = { dbs, crm, prm };
  await seedAtScale(crm, prm, DEALS, silentProgress);
});
afterAll(async () => {
  await other?.crm.destroy();
  await other?.prm.destroy();
  for (const db of other?.dbs ?? []) await db.drop();
  await graph?.stop();
});

test('--scale takes a number of deals, large (1,000,000) or demo; the large set has the issue’s sizes', () => {
  expect(parseScaleArg(['--scale', '2000'])).toBe(2000);
  expect(parseScaleArg(['--scale=large'])).toBe(1_000_000);
  expect(parseScaleArg(['--scale', '1'])).toBe('demo');
  expect(parseScaleArg([])).toBeUndefined();
  expect(() => parseScaleArg(['--scale', 'lots'])).toThrow(/integer/);
  expect(scaleSizes(1_000_000)).toMatchObject({
    customers: 100_000,
    deals: 1_000_000,
    leads: 300_000,
    partners: 1_000,
  });
});

test('writes the promised number of rows per table', async () => {
  const crm = graph.crm;
  expect(await count(crm, `SELECT count(*)::int AS n FROM crm.customers`)).toBe(sizes.customers);
  expect(await count(crm, `SELECT count(*)::int AS n FROM crm.contacts`)).toBe(sizes.contacts);
  expect(await count(crm, `SELECT count(*)::int AS n FROM crm.leads`)).toBe(sizes.leads);
  expect(await count(crm, `SELECT count(*)::int AS n FROM crm.deals`)).toBe(DEALS);
  expect(await count(crm, `SELECT count(*)::int AS n FROM crm.deal_stage_changes`)).toBe(DEALS);
  expect(await count(crm, `SELECT count(*)::int AS n FROM crm.activities`)).toBe(sizes.activities);
  expect(await count(crm, `SELECT count(*)::int AS n FROM crm.campaign_members`)).toBe(sizes.campaignMembers);
  expect(await count(graph.prm, `SELECT count(*)::int AS n FROM prm.partners`)).toBe(sizes.partners);
  // Converted leads are their deal's lead, of the same customer.
  expect(
    await count(
      crm,
      `SELECT count(*)::int AS n FROM crm.deals d JOIN crm.leads l ON l.id = d.lead_id AND l.customer_id = d.customer_id AND l.status = 'CONVERTED'`,
    ),
  ).toBe(sizes.convertedLeads);
  // About 3 in 10 deals partner-sourced, 4 in 10 leads referred.
  const sourced = await count(graph.prm, `SELECT count(*)::int AS n FROM prm.deal_attributions`);
  expect(sourced).toBeGreaterThan(DEALS * 0.25);
  expect(sourced).toBeLessThan(DEALS * 0.35);
});

test('two runs build identical tables (checksums), with the same ids in both subgraphs', async () => {
  for (const table of CRM_SCALE_TABLES) {
    expect([table, await checksum(other.crm, 'crm', table)]).toEqual([
      table,
      await checksum(graph.crm, 'crm', table),
    ]);
  }
  for (const table of PRM_SCALE_TABLES) {
    expect([table, await checksum(other.prm, 'prm', table)]).toEqual([
      table,
      await checksum(graph.prm, 'prm', table),
    ]);
  }
  // Ids are a function of kind and index, the same in JavaScript as in SQL.
  const [{ id }] = await graph.crm.query(`SELECT id FROM crm.deals WHERE title LIKE 'Deal 7 — %'`);
  expect(id).toBe(scaleId('deal', 7));
  // Every attribution names a generated CRM deal or lead.
  const crmDeals = new Set(
    (await graph.crm.query(`SELECT id FROM crm.deals`)).map((r: { id: string }) => r.id),
  );
  const crmLeads = new Set(
    (await graph.crm.query(`SELECT id FROM crm.leads`)).map((r: { id: string }) => r.id),
  );
  const dealRefs: { deal_id: string }[] = await graph.prm.query(`SELECT deal_id FROM prm.deal_attributions`);
  const leadRefs: { lead_id: string }[] = await graph.prm.query(`SELECT lead_id FROM prm.lead_attributions`);
  expect(dealRefs.filter((r) => !crmDeals.has(r.deal_id))).toEqual([]);
  expect(leadRefs.filter((r) => !crmLeads.has(r.lead_id))).toEqual([]);
});

test('derived columns are what the application computes (name keys), audit columns filled', async () => {
  const customers: { name: string; name_key: string }[] = await graph.crm.query(
    `SELECT name, name_key FROM crm.customers`,
  );
  expect(customers.filter((c) => c.name_key !== normaliseCompanyName(c.name))).toEqual([]);
  const partners: { name: string; name_key: string }[] = await graph.prm.query(
    `SELECT name, name_key FROM prm.partners`,
  );
  expect(partners.filter((p) => p.name_key !== normaliseCompanyName(p.name))).toEqual([]);
  expect(
    await count(
      graph.crm,
      `SELECT count(*)::int AS n FROM crm.deals WHERE created_by IS DISTINCT FROM 'seed' OR updated_at < created_at OR created_at > now()`,
    ),
  ).toBe(0);
});

test('leaves every index as the migrations made it (the bulk load drops and re-creates them)', async () => {
  expect(indexesBefore[0].length).toBeGreaterThan(50);
  expect(await indexDefinitions()).toEqual(indexesBefore);
});

test('refuses a database that already has data', async () => {
  await expect(seedAtScale(graph.crm, graph.prm, DEALS, silentProgress)).rejects.toThrow(
    /already has customers/,
  );
});

test('the graph reads the generated rows: the headline query and a search', async () => {
  // A customer with a partner-sourced deal whose lead a partner referred.
  const attributed: { deal_id: string; partner_id: string }[] = await graph.prm.query(
    `SELECT deal_id, partner_id FROM prm.deal_attributions ORDER BY deal_id`,
  );
  const referred: { lead_id: string; referred_by_partner_id: string }[] = await graph.prm.query(
    `SELECT lead_id, referred_by_partner_id FROM prm.lead_attributions`,
  );
  const referrer = new Map(referred.map((r) => [r.lead_id, r.referred_by_partner_id]));
  const partnerOf = new Map(attributed.map((a) => [a.deal_id, a.partner_id]));
  const deals: { id: string; customer_id: string; lead_id: string | null }[] = await graph.crm.query(
    `SELECT id, customer_id, lead_id FROM crm.deals WHERE lead_id IS NOT NULL ORDER BY id`,
  );
  const deal = deals.find((d) => partnerOf.has(d.id) && referrer.has(d.lead_id!))!;
  expect(deal).toBeDefined();
  const customerDeals = await count(
    graph.crm,
    `SELECT count(*)::int AS n FROM crm.deals WHERE customer_id = '${deal.customer_id}'`,
  );
  const response = await graph.query<{
    customer: {
      id: string;
      name: string;
      deals: {
        totalCount: number;
        edges: {
          node: {
            id: string;
            amount: string;
            sourcedBy: { id: string; name: string } | null;
            lead: { id: string; referredBy: { id: string } | null } | null;
          };
        }[];
      };
    };
  }>(
    `query Headline($id: ID!) { customer(id: $id) { id name deals(first: 50) { totalCount edges { node {
      id title amount currency stage sourcedBy { id name tier } lead { id source status referredBy { id name } } } } } } }`,
    { id: deal.customer_id },
  );
  expect(response.errors).toBeUndefined();
  const customer = response.data!.customer;
  expect(customer.deals.totalCount).toBe(customerDeals);
  const node = customer.deals.edges.find((e) => e.node.id === deal.id)!.node;
  expect(node.amount).toMatch(/^\d+\.00$/);
  expect(node.sourcedBy?.id).toBe(partnerOf.get(deal.id));
  expect(node.lead?.id).toBe(deal.lead_id);
  expect(node.lead?.referredBy?.id).toBe(referrer.get(deal.lead_id!));

  const search = await graph.query<{ customers: { edges: { node: { id: string; name: string } }[] } }>(
    `query { customers(search: "${customer.name}", first: 5) { edges { node { id name } } } }`,
  );
  expect(search.errors).toBeUndefined();
  expect(search.data!.customers.edges.map((e) => e.node.id)).toContain(customer.id);
});
