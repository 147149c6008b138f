import { statementCounter } from '@sales-graph/shared/db/datasource';
import type { RequestContext } from '@sales-graph/shared/context';
import { packIds, type CrmDeal } from '../../subgraphs/partners/src/crm/crm.client';
import {
  MAX_FACT_IDS,
  partnerDealAggregates,
} from '../../subgraphs/customers/src/partner-deals/partner-deal-facts';
import { computePerformance } from '../../subgraphs/partners/src/performance/performance.rules';
import { as, client, startTestGraph } from '../support';
import type { Data, TestGraph } from '../support';

/**
 * Partner performance and scorecards at scale: the PRM asks the CRM for sums, in ONE call per
 * request, whatever the number of partners and deals; a page whose deal history used to be sent
 * whole (and answered 413 beyond the 1 MB body limit) now answers, with the numbers the rules
 * compute from the deals themselves.
 */

const { channelManager: CM } = as;
const PERIOD = { from: '2026-01-01', to: '2026-12-31' };
const CARD_PERIOD = { from: '2026-04-01', to: '2026-06-30' };

const PAGE = `query($period: PeriodInput!, $card: PeriodInput!) { partners(first: 40) { edges { node { id
  performance(period: $period) { from to dealsWon dealsLost winRate
    byCurrency { currency sourcedPipeline influencedPipeline wonRevenue influencedWonRevenue averageDealSize dealsWon dealsLost winRate } }
  scorecard(period: $card) { revenue { currency amount } dealsWon dealsLost winRate leadOffersReceived }
} } } }`;

const OLD_DEAL_FACTS = `query DealFacts($d: [_Any!]!, $l: [_Any!]!) {
  deals: _entities(representations: $d) { ... on Deal { id amount currency stage closedAt createdAt } }
  leads: _entities(representations: $l) { ... on Lead { id deal { id amount currency stage closedAt createdAt } } } }`;

let graph: TestGraph;
let customerId: string;

beforeAll(async () => {
  graph = await startTestGraph();
  [{ id: customerId }] = await graph.crm.query(
    `INSERT INTO crm.customers (name, lifecycle_stage) VALUES ('Scale Corp', 'CUSTOMER') RETURNING id`,
  );
});

afterAll(async () => {
  await graph?.stop();
});

const { ok } = client(() => graph, CM);

let batch = 0;

/** A bulk statement of the generator, without the request statement timeout. */
function bulk<T = Data[]>(dataSource: TestGraph['crm'], sql: string, params: unknown[]): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await manager.query('SET LOCAL statement_timeout = 0');
    return manager.query(sql, params) as Promise<T>;
  });
}

/**
 * `partners` partners created after every earlier one, each sourcing `sourced` deals and with
 * `leads` leads (half assigned, half referred) that became deals, in bulk SQL. Stages, amounts,
 * currencies and dates vary with the row number, so every figure is exercised.
 */
async function generate(partners: number, sourced: number, leads: number): Promise<void> {
  batch += 1;
  const tag = `b${batch}`;
  const ids: { id: string }[] = await bulk(
    graph.prm,
    `INSERT INTO prm.partners (name, name_key, type, tier, status, created_at, created_by)
     SELECT 'Partner ' || $1 || '-' || n, 'partner ' || $1 || ' ' || n, 'RESELLER', 'REGISTERED', 'ACTIVE',
            now() + make_interval(secs => ($2 * 100000 + n)::float8), 'test:scale'
     FROM generate_series(1, $3) n RETURNING id`,
    [tag, batch, partners],
  );
  const partnerIds = ids.map((row) => row.id);
  const deals = `
    SELECT gen_random_uuid() AS id, p.partner_id, p.ordinality AS pn, n,
           (100 + (n * 37 + p.ordinality) % 9000)::numeric + ((n % 100)::numeric / 100) AS amount,
           (ARRAY['USD','EUR','GBP'])[1 + (n + p.ordinality) % 3] AS currency,
           (ARRAY['PROSPECTING','QUALIFICATION','CLOSED_WON','CLOSED_LOST','PROPOSAL','CLOSED_WON'])[1 + n % 6] AS stage,
           timestamptz '2025-10-01' + make_interval(days => ((n * 7 + p.ordinality) % 450)::int) AS created_at
    FROM unnest($1::uuid[]) WITH ORDINALITY AS p(partner_id, ordinality), generate_series(1, $2) n`;
  const sourcedRows: { id: string; partner_id: string }[] = await bulk(
    graph.crm,
    `WITH g AS (${deals})
     INSERT INTO crm.deals (id, title, amount, currency, stage, closed_at, customer_id, created_at, created_by)
     SELECT id, 'Deal ' || n, amount, currency, stage,
            CASE WHEN stage LIKE 'CLOSED%' THEN created_at + make_interval(days => (n % 60)::int) END,
            $3, created_at, partner_id::text
     FROM g RETURNING id, created_by AS partner_id`,
    [partnerIds, sourced, customerId],
  );
  await bulk(
    graph.prm,
    `INSERT INTO prm.deal_attributions (deal_id, partner_id, created_by)
     SELECT * , 'test:scale' FROM unnest($1::uuid[], $2::uuid[])`,
    [sourcedRows.map((row) => row.id), sourcedRows.map((row) => row.partner_id)],
  );
  if (leads === 0) return;
  const leadRows: { lead_id: string; partner_id: string; n: number }[] = await bulk(
    graph.crm,
    `WITH g AS (${deals}), l AS (
       INSERT INTO crm.leads (id, name, source, status, created_by)
       SELECT gen_random_uuid(), 'Lead ' || n, 'PARTNER', 'CONVERTED', g.id::text FROM g
       RETURNING id, created_by)
     , d AS (
       INSERT INTO crm.deals (title, amount, currency, stage, closed_at, customer_id, lead_id, created_at, created_by)
       SELECT 'Influenced ' || g.n, g.amount, g.currency, g.stage,
              CASE WHEN g.stage LIKE 'CLOSED%' THEN g.created_at + make_interval(days => (g.n % 45)::int) END,
              $3, l.id, g.created_at, 'test:scale'
       FROM g JOIN l ON l.created_by = g.id::text RETURNING lead_id)
     SELECT l.id AS lead_id, g.partner_id, g.n FROM g JOIN l ON l.created_by = g.id::text`,
    [partnerIds, leads, customerId],
  );
  await bulk(
    graph.prm,
    `INSERT INTO prm.lead_attributions (lead_id, assigned_partner_id, referred_by_partner_id, created_by)
     SELECT lead_id, CASE WHEN n % 2 = 0 THEN partner_id END, CASE WHEN n % 2 = 1 THEN partner_id END, 'test:scale'
     FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS t(lead_id, partner_id, n)`,
    [leadRows.map((row) => row.lead_id), leadRows.map((row) => row.partner_id), leadRows.map((row) => row.n)],
  );
}

/** Statements on each database, and the partners answered, for the page of 40. */
async function pageCost(): Promise<{ prm: number; crm: number; partners: number; data: Data }> {
  const prm = statementCounter(graph.prm);
  const crm = statementCounter(graph.crm);
  prm.record();
  crm.record();
  const data = await ok(PAGE, { period: PERIOD, card: CARD_PERIOD });
  return { prm: prm.count, crm: crm.count, partners: data.partners.edges.length, data };
}

/** The deals of one partner read straight from the CRM tables: sourced, and influenced (not sourced). */
async function dealsOf(
  partnerId: string,
): Promise<{ sourced: CrmDeal[]; influenced: CrmDeal[]; leadIds: string[] }> {
  const dealIds = (
    await graph.prm.query(
      `SELECT deal_id FROM prm.deal_attributions WHERE partner_id = $1 AND deleted_at IS NULL`,
      [partnerId],
    )
  ).map((row: { deal_id: string }) => row.deal_id);
  const leadIds = (
    await graph.prm.query(
      `SELECT lead_id FROM prm.lead_attributions
       WHERE (assigned_partner_id = $1 OR referred_by_partner_id = $1) AND deleted_at IS NULL`,
      [partnerId],
    )
  ).map((row: { lead_id: string }) => row.lead_id);
  const read = (where: string, ids: string[]): Promise<CrmDeal[]> =>
    graph.crm.query(
      `SELECT id, amount::text AS amount, currency, stage, closed_at AS "closedAt", created_at AS "createdAt"
       FROM crm.deals WHERE ${where} = ANY($1::uuid[]) AND deleted_at IS NULL`,
      [ids],
    );
  const sourced = await read('id', dealIds);
  const own = new Set(sourced.map((deal) => deal.id));
  const influenced = (await read('lead_id', leadIds)).filter((deal) => !own.has(deal.id));
  return { sourced, influenced, leadIds };
}

/** What the rules compute from the deals themselves, shaped as the page answers it. */
async function expectedFor(partnerId: string): Promise<Data> {
  const { sourced, influenced } = await dealsOf(partnerId);
  const iso = (deals: CrmDeal[]) =>
    deals.map((deal) => ({
      ...deal,
      createdAt: new Date(deal.createdAt).toISOString(),
      closedAt: deal.closedAt ? new Date(deal.closedAt).toISOString() : null,
    }));
  const performance = computePerformance(iso(sourced), iso(influenced), PERIOD);
  const sales = computePerformance(iso(sourced), [], CARD_PERIOD);
  return {
    performance: { ...PERIOD, ...performance },
    scorecard: {
      revenue: sales.byCurrency
        .filter((row) => row.dealsWon > 0)
        .map((row) => ({ currency: row.currency, amount: row.wonRevenue })),
      dealsWon: sales.dealsWon,
      dealsLost: sales.dealsLost,
      winRate: sales.winRate,
    },
  };
}

describe('partners(first: 40) { performance scorecard } at scale', () => {
  let small: { prm: number; crm: number; partners: number };

  it('costs a fixed number of statements with few partners and deals', async () => {
    await generate(5, 3, 2);
    small = await pageCost();
    expect(small.partners).toBe(5);
    // One aggregate statement in the CRM: the sales figures of all partners and both periods.
    expect(small.crm).toBe(1);
    expect(small.prm).toBeGreaterThan(0);
  });

  it('answers a page whose deal history is beyond the body limit, in the same statements, with the same numbers', async () => {
    // 40 more partners fill the page's remainder with 500 sourced deals and 100 influenced each
    // (24,000 ids on the page: ~1.5 MB as the entity representations the PRM used to send), and
    // 960 more partners of 50 deals each lie beyond the page.
    await generate(35, 500, 100);
    await generate(960, 50, 0);
    const [{ count }] = await graph.crm.query(`SELECT count(*)::int AS count FROM crm.deals`);
    expect(count).toBeGreaterThan(60_000);

    const large = await pageCost();
    expect(large.partners).toBe(40);
    expect(large.crm).toBe(small.crm);
    expect(large.prm).toBe(small.prm);

    // Same numbers as the rules over the deals themselves, for the light and the heavy partners.
    const nodes = large.data.partners.edges.map((edge: Data) => edge.node);
    for (const node of [nodes[0], nodes[4], nodes[5], nodes[39]]) {
      const expected = await expectedFor(node.id);
      expect(node.performance).toEqual(expected.performance);
      expect(node.scorecard).toMatchObject(expected.scorecard);
    }
    const heavy = nodes[39];
    expect(heavy.performance.dealsWon).toBeGreaterThan(0);
    expect(heavy.performance.byCurrency.some((row: Data) => row.influencedWonRevenue !== '0.00')).toBe(true);
    expect(heavy.scorecard.dealsLost).toBeGreaterThan(0);

    // The old way, every deal and lead of the page as an entity representation, answers 413
    // (the body limit is checked before anything else, so no identity is needed to see it).
    const all: Awaited<ReturnType<typeof dealsOf>>[] = await Promise.all(
      nodes.map((node: Data) => dealsOf(node.id)),
    );
    const body = JSON.stringify({
      query: OLD_DEAL_FACTS,
      variables: {
        d: all.flatMap((deals) => deals.sourced.map((deal) => ({ __typename: 'Deal', id: deal.id }))),
        l: all.flatMap((deals) => deals.leadIds.map((id) => ({ __typename: 'Lead', id }))),
      },
    });
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const response = await fetch(graph.customers.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await response.body?.cancel();
    expect(response.status).toBe(413);
  });
});

describe('partnerDealAggregates input (the CRM side)', () => {
  const ctx = () => ({ dataSource: graph.crm }) as unknown as RequestContext;
  const one = packIds(['3f0b6a3e-4a3b-4c1e-9d2a-1b2c3d4e5f60']);
  const valid = { dealIds: one, dealCounts: [1], leadIds: '', leadCounts: [0], periods: [PERIOD] };
  const cases: [string, Record<string, unknown>, string][] = [
    ['slot counts that disagree', { leadCounts: [0, 0] }, 'leadCounts'],
    ['counts that do not add up to the ids', { dealCounts: [2] }, 'dealCounts'],
    ['a negative count', { dealCounts: [-1, 2], leadCounts: [0, 0] }, 'dealCounts'],
    ['ids that are not 16 bytes each', { dealIds: Buffer.from('short').toString('base64') }, 'dealIds'],
    ['ids that are not base64', { dealIds: 'not base64!' }, 'dealIds'],
    ['more ids than the bound', { dealIds: 'A'.repeat(((MAX_FACT_IDS + 1) * 16 * 4) / 3) }, 'dealIds'],
    ['no period', { periods: [] }, 'periods'],
    ['a period that ends before it starts', { periods: [{ from: '2026-02-01', to: '2026-01-01' }] }, 'to'],
  ];
  it.each(cases)('refuses %s with BAD_USER_INPUT', async (_name, change, field) => {
    await expect(partnerDealAggregates(ctx(), { ...valid, ...change } as never)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field },
    });
  });

  it('answers nothing for an id that names no deal', async () => {
    await expect(partnerDealAggregates(ctx(), valid as never)).resolves.toEqual([]);
  });
});
