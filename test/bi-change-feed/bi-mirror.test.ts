import type { Identity } from '@sales-graph/shared/auth/identity';
import type { OutboxDispatcher } from '@sales-graph/shared/outbox/outbox';
import {
  activePartner,
  approveRegistration,
  as,
  createCustomer,
  createDeal,
  createLead,
  drainFeed,
  must,
  partnerUser,
  prmOutbox,
  registerDeal,
  startTestGraph,
  type FeedEvent,
  type FeedField,
  type TestGraph,
} from '../support';

/**
 * A BI tool (ANALYST) mirrors customers, deals and leads (CRM) and partners and deal
 * registrations (PRM) incrementally through the gateway: it reads `crmChanges` / `prmChanges` from
 * its cursor, fetches the changed records by id, drops tombstones, and stores its cursor; while
 * records are created, updated (through the API and by raw SQL), soft deleted, restored and
 * merged. Its mirror equals the source at the end, deletions included.
 */
let graph: TestGraph;
let outbox: OutboxDispatcher;
const BI: Identity = as.analyst;

beforeAll(async () => {
  // The test delivers the PRM's outbox (an approved registration's CRM deal) itself.
  process.env.OUTBOX_POLL_MS = '0';
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
  outbox = prmOutbox(graph);
});

afterAll(async () => {
  await graph?.stop();
});

interface Shape {
  feed: FeedField;
  value: string;
  root: string;
  fields: string[];
  db: 'crm' | 'prm';
  sql: string;
}

/** What the mirror keeps of each type, how it reads one by id, and the source it must equal. */
const SHAPES: Record<string, Shape> = {
  Customer: {
    feed: 'crmChanges',
    value: 'CUSTOMER',
    root: 'customer',
    fields: ['id', 'name', 'industry'],
    db: 'crm',
    sql: `SELECT id::text, name, industry FROM crm.customers WHERE deleted_at IS NULL`,
  },
  Deal: {
    feed: 'crmChanges',
    value: 'DEAL',
    root: 'deal',
    fields: ['id', 'title', 'amount', 'stage'],
    db: 'crm',
    sql: `SELECT id::text, title, amount::text AS amount, stage FROM crm.deals WHERE deleted_at IS NULL`,
  },
  Lead: {
    feed: 'crmChanges',
    value: 'LEAD',
    root: 'lead',
    fields: ['id', 'status', 'source'],
    db: 'crm',
    sql: `SELECT id::text, status, source FROM crm.leads WHERE deleted_at IS NULL`,
  },
  Partner: {
    feed: 'prmChanges',
    value: 'PARTNER',
    root: 'partner',
    fields: ['id', 'name', 'tier', 'status', 'region'],
    db: 'prm',
    sql: `SELECT id::text, name, tier, status, region FROM prm.partners WHERE deleted_at IS NULL`,
  },
  DealRegistration: {
    feed: 'prmChanges',
    value: 'DEAL_REGISTRATION',
    root: 'dealRegistration',
    fields: ['id', 'status', 'prospectCompanyName'],
    db: 'prm',
    sql: `SELECT id::text, status, prospect_company_name AS "prospectCompanyName" FROM prm.deal_registrations WHERE deleted_at IS NULL`,
  },
};

type Row = Record<string, unknown>;

/** The BI tool's copy: records by type and id, its cursor per feed, and what it has seen. */
class Mirror {
  readonly records = new Map<string, Map<string, Row>>(Object.keys(SHAPES).map((type) => [type, new Map()]));
  readonly cursors: Record<FeedField, string | null> = { crmChanges: null, prmChanges: null };
  readonly seen: FeedEvent[] = [];
  pages = 0;

  constructor(private readonly identity: Identity) {}

  async sync(): Promise<void> {
    for (const feed of ['crmChanges', 'prmChanges'] as const) {
      const types = Object.values(SHAPES)
        .filter((shape) => shape.feed === feed)
        .map((shape) => shape.value);
      // Small pages: the mirror resumes from its cursor many times.
      const read = await drainFeed(graph, feed, this.identity, {
        after: this.cursors[feed],
        types,
        first: 4,
      });
      this.pages += read.pages;
      this.seen.push(...read.events);
      // The last event of each record decides: a tombstone drops it, anything else reads it again.
      const last = new Map<string, FeedEvent>();
      for (const event of read.events) last.set(`${event.type}:${event.id}`, event);
      const toFetch = new Map<string, string[]>();
      for (const event of last.values()) {
        const type = typeName(event.type);
        if (event.op === 'DELETED' || event.op === 'MERGED') this.records.get(type)!.delete(event.id);
        else toFetch.set(type, [...(toFetch.get(type) ?? []), event.id]);
      }
      for (const [type, ids] of toFetch) await this.fetch(type, ids);
      this.cursors[feed] = read.cursor;
    }
  }

  /** Reads records by id, ten aliases a request; one gone since (its tombstone follows) is skipped. */
  private async fetch(type: string, ids: string[]): Promise<void> {
    const shape = SHAPES[type];
    for (let i = 0; i < ids.length; i += 10) {
      const chunk = ids.slice(i, i + 10);
      const query = `query { ${chunk
        .map((id, n) => `r${n}: ${shape.root}(id: ${JSON.stringify(id)}) { ${shape.fields.join(' ')} }`)
        .join(' ')} }`;
      const response = await graph.query<Record<string, Row | null>>(query, {}, this.identity);
      const unexpected = (response.errors ?? []).filter((error) => error.extensions?.code !== 'NOT_FOUND');
      expect(unexpected).toEqual([]);
      chunk.forEach((id, n) => {
        const record = response.data?.[`r${n}`];
        if (record) this.records.get(type)!.set(id, record);
      });
    }
  }
}

const typeName = (value: string) => Object.entries(SHAPES).find(([, shape]) => shape.value === value)![0];

async function source(type: string): Promise<Map<string, Row>> {
  const shape = SHAPES[type];
  const rows = (await graph[shape.db].query(shape.sql)) as Row[];
  return new Map(rows.map((row) => [row.id as string, row]));
}

async function expectMirrorEqualsSource(mirror: Mirror): Promise<void> {
  for (const type of Object.keys(SHAPES)) {
    const expected = Object.fromEntries(await source(type));
    expect({ type, records: Object.fromEntries(mirror.records.get(type)!) }).toEqual({
      type,
      records: expected,
    });
  }
}

const crmSql = (text: string, params: unknown[] = []) => graph.crm.query(text, params);
const prmSql = (text: string, params: unknown[] = []) => graph.prm.query(text, params);

it('mirrors customers, deals, leads, partners and registrations through writes, deletions and merges', async () => {
  const mirror = new Mirror(BI);

  // Round 1: records created through the API (a registration approved makes its CRM deal).
  const acme = await createCustomer(graph, { name: 'Acme', industry: 'Retail' });
  const acmeDup = await createCustomer(graph, { name: 'Acme Duplicate', allowDuplicate: true });
  const globex = await createCustomer(graph, { name: 'Globex' });
  const deals = [];
  for (const [customer, title] of [
    [acme.id, 'Acme renewal'],
    [acmeDup.id, 'Acme dup expansion'],
    [globex.id, 'Globex pilot'],
    [globex.id, 'Globex rollout'],
  ] as const)
    deals.push(await createDeal(graph, { customerId: customer, title }));
  const lead = await createLead(graph, { name: 'Lou Lead', company: 'Initech' });
  const partnerId = await activePartner(graph, 'Mirror Partner');
  const user = await partnerUser(graph, partnerId);
  const registration = await registerDeal(
    graph,
    { prospectCompanyName: 'Umbrella', products: ['Platform'] },
    user,
  );
  await approveRegistration(graph, registration.id);
  await outbox.dispatchOnce();

  await mirror.sync();
  await expectMirrorEqualsSource(mirror);
  expect(mirror.records.get('Deal')!.size).toBe(5);

  // Round 2: updates, soft deletes, a restore, a merge, and raw SQL writes the API never sees.
  await must(
    graph,
    `mutation($id: ID!) { updateDeal(id: $id, input: { title: "Acme renewal 2027" }) { id } }`,
    {
      id: deals[0].id,
    },
  );
  await crmSql(`UPDATE crm.deals SET amount = amount + 1.50 WHERE id = $1`, [deals[2].id]);
  await crmSql(`UPDATE crm.deals SET deleted_at = now() WHERE id = $1`, [deals[3].id]);
  await must(graph, `mutation($id: ID!) { deleteCustomer(id: $id) { id } }`, { id: globex.id });
  await must(graph, `mutation($id: ID!) { restoreCustomer(id: $id) { id } }`, { id: globex.id });
  await must(
    graph,
    `mutation($d: ID!, $s: ID!) { mergeCustomers(duplicateId: $d, survivorId: $s) { __typename } }`,
    { d: acmeDup.id, s: acme.id },
  );
  await must(graph, `mutation($id: ID!) { updateLeadStatus(id: $id, status: CONTACTED) { id } }`, {
    id: lead.id,
  });
  await crmSql(`INSERT INTO crm.leads (name, source, status) VALUES ('Raw lead', 'EVENT', 'NEW')`);
  await crmSql(`INSERT INTO crm.customers (name, lifecycle_stage) VALUES ('Raw customer', 'PROSPECT')`);
  await must(graph, `mutation($id: ID!) { updatePartner(id: $id, input: { region: "EMEA" }) { id } }`, {
    id: partnerId,
  });
  const second = await registerDeal(graph, { prospectCompanyName: 'Soylent', products: ['Platform'] }, user);
  await prmSql(`UPDATE prm.deal_registrations SET deleted_at = now() WHERE id = $1`, [second.id]);
  await prmSql(`UPDATE prm.partners SET name = 'Mirror Partner Ltd' WHERE id = $1`, [partnerId]);

  await mirror.sync();
  await expectMirrorEqualsSource(mirror);

  // Round 3: a record deleted and restored between two reads, one created and deleted, and one
  // deleted by raw SQL: the mirror ends as the source.
  await crmSql(`UPDATE crm.deals SET deleted_at = now() WHERE id = $1`, [deals[2].id]);
  await crmSql(`UPDATE crm.deals SET deleted_at = NULL, stage = 'PROPOSAL' WHERE id = $1`, [deals[2].id]);
  const brief = await createCustomer(graph, { name: 'Brief Inc' });
  await mirror.sync();
  await must(graph, `mutation($id: ID!) { deleteCustomer(id: $id) { id } }`, { id: brief.id });
  await crmSql(`UPDATE crm.leads SET deleted_at = now() WHERE name = 'Raw lead'`);
  await mirror.sync();
  await expectMirrorEqualsSource(mirror);

  // It saw every kind of event, including tombstones, on many pages.
  const ops = new Set(mirror.seen.map((event) => `${event.type}:${event.op}`));
  for (const op of [
    'CUSTOMER:CREATED',
    'CUSTOMER:DELETED',
    'CUSTOMER:RESTORED',
    'CUSTOMER:MERGED',
    'DEAL:UPDATED',
    'DEAL:DELETED',
    'DEAL:RESTORED',
    'LEAD:CREATED',
    'LEAD:DELETED',
    'PARTNER:UPDATED',
    'DEAL_REGISTRATION:DELETED',
  ])
    expect(ops).toContain(op);
  const merged = mirror.seen.find((event) => event.op === 'MERGED')!;
  expect(merged).toMatchObject({ type: 'CUSTOMER', id: acmeDup.id, mergedInto: acme.id });
  expect(mirror.pages).toBeGreaterThan(10);
  // Positions only grow, and no event came twice.
  for (const feed of ['CUSTOMER', 'PARTNER']) {
    const positions = mirror.seen
      .filter((event) => SHAPES[typeName(event.type)].feed === SHAPES[typeName(feed)].feed)
      .map((event) => BigInt(event.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(positions).size).toBe(positions.length);
  }
});

it('names the changed fields by their GraphQL names', async () => {
  const customer = await createCustomer(graph, { name: 'Fieldco' });
  const deal = await createDeal(graph, { customerId: customer.id, title: 'Fields' });
  const { cursor } = await drainFeed(graph, 'crmChanges', BI, { types: ['DEAL'] });
  await crmSql(
    `UPDATE crm.deals SET next_step = 'Call', expected_close_date = current_date + 30, external_ref = 'x' WHERE id = $1`,
    [deal.id],
  );
  await must(graph, `mutation($id: ID!) { updateDeal(id: $id, input: { ownerId: "owner-2" }) { id } }`, {
    id: deal.id,
  });
  const { events } = await drainFeed(graph, 'crmChanges', BI, { after: cursor, types: ['DEAL'] });
  // external_ref is no field of Deal: not named.
  expect(events.map((event) => [event.op, event.changedFields])).toEqual([
    ['UPDATED', ['expectedCloseDate', 'nextStep']],
    ['UPDATED', ['ownerId']],
  ]);
});
