import type { Identity } from '@sales-graph/shared/auth/identity';
import { normaliseCompanyName } from '@sales-graph/shared/company-name';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGraph, type TestGraph } from '../support/graph';
import { partnerUser } from '../support/partner-user';
import { seedPartner } from '../support/partners';
import { createCustomersDataSource } from '../../subgraphs/customers/src';
import { CrmCompanyNameKeys1764232200000 } from '../../subgraphs/customers/src/migrations/1764232200000-CrmCompanyNameKeys';
import { PrmCompanyNameKeys1764232200000 } from '../../subgraphs/partners/src/migrations/1764232200000-PrmCompanyNameKeys';
import { DAY_MS } from '@sales-graph/shared/time';

/**
 * One company-name rule for both subgraphs (shared/src/company-name.ts): for the names on which
 * the CRM's customer duplicate check and the PRM's registration conflict check used to disagree,
 * both now decide alike, through the API; and the migrations key the stored rows again.
 */
const SALES: Identity = { sub: 'user:sales-names', role: 'SALES' };
const CM: Identity = { sub: 'cm:names', role: 'CHANNEL_MANAGER' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let graph: TestGraph;
let first: Identity;
let second: Identity;

beforeAll(async () => {
  graph = await startTestGraph();
  first = await partnerUser(graph, await seedPartner(graph, { name: 'Names First Partner' }));
  second = await partnerUser(graph, await seedPartner(graph, { name: 'Names Second Partner' }));
});
afterAll(async () => {
  await graph?.stop();
});

const CREATE_CUSTOMER = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`;
const REGISTER = `mutation($input: RegisterDealInput!) { registerDeal(input: $input) { id } }`;
const CONFLICTS = `query($id: ID!) { dealRegistration(id: $id) { conflicts { id } } }`;

async function ok(query: string, variables: Json, identity: Identity): Promise<Json> {
  const response = await graph.query<Json>(query, variables, identity);
  if (response.errors?.length) throw new Error(`Unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data!;
}

const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
const register = async (name: string, partner: Identity): Promise<string> =>
  (
    await ok(
      REGISTER,
      {
        input: {
          prospectCompanyName: name,
          estimatedAmount: '1000',
          currency: 'EUR',
          expectedCloseDate: inDays(30),
          products: ['Platform'],
        },
      },
      partner,
    )
  ).registerDeal.id;

/** Whether the CRM refuses `b` as a duplicate (by name) of a customer named `a`. */
async function customerDuplicate(a: string, b: string): Promise<boolean> {
  const existing = (await ok(CREATE_CUSTOMER, { input: { name: a } }, SALES)).createCustomer.id;
  const response = await graph.query<Json>(CREATE_CUSTOMER, { input: { name: b } }, SALES);
  if (!response.errors) return false;
  expect(response.errors[0].extensions).toMatchObject({
    code: 'CONFLICT',
    reason: 'NAME',
    duplicateOf: existing,
  });
  return true;
}

/** Whether the PRM flags registrations of `a` and `b` by two partners as a conflict. */
async function registrationConflict(a: string, b: string): Promise<boolean> {
  const mine = await register(a, first);
  const theirs = await register(b, second);
  const conflicts = (await ok(CONFLICTS, { id: mine }, CM)).dealRegistration.conflicts;
  expect((await ok(CONFLICTS, { id: theirs }, CM)).dealRegistration.conflicts).toEqual(
    conflicts.length ? [{ id: mine }] : [],
  );
  return conflicts.some((c: Json) => c.id === theirs);
}

describe('the names the two rules disagreed on are decided alike by both subgraphs', () => {
  it.each([
    // The CRM used to take these for two customers ("S.A.", "Group" and "Oy" were no legal forms).
    ['Société Générale S.A.', 'Societe Generale'],
    ['Umbrella Group', 'Umbrella'],
    // The PRM used to take these for two prospects (a leading "The", spaces).
    ['The Initech Company', 'Initech'],
    ['Micro Soft', 'Microsoft'],
  ])('"%s" and "%s": a customer duplicate and a registration conflict', async (a, b) => {
    expect(await customerDuplicate(a, b)).toBe(true);
    expect(await registrationConflict(a, b)).toBe(true);
  });

  it('a legal form inside a name is part of it: neither a duplicate nor a conflict', async () => {
    // The CRM used to drop "Co" anywhere and refuse the second customer.
    expect(await customerDuplicate('Hooli Co Industries', 'Hooli Industries')).toBe(false);
    expect(await registrationConflict('Hooli Co Industries', 'Hooli Industries')).toBe(false);
  });
});

describe('the migrations key every stored row again', () => {
  it('recomputes customers, partners and registrations with the shared rule, deleted rows too', async () => {
    await graph.crm.query(
      `INSERT INTO crm.customers (name, name_key, lifecycle_stage, created_by, deleted_at)
       VALUES ('Stark Group', 'starkgroup', 'PROSPECT', 'test', NULL), ('The Wayne Company', 'waynecompany', 'PROSPECT', 'test', now()),
              ('!!!', '!!!', 'PROSPECT', 'test', NULL)`,
    );
    await graph.prm.query(
      `UPDATE prm.partners SET name_key = 'names first partner' WHERE name = 'Names First Partner'`,
    );
    await graph.prm.query(
      `UPDATE prm.deal_registrations SET prospect_company_key = lower(prospect_company_name)`,
    );

    for (const [db, migration] of [
      [graph.crm, new CrmCompanyNameKeys1764232200000()],
      [graph.prm, new PrmCompanyNameKeys1764232200000()],
    ] as const) {
      const runner = db.createQueryRunner();
      await migration.up(runner);
      await runner.release();
    }

    const customers: Json[] = await graph.crm.query(`SELECT name, name_key FROM crm.customers`);
    expect(customers.filter((c) => c.name_key !== (normaliseCompanyName(c.name) || null))).toEqual([]);
    expect(customers.find((c) => c.name === '!!!')?.name_key).toBeNull();
    const partners: Json[] = await graph.prm.query(`SELECT name, name_key FROM prm.partners`);
    expect(partners.filter((p) => p.name_key !== normaliseCompanyName(p.name))).toEqual([]);
    const registrations: Json[] = await graph.prm.query(
      `SELECT prospect_company_name AS name, prospect_company_key AS key FROM prm.deal_registrations`,
    );
    expect(registrations.filter((r) => r.key !== normaliseCompanyName(r.name))).toEqual([]);
    // A second run has nothing left to change.
    const runner = graph.crm.createQueryRunner();
    const before = await graph.crm.query(
      `SELECT md5(string_agg(id || name_key, ',' ORDER BY id)) AS sum FROM crm.customers`,
    );
    await new CrmCompanyNameKeys1764232200000().up(runner);
    await runner.release();
    expect(
      await graph.crm.query(
        `SELECT md5(string_agg(id || name_key, ',' ORDER BY id)) AS sum FROM crm.customers`,
      ),
    ).toEqual(before);
  });

  describe('at 100,000 customers', () => {
    let db: TestDatabase;
    let crm: DataSource;
    beforeAll(async () => {
      db = await createTestDatabase('namekeys', { migrated: 'customers' });
      crm = await createCustomersDataSource(db.url, db.poolMax).initialize();
    });
    afterAll(async () => {
      await crm?.destroy();
      await db?.drop();
    });

    it('one set-based UPDATE keys them all', async () => {
      // As `migrate` runs migrations: no statement timeout.
      const runner = crm.createQueryRunner();
      await runner.query('SET statement_timeout = 0');
      // Keys as the previous CRM rule left them: "Group" was kept.
      await runner.query(
        `INSERT INTO crm.customers (name, name_key, lifecycle_stage, created_by)
         SELECT 'Company ' || g || ' Group', 'company' || g || 'group', 'PROSPECT', 'test' FROM generate_series(1, 100000) g`,
      );
      const started = process.hrtime.bigint();
      await new CrmCompanyNameKeys1764232200000().up(runner);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      await runner.query('RESET statement_timeout');
      await runner.release();
      if (process.env.NAME_KEYS_TIMING)
        process.stdout.write(`recomputed 100,000 customer keys in ${ms.toFixed(0)} ms\n`);
      const [{ stale }] = await crm.query(
        `SELECT count(*)::int AS stale FROM crm.customers WHERE name_key <> 'company' || split_part(name, ' ', 2)`,
      );
      expect(stale).toBe(0);
    });
  });
});
