import type { Identity } from '@sales-graph/shared/auth/identity';
import { sealCursor } from '@sales-graph/shared/graphql/cursor';
import { HOUR_MS } from '@sales-graph/shared/time';
import { as, client, createCustomer, errorOf, startTestGraph } from '../support';
import type { CustomerInput, TestGraph } from '../support';

/**
 * Loose ends of the CRM's customer views: insights never add money across currencies (the
 * primary currency's figures plus one row per currency), every timeline entry has its own id so
 * paging through entries of the same instant neither skips nor repeats one, and a restored
 * customer is checked for duplicates like a new one.
 */

const { sales: SALES, analyst: ANALYST } = as;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let graph: TestGraph;

const gql = (query: string, variables: Record<string, unknown> = {}, identity: Identity = SALES) =>
  graph.query<Json>(query, variables, identity);

const { ok } = client(() => graph, SALES);

const sql = (text: string, params: unknown[] = []) => graph.crm.query(text, params) as Promise<Json[]>;

const newCustomer = async (name: string, extra: Omit<CustomerInput, 'name'> = {}) =>
  (await createCustomer(graph, { name, ...extra }, SALES)).id;

beforeAll(async () => {
  graph = await startTestGraph();
});

afterAll(async () => {
  await graph?.stop();
});

describe('customer insights per currency', () => {
  async function order(customerId: string, currency: string, total: string, status = 'PLACED') {
    await sql(
      `INSERT INTO crm.orders (customer_id, currency, status, ordered_at, total_amount)
       VALUES ($1, $2, $3, now() - interval '1 day', $4)`,
      [customerId, currency, status, total],
    );
  }
  async function deal(customerId: string, currency: string, amount: string, stage = 'PROPOSAL') {
    await sql(
      `INSERT INTO crm.deals (title, customer_id, currency, amount, stage) VALUES ('Deal', $1, $2, $3, $4)`,
      [customerId, currency, amount, stage],
    );
  }

  const insightsOf = async (id: string) =>
    (
      await ok(
        `query($id: ID!) { customer(id: $id) { insights {
          currency lifetimeValue orderCount averageOrderValue openPipelineAmount winRate
          byCurrency { currency lifetimeValue orderCount averageOrderValue openPipelineAmount }
        } } }`,
        { id },
        ANALYST,
      )
    ).customer.insights as Json;

  it('gives the money figures in the currency of most orders and every currency apart', async () => {
    const id = await newCustomer('Three Currencies GmbH');
    await order(id, 'EUR', '100.00');
    await order(id, 'EUR', '50.25');
    await order(id, 'USD', '999.99'); // more money, fewer orders
    await order(id, 'USD', '5000.00', 'CANCELLED');
    await deal(id, 'EUR', '10.00');
    await deal(id, 'USD', '20.00');
    await deal(id, 'USD', '300.00', 'CLOSED_WON');
    await deal(id, 'GBP', '5.55');
    await deal(id, 'EUR', '70.00', 'CLOSED_LOST');

    expect(await insightsOf(id)).toEqual({
      currency: 'EUR',
      lifetimeValue: '150.25', // not 1150.24: the USD order is not added to the euros
      orderCount: 3, // all currencies
      averageOrderValue: '75.13', // 150.25 / 2, rounded half up
      openPipelineAmount: '10.00',
      winRate: 0.5, // all currencies
      byCurrency: [
        {
          currency: 'EUR',
          lifetimeValue: '150.25',
          orderCount: 2,
          averageOrderValue: '75.13',
          openPipelineAmount: '10.00',
        },
        {
          currency: 'GBP',
          lifetimeValue: '0.00',
          orderCount: 0,
          averageOrderValue: null,
          openPipelineAmount: '5.55',
        },
        {
          currency: 'USD',
          lifetimeValue: '999.99',
          orderCount: 1,
          averageOrderValue: '999.99',
          openPipelineAmount: '20.00',
        },
      ],
    });
  });

  it('breaks ties by deals, then by currency code, and falls back to deals without orders', async () => {
    const byDeals = await newCustomer('Tie By Deals Ltd');
    await order(byDeals, 'EUR', '1.00');
    await order(byDeals, 'USD', '2.00');
    await deal(byDeals, 'USD', '3.00', 'CLOSED_LOST');
    const byCode = await newCustomer('Tie By Code Ltd');
    await order(byCode, 'USD', '2.00');
    await order(byCode, 'EUR', '1.00');
    const dealsOnly = await newCustomer('Deals Only Ltd');
    await deal(dealsOnly, 'GBP', '42.00');

    expect(await insightsOf(byDeals)).toMatchObject({
      currency: 'USD',
      lifetimeValue: '2.00',
      orderCount: 2,
      openPipelineAmount: '0.00',
      winRate: 0,
    });
    expect(await insightsOf(byCode)).toMatchObject({ currency: 'EUR', lifetimeValue: '1.00', orderCount: 2 });
    expect(await insightsOf(dealsOnly)).toEqual({
      currency: 'GBP',
      lifetimeValue: '0.00',
      orderCount: 0,
      averageOrderValue: null,
      openPipelineAmount: '42.00',
      winRate: null,
      byCurrency: [
        {
          currency: 'GBP',
          lifetimeValue: '0.00',
          orderCount: 0,
          averageOrderValue: null,
          openPipelineAmount: '42.00',
        },
      ],
    });
    const quiet = await newCustomer('No Money Ltd');
    expect(await insightsOf(quiet)).toEqual({
      currency: null,
      lifetimeValue: '0.00',
      orderCount: 0,
      averageOrderValue: null,
      openPipelineAmount: '0.00',
      winRate: null,
      byCurrency: [],
    });
  });
});

describe('timeline entries of the same instant', () => {
  const PAGE = `query($id: ID!, $first: Int, $after: String) { customer(id: $id) {
    timeline(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id type title occurredAt campaignMember { id } activity { id } } }
    } } }`;

  let customerId: string;
  const at = new Date(Date.now() - HOUR_MS);
  const memberIds: string[] = [];
  const activityIds: string[] = [];

  beforeAll(async () => {
    customerId = await newCustomer('Same Millisecond AG');
    const contact = (
      await ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
        input: { customerId, firstName: 'Ada', lastName: 'Same' },
      })
    ).createContact.id as string;
    // Three memberships that were enrolled and responded in the same millisecond, and two
    // activities at that instant too: eight entries with one timestamp.
    for (const name of ['Alpha', 'Beta', 'Gamma']) {
      const [campaign] = await sql(
        `INSERT INTO crm.campaigns (name, channel, status) VALUES ($1, 'EMAIL', 'ACTIVE') RETURNING id`,
        [name],
      );
      const [member] = await sql(
        `INSERT INTO crm.campaign_members (campaign_id, contact_id, status, created_at, responded_at)
         VALUES ($1, $2, 'RESPONDED', $3, $3) RETURNING id`,
        [campaign.id, contact, at],
      );
      memberIds.push(member.id as string);
    }
    for (const subject of ['Call one', 'Call two']) {
      const [activity] = await sql(
        `INSERT INTO crm.activities (type, subject, occurred_at, customer_id) VALUES ('CALL', $1, $2, $3) RETURNING id`,
        [subject, at, customerId],
      );
      activityIds.push(activity.id as string);
    }
  });

  it('gives every entry its own stable id, telling the two touches of a membership apart', async () => {
    const all = (await ok(PAGE, { id: customerId, first: 20 }, ANALYST)).customer.timeline;
    expect(all.totalCount).toBe(8);
    const nodes = all.edges.map((e: Json) => e.node) as Json[];
    expect(nodes).toHaveLength(8);
    expect(new Set(nodes.map((n) => n.occurredAt))).toEqual(new Set([at.toISOString()]));
    expect(new Set(nodes.map((n) => n.id)).size).toBe(8);
    expect(new Set(all.edges.map((e: Json) => e.cursor)).size).toBe(8);
    expect(nodes.map((n) => n.id).sort()).toEqual(
      [
        ...activityIds.map((id) => `ACTIVITY:${id}`),
        ...memberIds.flatMap((id) => [`CAMPAIGN_TOUCH:${id}:ENROLLED`, `CAMPAIGN_TOUCH:${id}:RESPONDED`]),
      ].sort(),
    );
    for (const node of nodes) {
      if (node.type === 'CAMPAIGN_TOUCH') {
        expect(node.id).toBe(
          `CAMPAIGN_TOUCH:${node.campaignMember.id}:${node.title.startsWith('Responded') ? 'RESPONDED' : 'ENROLLED'}`,
        );
      } else {
        expect(node.id).toBe(`ACTIVITY:${node.activity.id}`);
      }
    }
    // Stable: the same ids in the same order on a second read.
    const again = (await ok(PAGE, { id: customerId, first: 20 }, ANALYST)).customer.timeline;
    expect(again.edges.map((e: Json) => e.node.id)).toEqual(nodes.map((n) => n.id));
  });

  it('pages through them without skipping or repeating one, whatever the page size', async () => {
    const all = (await ok(PAGE, { id: customerId, first: 20 }, ANALYST)).customer.timeline;
    const expected = all.edges.map((e: Json) => e.node.id);
    for (const first of [1, 2, 3]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        const timeline: Json = (await ok(PAGE, { id: customerId, first, after }, ANALYST)).customer.timeline;
        seen.push(...timeline.edges.map((e: Json) => e.node.id));
        if (!timeline.pageInfo.hasNextPage) break;
        after = timeline.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
    }
  });

  it('refuses a cursor whose id is not a timeline entry id', async () => {
    // A cursor this server sealed, so that only the entry id inside it is wrong.
    const cursor = (id: string) => sealCursor([at.toISOString(), id]);
    for (const id of [
      memberIds[0],
      `CAMPAIGN_TOUCH:${memberIds[0]}`,
      `ACTIVITY:${activityIds[0]}:ENROLLED`,
    ]) {
      const error = errorOf(await gql(PAGE, { id: customerId, first: 2, after: cursor(id) }, ANALYST));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
  });
});

describe('restoring a customer', () => {
  const RESTORE = `mutation($id: ID!, $allow: Boolean) { restoreCustomer(id: $id, allowDuplicate: $allow) { id deletedAt } }`;
  const remove = (id: string) => ok(`mutation($id: ID!) { deleteCustomer(id: $id) { id } }`, { id });

  it('refuses to bring back a duplicate of a live customer created meanwhile, unless allowed', async () => {
    const old = await newCustomer('Phoenix Holdings', { domain: 'phoenix.example' });
    await remove(old);
    const replacement = await newCustomer('Phoenix Holdings Inc.', { domain: 'phoenix.example' });

    const refused = errorOf(await gql(RESTORE, { id: old }));
    expect(refused.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'domain',
      duplicateOf: replacement,
      reason: 'DOMAIN',
    });
    const [row] = await sql(`SELECT deleted_at FROM crm.customers WHERE id = $1`, [old]);
    expect(row.deleted_at).not.toBeNull(); // nothing written

    expect((await ok(RESTORE, { id: old, allow: true })).restoreCustomer).toEqual({
      id: old,
      deletedAt: null,
    });
  });

  it('checks the name too, and restores freely when nothing collides', async () => {
    const old = await newCustomer('Nimbus Freight');
    await remove(old);
    const replacement = await newCustomer('NIMBUS FREIGHT');
    expect(errorOf(await gql(RESTORE, { id: old })).extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'name',
      duplicateOf: replacement,
    });
    await remove(replacement);
    expect((await ok(RESTORE, { id: old })).restoreCustomer).toEqual({ id: old, deletedAt: null });
  });
});
