import type { DataSource } from 'typeorm';
import { seedAtScale } from '../../scripts/seed-scale';
import type { StatementCounter } from '@sales-graph/shared/db/datasource';
import { silentProgress } from '@sales-graph/shared/demo/scale';
import { COUNT_CAP } from '@sales-graph/shared/graphql/pagination';
import { currentRequest } from '@sales-graph/shared/request-scope';
import { takeForecastSnapshot } from '../../subgraphs/customers/src/forecasts';
import { startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * Plan proofs (issue 11, item 5): on a generated data set large enough for PostgreSQL's planner
 * to choose as it would on real data (50,000 deals, 5,000 customers, 15,000 leads, 25,000
 * activities, 15,000 campaign members, 50 partners; VACUUM ANALYZE), each scenario runs through
 * the real graph, every SELECT either subgraph sent is captured from its data source's logger
 * (with its parameters) and EXPLAIN ANALYZEd: no plan may read a big table sequentially, nor more
 * than ROWS_BOUND of its rows in one scan (what the plan reads must not grow with the data).
 *
 * The one exception is a list's count, which stops at COUNT_CAP: bounded, but by the cap.
 */
const DEALS = 50_000;
/**
 * Rows one scan node may read of a big table (actual rows × loops, plus rows its filter dropped):
 * a page, a customer's children. A plan under it reads the same at 1,000,000 deals as here; one
 * over it (a count of a filtered list, a scan per request) grows with the data.
 */
const ROWS_BOUND = 1_000;
const BIG_TABLES = new Set([
  'deals',
  'leads',
  'customers',
  'activities',
  'campaign_members',
  'contacts',
  'deal_stage_changes',
  'deal_attributions',
  'lead_attributions',
  'deal_partner_attributions',
  // The CRM's change feed holds an event per generated row (the PRM's is small here, as its
  // registrations are).
  'change_feed',
  // Money across currencies: RATE_CURRENCIES × RATE_DAYS generated rates.
  'exchange_rates',
  // The partner sales rollup (what a deal contributes, and its sums).
  'partner_deal_contributions',
  'partner_deal_rollup',
]);

/** Generated exchange rates: 20 currencies with a rate every day for about 8 years (60,000 rows). */
const RATE_CURRENCIES = [
  'EUR',
  'GBP',
  'AUD',
  'CAD',
  'CHF',
  'JPY',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'NZD',
  'SGD',
  'HKD',
  'MXN',
  'BRL',
  'ZAR',
  'INR',
  'CNY',
];
const RATE_DAYS = 3_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}
const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

interface Captured {
  db: DataSource;
  sql: string;
  parameters: unknown[];
}

let graph: TestGraph;
let captured: Captured[] | null = null;
let customerId: string;
let searchTerm: string;
/** The instant from which about 200 deals were updated (an incremental BI read). */
let recentlyUpdated: string;
let resellerId: string;
/** A generated rep (about 1,000 deals) and their team (5 reps), for the forecast scenarios. */
let repId: string;
let repTeamId: string;

/** Records every statement a data source sends (with parameters) while `captured` is set. */
function capture(db: DataSource) {
  const logger = db.logger as StatementCounter;
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (query, parameters, runner) => {
    // Background work (the outbox dispatcher) is no request's statement.
    if (!currentRequest()?.background) captured?.push({ db, sql: query, parameters: parameters ?? [] });
    original(query, parameters, runner);
  };
}

beforeAll(async () => {
  graph = await startTestGraph();
  await seedAtScale(graph.crm, graph.prm, DEALS, silentProgress);
  // Daily rates from 2018-01-01 (3,000 days to 2026-03-19), each currency its own series.
  await graph.crm.query(
    `INSERT INTO crm.exchange_rates (currency, rate_to_corporate, effective_date, source, created_by)
     SELECT c.code, round((0.5 + c.n * 0.05 + (d % 97) * 0.0001)::numeric, 12), date '2018-01-01' + d, 'scale', 'seed'
       FROM unnest($1::text[]) WITH ORDINALITY AS c(code, n) CROSS JOIN generate_series(0, $2 - 1) AS d`,
    [RATE_CURRENCIES, RATE_DAYS],
  );
  await graph.crm.query(`ANALYZE crm.exchange_rates`);
  capture(graph.crm);
  capture(graph.prm);
  // The customer with the most deals (about 25 of 50,000), and a search that matches few customers.
  [{ customerId, searchTerm }] = await graph.crm.query(
    `SELECT c.id AS "customerId", split_part(c.name, ' ', 2) || ' ' || split_part(c.name, ' ', 3) AS "searchTerm"
       FROM crm.customers c JOIN crm.deals d ON d.customer_id = c.id
      GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1`,
  );
  [{ at: recentlyUpdated }] = await graph.crm.query(
    `SELECT to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
       FROM crm.deals WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC OFFSET 199 LIMIT 1`,
  );
  // The partner reselling the most deals (its deals in a role, and its row scope).
  [{ resellerId }] = await graph.prm.query(
    `SELECT partner_id AS "resellerId" FROM prm.deal_partner_attributions WHERE role = 'RESELLER'
      GROUP BY partner_id ORDER BY count(*) DESC, partner_id LIMIT 1`,
  );
  [{ repId, repTeamId }] = await graph.crm.query(
    `SELECT id AS "repId", team_id AS "repTeamId" FROM crm.users WHERE sub = 'user:sales-1'`,
  );
  // Last week's forecast snapshot of every deal (one INSERT … SELECT), for forecastChanges.
  await graph.crm.transaction((manager) =>
    takeForecastSnapshot(manager, new Date('2026-10-26T09:00:00Z'), 'seed'),
  );
}, 180_000);
afterAll(async () => {
  await graph?.stop();
});

/**
 * Runs `query` through the gateway, then EXPLAIN ANALYZEs each SELECT it sent: per statement, the
 * big tables its plan scans sequentially or reads more than ROWS_BOUND rows of.
 */
async function planFindings(
  query: string,
  variables: Record<string, unknown>,
  reads: readonly string[],
): Promise<Map<string, string[]>> {
  captured = [];
  const response = await graph.query(query, variables);
  const statements = captured;
  captured = null;
  expect(response.errors).toBeUndefined();
  // Reads only (the scope builder prefixes a comment).
  const selects = statements.filter((s) => /^\s*(\/\*.*?\*\/\s*)*(SELECT|WITH)\b/is.test(s.sql));
  // Not vacuous: the scenario's statements read the tables it is about.
  for (const table of reads) {
    expect([table, selects.some((s) => new RegExp(`"?(crm|prm)"?\\."?${table}"?\\b`).test(s.sql))]).toEqual([
      table,
      true,
    ]);
  }
  const findings = new Map<string, string[]>();
  for (const statement of selects) {
    // ANALYZE runs the read (rows are counts, not times: deterministic on deterministic data).
    const [row] = await statement.db.query(
      `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${statement.sql}`,
      statement.parameters,
    );
    const plan = (row['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan;
    const found = new Set<string>();
    // A list's count stops at COUNT_CAP (totalCountIsExact false beyond): it reads at most
    // COUNT_CAP + 1 rows, the same at 50,000 deals as at 1,000,000.
    const bound = statement.sql.includes(`LIMIT ${COUNT_CAP + 1}) capped`) ? COUNT_CAP + 1 : ROWS_BOUND;
    for (const node of nodes(plan)) {
      const table = node['Relation Name'] ?? '';
      if (!BIG_TABLES.has(table)) continue;
      if (node['Node Type'] === 'Seq Scan') found.add(`Seq Scan on ${table}`);
      const read =
        ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
      if (read > bound) found.add(`reads > ${bound} rows of ${table}`);
    }
    if (found.size > 0) findings.set(statement.sql.replace(/\s+/g, ' ').slice(0, 200), [...found]);
  }
  return findings;
}

const HEADLINE = `query Headline($id: ID!) { customer(id: $id) { id name deals(first: 50) { totalCount edges { node {
  id title amount currency stage sourcedBy { id name tier } lead { id source status referredBy { id name } } } } } } }`;

const SCENARIOS: Record<
  string,
  { query: string; variables: () => Record<string, unknown>; reads: string[] }
> = {
  headline: {
    query: HEADLINE,
    variables: () => ({ id: customerId }),
    reads: ['customers', 'deals', 'leads', 'deal_attributions', 'lead_attributions'],
  },
  'headline with the partners of every deal': {
    query: HEADLINE.replace(
      'sourcedBy { id name tier }',
      'sourcedBy { id name tier } partners { role primary partner { id name } }',
    ),
    variables: () => ({ id: customerId }),
    reads: ['deals', 'deal_attributions', 'deal_partner_attributions'],
  },
  'Partner.deals(role: RESELLER, first: 50)': {
    query: `query($id: ID!) { partner(id: $id) { deals(role: RESELLER, first: 50) { totalCount edges { node { id } } } } }`,
    variables: () => ({ id: resellerId }),
    reads: ['deal_partner_attributions'],
  },
  'deals(first: 50) by stage, ordered': {
    query: `query { deals(first: 50, filter: { stage: NEGOTIATION }, orderBy: { field: CREATED_AT, direction: DESC }) {
      edges { node { id title amount stage } } } }`,
    variables: () => ({}),
    reads: ['deals'],
  },
  'deals(first: 50) by stage, ordered, with totalCount': {
    query: `query { deals(first: 50, filter: { stage: NEGOTIATION }, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount edges { node { id title amount stage } } } }`,
    variables: () => ({}),
    reads: ['deals'],
  },
  // Configured pipelines: every generated deal is in the base pipeline (null columns), so these
  // filters match a sixth of the deals (a stage) or all of them (the pipeline), served by the
  // indexes on the effective pipeline and stage (migration CrmDealPipelineStage).
  'deals(first: 50) by configured stage, ordered': {
    query: `query { deals(first: 50, filter: { stageId: { eq: "0a1e5000-0000-4000-8000-000000000004" } }, orderBy: { field: CREATED_AT, direction: DESC }) {
      edges { node { id stage pipelineStage { name } } } } }`,
    variables: () => ({}),
    reads: ['deals'],
  },
  'deals(first: 50) by pipeline and forecast category': {
    query: `query { deals(first: 50, filter: { pipelineId: { eq: "0a1e5000-0000-4000-8000-000000000000" }, forecastCategory: { eq: COMMIT } }) {
      edges { node { id probability pipeline { name } } } } }`,
    variables: () => ({}),
    reads: ['deals'],
  },
  'customers(search:)': {
    query: `query($q: String!) { customers(search: $q, first: 20) { edges { node { id name domain } } } }`,
    variables: () => ({ q: searchTerm }),
    reads: ['customers'],
  },
  'Customer.timeline(first: 20)': {
    query: `query($id: ID!) { customer(id: $id) { timeline(first: 20) { edges { node { id type occurredAt title summary } } } } }`,
    variables: () => ({ id: customerId }),
    reads: ['activities', 'campaign_members', 'deal_stage_changes'],
  },
  'Customer.insights': {
    query: `query($id: ID!) { customer(id: $id) { insights { currency lifetimeValue orderCount openPipelineAmount winRate openTickets engagementScore byCurrency { currency } } } }`,
    variables: () => ({ id: customerId }),
    reads: ['deals', 'activities'],
  },
  // Campaign influence (README "Campaign influence"): a page of deals' credits, and the BI
  // aggregate over the deals a filter selects (a customer's; those updated since an instant).
  "Deal.campaignInfluence on a customer's deals": {
    query: `query($id: ID!) { customer(id: $id) { deals(first: 50) { edges { node { id
      campaignInfluence(model: EVEN_SPLIT) { campaignId amount currency } } } } } }`,
    variables: () => ({ id: customerId }),
    reads: ['deals', 'contacts', 'campaign_members'],
  },
  'campaignInfluence(filter: { customerId })': {
    query: `query($id: ID!) { campaignInfluence(model: FIRST_TOUCH, filter: { customerId: $id }) {
      rows { campaignId currency pipeline wonRevenue deals } totals { currency pipeline deals } } }`,
    variables: () => ({ id: customerId }),
    reads: ['deals', 'contacts', 'campaign_members'],
  },
  'campaignInfluence(filter: { updatedAt })': {
    query: `query($since: DateTimeISO!) { campaignInfluence(model: EVEN_SPLIT, filter: { updatedAt: { gte: $since } }) {
      totals { currency pipeline wonRevenue deals } } }`,
    variables: () => ({ since: recentlyUpdated }),
    reads: ['deals', 'contacts', 'campaign_members'],
  },
  // Money across currencies (README): the rates list, and the rates lookup of every converted
  // aggregate (the latest rate on or before a date, per currency: one index probe each).
  'exchangeRates(filter: { currency }, orderBy: EFFECTIVE_DATE DESC)': {
    query: `query { exchangeRates(first: 50, filter: { currency: { eq: "CHF" } }, orderBy: { field: EFFECTIVE_DATE, direction: DESC }) {
      edges { node { currency rateToCorporate effectiveDate } } } }`,
    variables: () => ({}),
    reads: ['exchange_rates'],
  },
  'exchangeRates(filter: { updatedAt }, orderBy: UPDATED_AT)': {
    query: `query($since: DateTimeISO!) { exchangeRates(first: 100, filter: { updatedAt: { gte: $since } }, orderBy: { field: UPDATED_AT, direction: ASC }) {
      edges { node { currency effectiveDate } } pageInfo { endCursor } } }`,
    variables: () => ({ since: '2020-01-01T00:00:00.000Z' }),
    reads: ['exchange_rates'],
  },
  'Customer.insights(convert:) between two rate days': {
    query: `query($id: ID!) { customer(id: $id) { insights(convert: { currency: "JPY", at: "2030-01-01" }) {
      converted { lifetimeValue openPipelineAmount rates { from rate effectiveDate } } } } }`,
    variables: () => ({ id: customerId }),
    reads: ['deals', 'exchange_rates'],
  },
  'salesAnalytics(convert:) of a customer': {
    query: `query($id: ID!) { salesAnalytics(groupBy: [STAGE], filter: { customerId: $id }, convert: { currency: "CHF", at: "2022-06-15" }) {
      converted { totals { amount } rates { from effectiveDate } } } }`,
    variables: () => ({ id: customerId }),
    reads: ['deals', 'exchange_rates'],
  },
  // Partner performance (README "Partner performance at scale"): a page of partners' figures
  // reads the rollup, a few rows per partner and period (whole months, edge days), not their deals.
  'partners(first: 10) { performance scorecard }': {
    query: `query { partners(first: 10) { edges { node { id
      performance(period: { from: "2026-01-01", to: "2026-12-31" }) { dealsWon byCurrency { currency sourcedPipeline wonRevenue } }
      scorecard(period: { from: "2026-02-14", to: "2026-05-20" }) { dealsWon dealsLost revenue { currency amount } } } } } }`,
    variables: () => ({}),
    reads: ['partner_deal_rollup'],
  },
  // Forecast (README "Forecast"): a rep's and a team's month, read by the owner and date indexes
  // (expected close while open, closed date once closed), and what changed since last week's
  // snapshot (the snapshot's rows of the scope, the scope's deals now by the same indexes).
  'forecast(userId, a month)': {
    query: `query($u: ID!) { forecast(input: { userId: $u, period: { type: MONTH, start: "2026-11-01" } }) {
      figures { currency openAmount openWeightedAmount wonAmount quota categories { category amount } } } }`,
    variables: () => ({ u: repId }),
    reads: ['deals'],
  },
  'forecast(teamId, a month) with its members': {
    query: `query($t: ID!) { forecast(input: { teamId: $t, period: { type: MONTH, start: "2026-11-01" } }) {
      figures { currency openAmount } members { userId figures { currency openAmount } } } }`,
    variables: () => ({ t: repTeamId }),
    reads: ['deals'],
  },
  'forecastChanges(userId, a month)': {
    query: `query($u: ID!) { forecastChanges(input: { userId: $u, period: { type: MONTH, start: "2026-11-01" } }) {
      categories { category currency countDelta amountDelta } deals { dealId kinds } hasMore } }`,
    variables: () => ({ u: repId }),
    reads: ['deals', 'forecast_snapshot_deals'],
  },
  'crmChanges(first: 500)': {
    query: `query { crmChanges(first: 500) { edges { cursor node { id type op changedFields } } pageInfo { endCursor } } }`,
    variables: () => ({}),
    reads: ['change_feed'],
  },
  // Deals are generated after customers and contacts: their events start far into the feed.
  'crmChanges(types: [DEAL], first: 500)': {
    query: `query { crmChanges(types: [DEAL], first: 500) { edges { node { id op } } } }`,
    variables: () => ({}),
    reads: ['change_feed'],
  },
};

describe.each(Object.keys(SCENARIOS))('%s', (name) => {
  test('no plan scans a big table or reads more than a bounded number of its rows', async () => {
    const scenario = SCENARIOS[name];
    const byStatement = await planFindings(scenario.query, scenario.variables(), scenario.reads);
    const findings = [...new Set([...byStatement.values()].flat())].sort();
    // The statements are in the failure message, so a new finding says which SQL lacks an index.
    const statements = [...byStatement.keys()];
    expect({ findings, statements }).toEqual({ findings: [], statements: [] });
  });
});
