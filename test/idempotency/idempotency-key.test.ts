import { randomUUID } from 'node:crypto';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { idempotencyCleanupJob } from '@sales-graph/shared/idempotency/idempotency';
import { JobRunner } from '@sales-graph/shared/jobs/jobs';
import { queryWithKey } from '../support/idempotency';
import { DAY_MS, HOUR_MS } from '@sales-graph/shared/time';
import { as, codes, createCustomer, partnerUser, seedPartner, staff, startTestGraph } from '../support';
import type { Data, GraphQLResponse, TestGraph } from '../support';

/**
 * A client retrying a mutation with the same `Idempotency-Key` (a timeout, a lost answer, a
 * double click) gets the first answer, through the gateway, in both subgraphs: the same records,
 * nothing written again, exactly one effect even for 20 retries at once. The key is the caller's
 * own: another caller with the same key gets its own answer, never the first caller's.
 */
const { sales: SALES, admin: ADMIN } = as;
const OTHER_SALES = staff('SALES', 'sales:sue');

let graph: TestGraph;
let customerId: string;
let partnerId: string;
let partner: Identity;
let otherPartner: Identity;

const CREATE_DEAL = `mutation($input: CreateDealInput!) { createDeal(input: $input) { id title amount stage } }`;
const REGISTER = `mutation($input: RegisterDealInput!) { registerDeal(input: $input) { id status partnerId } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }`;

const dealInput = (title: string, amount = '12500.00') => ({ customerId, title, amount, currency: 'EUR' });
const registration = (prospectCompanyName: string) => ({
  prospectCompanyName,
  estimatedAmount: '48000.50',
  currency: 'EUR',
  expectedCloseDate: new Date(Date.now() + 60 * DAY_MS).toISOString().slice(0, 10),
  products: ['Analytics'],
});

const count = async (db: 'crm' | 'prm', sql: string, params: unknown[] = []) =>
  Number((await graph[db].query(sql, params))[0].count);
const deals = (title: string) => count('crm', `SELECT count(*) FROM crm.deals WHERE title = $1`, [title]);
const registrations = (name: string) =>
  count('prm', `SELECT count(*) FROM prm.deal_registrations WHERE prospect_company_name = $1`, [name]);
const keysStored = (db: 'crm' | 'prm', key: string) =>
  count(db, `SELECT count(*) FROM ${db}.idempotency_keys WHERE key = $1`, [key]);

function data(response: GraphQLResponse<Data>): Data {
  if (response.errors?.length) throw new Error(`Unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data!;
}

beforeAll(async () => {
  graph = await startTestGraph();
  customerId = (await createCustomer(graph, 'Globex', ADMIN)).id;
  partnerId = await seedPartner(graph, { name: 'Northwind Resellers', domain: 'northwind.example' });
  partner = await partnerUser(graph, partnerId);
  otherPartner = await partnerUser(
    graph,
    await seedPartner(graph, { name: 'Contoso', domain: 'contoso.example' }),
  );
});

afterAll(async () => {
  await graph?.stop();
});

describe('a retry with the same key answers the first result', () => {
  it('CRM: createDeal retried answers the same deal and writes nothing', async () => {
    const key = randomUUID();
    const first = data(await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('Retry me') }, SALES));
    const audit = await count('crm', `SELECT count(*) FROM crm.audit_log`);
    const again = data(await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('Retry me') }, SALES));
    expect(again).toEqual(first);
    expect(await deals('Retry me')).toBe(1);
    expect(await count('crm', `SELECT count(*) FROM crm.audit_log`)).toBe(audit);
    // The retry may select other fields: they are read from the same record.
    const wider = data(
      await queryWithKey(
        graph,
        key,
        `mutation($input: CreateDealInput!) { createDeal(input: $input) { id currency customer { id } } }`,
        { input: dealInput('Retry me') },
        SALES,
      ),
    );
    expect(wider.createDeal).toEqual({
      id: first.createDeal.id,
      currency: 'EUR',
      customer: { id: customerId },
    });
  });

  it('PRM: 20 identical registerDeal calls with one key at once make one registration', async () => {
    const key = randomUUID();
    const input = registration('Initech Twenty');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => queryWithKey<Data>(graph, key, REGISTER, { input }, partner)),
    );
    expect(answers.flatMap(codes)).toEqual([]);
    const ids = new Set(answers.map((answer) => answer.data!.registerDeal.id));
    expect(ids.size).toBe(1);
    expect(await registrations('Initech Twenty')).toBe(1);
    expect(await keysStored('prm', key)).toBe(1);
  });

  it('CRM: 20 identical createDeal calls with one key at once make one deal', async () => {
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        queryWithKey<Data>(graph, key, CREATE_DEAL, { input: dealInput('Twenty at once') }, SALES),
      ),
    );
    expect(answers.flatMap(codes)).toEqual([]);
    expect(new Set(answers.map((answer) => answer.data!.createDeal.id)).size).toBe(1);
    expect(await deals('Twenty at once')).toBe(1);
  });

  it('without a key every call is a new request: two calls, two registrations', async () => {
    for (let i = 0; i < 2; i += 1) {
      data(await graph.query<Data>(REGISTER, { input: registration('Keyless Corp') }, partner));
    }
    expect(await registrations('Keyless Corp')).toBe(2);
  });

  it('a quoted key (the draft structured-field form) is the same key', async () => {
    const key = randomUUID();
    const first = data(await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('Quoted') }, SALES));
    const quoted = data(
      await queryWithKey(graph, `"${key}"`, CREATE_DEAL, { input: dealInput('Quoted') }, SALES),
    );
    expect(quoted).toEqual(first);
    expect(await deals('Quoted')).toBe(1);
  });
});

describe('the same key for another request', () => {
  it('with other arguments is CONFLICT and writes nothing', async () => {
    const key = randomUUID();
    data(await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('First args') }, SALES));
    const other = await queryWithKey(
      graph,
      key,
      CREATE_DEAL,
      { input: dealInput('First args', '1.00') },
      SALES,
    );
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'Idempotency-Key' });
    expect(other.errors?.[0].message).toMatch(/other arguments/);
    expect(await count('crm', `SELECT count(*) FROM crm.deals WHERE amount = 1.00`)).toBe(0);
  });

  it('for another mutation is CONFLICT', async () => {
    const key = randomUUID();
    data(await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('One field') }, SALES));
    const other = await queryWithKey(
      graph,
      key,
      `mutation { createDeal: createCustomer(input: { name: "Aliased Inc" }) { id } }`,
      {},
      SALES,
    );
    expect(codes(other)).toEqual(['CONFLICT']);
    expect(other.errors?.[0].extensions?.idempotentField).toBe('createDeal');
    expect(await count('crm', `SELECT count(*) FROM crm.customers WHERE name = 'Aliased Inc'`)).toBe(0);
  });

  it('of another user runs as that user’s own request, never answering the first user’s result', async () => {
    const key = randomUUID();
    const mine = data(await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('Shared key') }, SALES));
    const theirs = data(
      await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('Shared key') }, OTHER_SALES),
    );
    expect(theirs.createDeal.id).not.toBe(mine.createDeal.id);
    expect(await deals('Shared key')).toBe(2);
    // Other arguments under that key are no conflict for the other user either: it is not theirs.
    const third = await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('Shared key 2') }, ADMIN);
    expect(codes(third)).toEqual([]);
  });

  it('of another partner never answers the first partner’s registration', async () => {
    const key = randomUUID();
    const input = registration('Probe Industries');
    const mine = data(await queryWithKey(graph, key, REGISTER, { input }, partner));
    const probe = await queryWithKey<Data>(graph, key, REGISTER, { input }, otherPartner);
    expect(codes(probe)).toEqual([]);
    expect(probe.data!.registerDeal.id).not.toBe(mine.registerDeal.id);
    expect(probe.data!.registerDeal.partnerId).toBe(otherPartner.partnerId);
    expect(probe.data!.registerDeal.partnerId).not.toBe(partnerId);
  });
});

describe('what is kept', () => {
  it('a mutation that fails keeps no key: the corrected retry runs', async () => {
    const key = randomUUID();
    const bad = await queryWithKey(
      graph,
      key,
      CREATE_DEAL,
      { input: dealInput('Bad amount', '1.234') },
      SALES,
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    // A failure inside the mutation's transaction (after the key was claimed) rolls the claim back too.
    const unknown = await queryWithKey(
      graph,
      key,
      CREATE_DEAL,
      { input: { ...dealInput('No such customer'), customerId: randomUUID() } },
      SALES,
    );
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    expect(await keysStored('crm', key)).toBe(0);
    data(await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('Bad amount', '1.23') }, SALES));
    expect(await deals('Bad amount')).toBe(1);
    expect(await keysStored('crm', key)).toBe(1);
  });

  it('a failure after the writes, before the result is kept, leaves neither: the retry runs once', async () => {
    const key = `crash-${randomUUID()}`;
    // Stands in for a crash between the mutation's writes and its commit: keeping the result fails.
    await graph.crm.query(`CREATE FUNCTION crm.test_crash() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'crash before commit'; END $$`);
    await graph.crm.query(`CREATE TRIGGER test_crash BEFORE UPDATE ON crm.idempotency_keys FOR EACH ROW
      WHEN (NEW.key LIKE 'crash-%') EXECUTE FUNCTION crm.test_crash()`);
    try {
      const crashed = await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('Crashed') }, SALES);
      expect(codes(crashed)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(await deals('Crashed')).toBe(0);
      expect(await keysStored('crm', key)).toBe(0);
    } finally {
      await graph.crm.query(`DROP TRIGGER test_crash ON crm.idempotency_keys`);
      await graph.crm.query(`DROP FUNCTION crm.test_crash()`);
    }
    const retried = data(await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('Crashed') }, SALES));
    const again = data(await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('Crashed') }, SALES));
    expect(again).toEqual(retried);
    expect(await deals('Crashed')).toBe(1);
  });

  it('one key covers an operation across both subgraphs: each keeps its own fields', async () => {
    const key = randomUUID();
    const BOTH = `mutation($deal: CreateDealInput!, $reg: RegisterDealInput!) {
      createDeal(input: $deal) { id } registerDeal(input: $reg) { id } }`;
    const variables = {
      deal: dealInput('Both sides'),
      reg: { ...registration('Both Sides Inc'), partnerId },
    };
    const first = data(await queryWithKey(graph, key, BOTH, variables, ADMIN));
    expect(data(await queryWithKey(graph, key, BOTH, variables, ADMIN))).toEqual(first);
    expect([await deals('Both sides'), await registrations('Both Sides Inc')]).toEqual([1, 1]);
    expect([await keysStored('crm', key), await keysStored('prm', key)]).toEqual([1, 1]);
  });

  it('one key covers each mutation field of an operation, by alias', async () => {
    const key = randomUUID();
    const BOTH = `mutation($a: CreateDealInput!, $b: CreateDealInput!) {
      a: createDeal(input: $a) { id } b: createDeal(input: $b) { id } }`;
    const variables = { a: dealInput('Alias A'), b: dealInput('Alias B') };
    const first = data(await queryWithKey(graph, key, BOTH, variables, SALES));
    expect(first.a.id).not.toBe(first.b.id);
    expect(data(await queryWithKey(graph, key, BOTH, variables, SALES))).toEqual(first);
    expect([await deals('Alias A'), await deals('Alias B')]).toEqual([1, 1]);
  });

  it('a new API key is never shown again: its retry is CONFLICT, and made one key', async () => {
    const key = randomUUID();
    const input = { name: 'BI export', role: 'ANALYST' };
    const first = data(await queryWithKey(graph, key, CREATE_KEY, { input }, ADMIN));
    expect(first.createApiKey.key).toMatch(/^sgk_/);
    const again = await queryWithKey(graph, key, CREATE_KEY, { input }, ADMIN);
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(JSON.stringify(again)).not.toContain(first.createApiKey.key);
    expect(await count('prm', `SELECT count(*) FROM prm.api_keys WHERE name = 'BI export'`)).toBe(1);
    const stored = await graph.prm.query(
      `SELECT result::text AS result FROM prm.idempotency_keys WHERE key = $1`,
      [key],
    );
    expect(stored[0].result).not.toContain(first.createApiKey.key);
  });

  it('keys past their retention are cleaned up, and then a retry runs again', async () => {
    const key = randomUUID();
    const first = data(await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('Retention') }, SALES));
    const cleanup = new JobRunner(graph.crm, [idempotencyCleanupJob], { intervalMs: 0 });
    // Within the retention (24 h by default) the key stays.
    await cleanup.runOnce(new Date(Date.now() + 23 * HOUR_MS));
    expect(await keysStored('crm', key)).toBe(1);
    const [outcome] = await cleanup.runOnce(new Date(Date.now() + 25 * HOUR_MS));
    expect(outcome).toMatchObject({ name: 'idempotency-keys.cleanup', status: 'done' });
    expect(await keysStored('crm', key)).toBe(0);
    const later = data(await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('Retention') }, SALES));
    expect(later.createDeal.id).not.toBe(first.createDeal.id);
  });

  it('a key past its retention but not yet cleaned up is taken over by the next request', async () => {
    const key = randomUUID();
    data(await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('Stale key') }, SALES));
    await graph.crm.query(
      `UPDATE crm.idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`,
      [key],
    );
    const other = await queryWithKey(graph, key, CREATE_DEAL, { input: dealInput('Stale key 2') }, SALES);
    expect(codes(other)).toEqual([]);
    expect(await deals('Stale key 2')).toBe(1);
  });

  it('refuses a key that is too long or not visible ASCII', async () => {
    const long = await queryWithKey(
      graph,
      'k'.repeat(256),
      CREATE_DEAL,
      { input: dealInput('Long key') },
      SALES,
    );
    expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(await deals('Long key')).toBe(0);
  });

  it('reads ignore the key', async () => {
    const read = await queryWithKey<Data>(graph, 'k'.repeat(300), `{ me { sub } }`, {}, SALES);
    expect(codes(read)).toEqual([]);
    expect(read.data!.me.sub).toBe(SALES.sub);
  });
});
