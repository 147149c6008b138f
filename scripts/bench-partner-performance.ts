/**
 * p50 of `partners(first: 40) { performance scorecard }` through the gateway, at 1 and 10
 * connections, on generated data (default 1,000 partners × 200 sourced deals = 200,000 deals, plus
 * 20 influenced deals a partner). Usage (needs TEST_DATABASE_URL, a real PostgreSQL):
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
 *     node --require ./scripts/ts-run.cjs scripts/bench-partner-performance.ts [partners] [deals] [requests]
 * With BENCH_DATABASE_URL (a copy of `sales_large`, migrated; both subgraphs in that one database)
 * nothing is generated: both subgraphs read that database, and `partners` and `deals` are ignored.
 * Never point it at a database others use: the lag measurement moves 200 attributions.
 * COLD=1 asks other periods on every request (nothing answered from the CRM's kept figures);
 * EXPLAIN=1 prints the CRM statement's plans and where a page's time goes, instead of timing.
 */
import type { Identity } from '@sales-graph/shared/auth/identity';
import { startTestGraph, type TestGraph } from '../test/support/graph';
import { partnerDealAggregates } from '../subgraphs/customers/src/partner-deals/partner-deal-facts';
import { httpCrmClient, packIds } from '../subgraphs/partners/src/crm/crm.client';
import { backfillProjection } from './environment';
import { DAY_MS } from '@sales-graph/shared/time';

const [partners = 1000, deals = 200, requests = 60] = process.argv.slice(2).map(Number);
const CM: Identity = { sub: 'cm:bench', role: 'CHANNEL_MANAGER' };
const PAGE = `query($period: PeriodInput!) { partners(first: 40) { edges { node { id
  performance(period: $period) { dealsWon winRate byCurrency { currency sourcedPipeline wonRevenue influencedWonRevenue averageDealSize } }
  scorecard { revenue { currency amount } dealsWon dealsLost winRate leadOffersReceived } } } } }`;

async function bulk(graph: TestGraph, db: 'crm' | 'prm', sql: string, params: unknown[] = []) {
  return graph[db].transaction(async (m) => {
    await m.query('SET LOCAL statement_timeout = 0');
    return m.query(sql, params);
  });
}

async function generate(graph: TestGraph): Promise<void> {
  const [{ id: customer }] = await bulk(
    graph,
    'crm',
    `INSERT INTO crm.customers (name, lifecycle_stage) VALUES ('Bench', 'CUSTOMER') RETURNING id`,
  );
  const ids: { id: string }[] = await bulk(
    graph,
    'prm',
    `INSERT INTO prm.partners (name, name_key, type, tier, status, created_by)
     SELECT 'Bench ' || n, 'bench ' || n, 'RESELLER', 'REGISTERED', 'ACTIVE', 'bench' FROM generate_series(1, $1) n RETURNING id`,
    [partners],
  );
  const g = `SELECT gen_random_uuid() AS id, p AS partner_id, n,
      (100 + n % 9000)::numeric(18,2) AS amount, (ARRAY['USD','EUR'])[1 + n % 2] AS currency,
      (ARRAY['PROSPECTING','CLOSED_WON','CLOSED_LOST','PROPOSAL'])[1 + n % 4] AS stage,
      now() - make_interval(days => (n % 400)::int) AS created_at
    FROM unnest($1::uuid[]) p, generate_series(1, $2) n`;
  const rows: { id: string; partner_id: string }[] = await bulk(
    graph,
    'crm',
    `WITH g AS (${g}) INSERT INTO crm.deals (id, title, amount, currency, stage, closed_at, customer_id, created_at, created_by)
     SELECT id, 'D', amount, currency, stage, CASE WHEN stage LIKE 'CLOSED%' THEN created_at + interval '10 days' END, $3, created_at, partner_id::text
     FROM g RETURNING id, created_by AS partner_id`,
    [ids.map((r) => r.id), deals, customer],
  );
  await bulk(
    graph,
    'prm',
    `INSERT INTO prm.deal_attributions (deal_id, partner_id, created_by) SELECT *, 'bench' FROM unnest($1::uuid[], $2::uuid[])`,
    [rows.map((r) => r.id), rows.map((r) => r.partner_id)],
  );
  const leads: { id: string; partner_id: string }[] = await bulk(
    graph,
    'crm',
    `WITH g AS (${g}), l AS (INSERT INTO crm.leads (name, source, status, created_by)
       SELECT 'L', 'PARTNER', 'CONVERTED', partner_id::text FROM g RETURNING id, created_by),
     d AS (INSERT INTO crm.deals (title, amount, currency, stage, customer_id, lead_id, created_at)
       SELECT 'I', 500, 'USD', 'PROPOSAL', $3, id, now() FROM l)
     SELECT id, created_by AS partner_id FROM l`,
    [ids.map((r) => r.id), Math.max(1, Math.round(deals / 10)), customer],
  );
  await bulk(
    graph,
    'prm',
    `INSERT INTO prm.lead_attributions (lead_id, assigned_partner_id, created_by) SELECT *, 'bench' FROM unnest($1::uuid[], $2::uuid[])`,
    [leads.map((r) => r.id), leads.map((r) => r.partner_id)],
  );
  // The CRM's attribution projection of the generated rows (as the seeds do); PROJECTION=0 skips
  // it, leaving every partner pending: the ids path of before the projection.
  if (process.env.PROJECTION !== '0') {
    const started = performance.now();
    const backfill = await backfillProjection(graph.crm, graph.prm);
    console.log(
      `backfill: ${JSON.stringify(backfill)} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  await bulk(graph, 'crm', 'ANALYZE');
  await bulk(graph, 'prm', 'ANALYZE');
  console.log(
    `generated ${partners} partners, ${rows.length} sourced deals, ${leads.length} influenced deals`,
  );
}

/**
 * COLD=1: every request asks other periods (its performance and its scorecard's a day shorter
 * than the request before), so none is answered from the figures the CRM keeps: the cost of a
 * page asked for the first time, or right after its partners' deals changed.
 */
const COLD = process.env.COLD === '1';
const COLD_PAGE = PAGE.replace(
  'query($period: PeriodInput!)',
  'query($period: PeriodInput!, $card: PeriodInput!)',
).replace('scorecard {', 'scorecard(period: $card) {');
let coldRequests = 0;
const shortened = (to: string, days: number) =>
  new Date(Date.parse(`${to}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);

async function p50(graph: TestGraph, connections: number): Promise<number> {
  const times: number[] = [];
  let next = 0;
  const period = { from: '2026-01-01', to: '2026-12-31' };
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next++ < requests) {
        const n = ++coldRequests;
        const start = performance.now();
        const answer = COLD
          ? await graph.query(
              COLD_PAGE,
              {
                period: { from: period.from, to: shortened(period.to, n) },
                card: { from: '2025-12-04', to: shortened('2026-12-03', n) },
              },
              CM,
            )
          : await graph.query(PAGE, { period }, CM);
        if (answer.errors?.length) throw new Error(JSON.stringify(answer.errors).slice(0, 500));
        times.push(performance.now() - start);
      }
    }),
  );
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * The projection's lag, enqueue → applied in the CRM: 200 attribution changes (a deal moved to
 * another partner, one transaction each) delivered by the running PRM's attribution dispatcher
 * (OUTBOX_POLL_MS, default 1000 ms); both times are the one PostgreSQL server's clock.
 */
async function lag(graph: TestGraph): Promise<void> {
  const moved: { deal_id: string }[] = await graph.prm.query(
    `SELECT deal_id FROM prm.deal_attributions WHERE deleted_at IS NULL ORDER BY random() LIMIT 200`,
  );
  for (const { deal_id } of moved)
    await graph.prm.query(
      `UPDATE prm.deal_attributions SET partner_id = (SELECT id FROM prm.partners ORDER BY random() LIMIT 1)
       WHERE deal_id = $1 AND deleted_at IS NULL`,
      [deal_id],
    );
  const waitStart = Date.now();
  for (;;) {
    const [{ n }] = await graph.prm.query(
      `SELECT count(*)::int AS n FROM prm.attribution_outbox WHERE delivered_at IS NULL`,
    );
    if (n === 0 || Date.now() - waitStart > 120_000) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const lags: { ms: number }[] = await graph.crm.query(
    `SELECT extract(epoch FROM applied_at - attributed_at)::float8 * 1000 AS ms FROM crm.partner_attributions
     WHERE record_id = ANY($1::uuid[]) AND role = 'SOURCED' ORDER BY 1`,
    [moved.map((row) => row.deal_id)],
  );
  const at = (q: number) => lags[Math.min(lags.length - 1, Math.floor(lags.length * q))]?.ms.toFixed(0);
  console.log(
    `projection lag (enqueue → applied, ${lags.length} changes): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`,
  );
}

/** Median of `n` runs of `run` (after two warm-up runs), in ms. */
async function median(n: number, run: () => Promise<unknown>): Promise<number> {
  await run();
  await run();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Where a page's time goes (EXPLAIN=1): medians of 15 runs of each part, one at a time. */
async function breakdown(graph: TestGraph, page: { id: string }[]): Promise<void> {
  const crm = httpCrmClient(() => graph.customers.url);
  const year = { from: '2026-01-01', to: '2026-12-31' };
  const trailing = { from: '2025-12-04', to: '2026-12-03' };
  const parts: [string, () => Promise<unknown>][] = [
    [
      'partners(first: 40) { id } through the gateway (the floor)',
      () => graph.query(`{ partners(first: 40) { edges { node { id } } } }`, {}, CM),
    ],
    [
      '... scorecard { leadOffersReceived } (PRM only)',
      () =>
        graph.query(
          `{ partners(first: 40) { edges { node { id scorecard { leadOffersReceived } } } } }`,
          {},
          CM,
        ),
    ],
    [
      '... performance(period) { dealsWon }',
      () =>
        graph.query(
          `{ partners(first: 40) { edges { node { id performance(period: { from: "2026-01-01", to: "2026-12-31" }) { dealsWon } } } } }`,
          {},
          CM,
        ),
    ],
    ['the whole page (performance and scorecard)', () => graph.query(PAGE, { period: year }, CM)],
    [
      'the CRM call alone (SERVICE, HTTP, 40 partners, 2 periods)',
      () =>
        crm.dealAggregates(
          page.map((p) => ({ dealIds: [], leadIds: [], partnerId: p.id })),
          [year, trailing],
        ),
    ],
    [
      'its statement in process (partnerDealAggregates)',
      () =>
        partnerDealAggregates({ dataSource: graph.crm } as never, {
          dealIds: '',
          dealCounts: page.map(() => 0),
          leadIds: '',
          leadCounts: page.map(() => 0),
          partnerIds: page.map((p) => p.id),
          periods: [year, trailing],
        }),
    ],
    [
      'a trivial SERVICE call to the CRM',
      () => crm.existing('Deal', ['00000000-0000-0000-0000-000000000000']),
    ],
  ];
  for (const [name, run] of parts) console.log(`${name}: ${(await median(15, run)).toFixed(1)} ms`);
}

async function main(): Promise<void> {
  const existing = process.env.BENCH_DATABASE_URL;
  const graph = await startTestGraph(existing ? { databaseUrl: () => existing } : {});
  try {
    if (!existing) await generate(graph);
    // EXPLAIN=1: print the plan of the CRM aggregate for the first page instead of timing.
    if (process.env.EXPLAIN) {
      const page: { id: string }[] = await graph.prm.query(
        `SELECT id FROM prm.partners ORDER BY created_at, id LIMIT 40`,
      );
      const slots = [];
      for (const { id } of page) {
        const d = (
          await graph.prm.query(`SELECT deal_id FROM prm.deal_attributions WHERE partner_id = $1`, [id])
        ).map((r: { deal_id: string }) => r.deal_id);
        const l = (
          await graph.prm.query(`SELECT lead_id FROM prm.lead_attributions WHERE assigned_partner_id = $1`, [
            id,
          ])
        ).map((r: { lead_id: string }) => r.lead_id);
        slots.push({ d, l });
      }
      const fake = {
        dataSource: {
          query: async (sql: string, params: unknown[]) => {
            await graph.crm.query(sql, params);
            const plan = await graph.crm.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
            console.log(plan.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
            return [];
          },
        },
      };
      // The ids path of before the projection (refused beyond 40,000 ids a call).
      await partnerDealAggregates(fake as never, {
        dealIds: packIds(slots.flatMap((s) => s.d)),
        dealCounts: slots.map((s) => s.d.length),
        leadIds: packIds(slots.flatMap((s) => s.l)),
        leadCounts: slots.map((s) => s.l.length),
        periods: [
          { from: '2026-01-01', to: '2026-12-31' },
          { from: '2025-12-01', to: '2026-11-30' },
        ],
      }).catch((error: Error) => console.log('ids path:', error.message));
      console.log('--- the same page from the projection (partner ids only):');
      await partnerDealAggregates(fake as never, {
        dealIds: '',
        dealCounts: page.map(() => 0),
        leadIds: '',
        leadCounts: page.map(() => 0),
        partnerIds: page.map((p) => p.id),
        periods: [
          { from: '2026-01-01', to: '2026-12-31' },
          { from: '2025-12-01', to: '2026-11-30' },
        ],
      });
      await breakdown(graph, page);
      return;
    }
    for (let i = 0; i < 5; i++)
      await graph.query(PAGE, { period: { from: '2026-01-01', to: '2026-12-31' } }, CM);
    for (const connections of [1, 10]) {
      console.log(`p50 at ${connections} connection(s): ${(await p50(graph, connections)).toFixed(1)} ms`);
    }
    await lag(graph);
  } finally {
    await graph.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
