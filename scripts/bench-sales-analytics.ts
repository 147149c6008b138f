/**
 * p50 of `salesAnalytics` per grouping, through the gateway, on an existing database (e.g. a copy
 * of the 1,000,000-deal `sales_large`: `createdb -T sales_large sales_large_analytics`, then
 * `DATABASE_URL=… npm run migrate`). Runs the real graph (both subgraphs and the gateway) on it,
 * as an ANALYST, every single dimension (TIME_BUCKET once per date field) and a few pairs, with no
 * filter (the whole table) and with one year of createdAt; then the deal-channel reconciliation
 * and (LAG=1) the attribution projection's lag with the PRM's dispatcher running normally.
 * Usage:
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/sales_large_analytics \
 *     node --require ./scripts/ts-run.cjs scripts/bench-sales-analytics.ts [runs per grouping (5); 0: none]
 *   RECONCILE=0 skips the reconciliation; LAG=1 (LAG_CHANGES=200) measures the projection's lag.
 */
import { signUserToken, type Identity } from '@sales-graph/shared/auth/identity';
import { startGateway } from '../gateway/src/gateway';
import { MemoryRateLimitStore } from '../gateway/src/rate-limit';
import { listen as listenCustomers } from '../subgraphs/customers/src';
import { httpPrmClient } from '../subgraphs/customers/src/access/prm.client';
import { reconcileDealChannels } from '../subgraphs/customers/src/partner-deals/deal-channel';
import { listen as listenPartners } from '../subgraphs/partners/src';
import { httpCrmClient } from '../subgraphs/partners/src/crm/crm.client';
import { postGraphQL } from '../test/support/graph';
import { openDatabases } from './environment';

const [runs = 5] = process.argv.slice(2).map(Number);
const ANALYST: Identity = { sub: 'analyst:bench', role: 'ANALYST' };
const QUERY = `query($g: [SalesDimension!]!, $f: DealFilter, $t: SalesTimeBucketInput) {
  salesAnalytics(groupBy: $g, filter: $f, timeBucket: $t) {
    rows { currency stage channel partner { id } partnerTier ownerId region industry periodStart
      dealCount amount weightedAmount wonAmount winRate averageCycleDays averageDealSize }
    totals { currency dealCount amount } } }`;

const GROUPINGS: { name: string; g: string[]; t?: { field: string; unit: string } }[] = [
  { name: 'CURRENCY', g: [] },
  { name: 'STAGE', g: ['STAGE'] },
  { name: 'CHANNEL', g: ['CHANNEL'] },
  { name: 'PARTNER', g: ['PARTNER'] },
  { name: 'PARTNER_TIER', g: ['PARTNER_TIER'] },
  { name: 'OWNER', g: ['OWNER'] },
  { name: 'REGION', g: ['REGION'] },
  { name: 'INDUSTRY', g: ['INDUSTRY'] },
  { name: 'TIME_BUCKET created/month', g: ['TIME_BUCKET'], t: { field: 'CREATED', unit: 'MONTH' } },
  { name: 'TIME_BUCKET expected/week', g: ['TIME_BUCKET'], t: { field: 'EXPECTED_CLOSE', unit: 'WEEK' } },
  { name: 'TIME_BUCKET closed/quarter', g: ['TIME_BUCKET'], t: { field: 'CLOSED', unit: 'QUARTER' } },
  { name: 'CHANNEL × STAGE', g: ['CHANNEL', 'STAGE'] },
  { name: 'CHANNEL × REGION', g: ['CHANNEL', 'REGION'] },
  { name: 'PARTNER_TIER × CHANNEL', g: ['PARTNER_TIER', 'CHANNEL'] },
  { name: 'OWNER × STAGE', g: ['OWNER', 'STAGE'] },
  { name: 'CHANNEL × created/month', g: ['CHANNEL', 'TIME_BUCKET'], t: { field: 'CREATED', unit: 'MONTH' } },
];

/**
 * The projection's lag: `changes` single attribution changes in the PRM (a sourced deal moved to
 * another partner, one transaction each, as a channel manager's edit is), delivered by the running
 * PRM's attribution dispatcher (OUTBOX_POLL_MS, default 1000 ms). Lag = applied in the CRM (the
 * projection row and, in the same transaction, the deal's channel columns) − committed in the PRM
 * (`attributedAt`: the change's transaction time, `now()` in the PRM's trigger); one server's clock.
 * A script may wait on the clock; tests never do.
 */
async function lag(db: Awaited<ReturnType<typeof openDatabases>>, changes: number): Promise<void> {
  const moved: { deal_id: string }[] = await db.prm.query(
    `SELECT deal_id FROM prm.deal_attributions WHERE deleted_at IS NULL ORDER BY random() LIMIT $1`,
    [changes],
  );
  for (const { deal_id } of moved) {
    await db.prm.query(
      `UPDATE prm.deal_attributions SET partner_id = (SELECT id FROM prm.partners ORDER BY random() LIMIT 1)
       WHERE deal_id = $1 AND deleted_at IS NULL`,
      [deal_id],
    );
    // About two changes a second, spread over the dispatcher's polls.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  for (const started = Date.now(); Date.now() - started < 120_000;) {
    const [{ n }] = await db.prm.query(
      `SELECT count(*)::int AS n FROM prm.attribution_outbox WHERE delivered_at IS NULL`,
    );
    if (n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const lags: { ms: number; same: boolean }[] = await db.crm.query(
    `SELECT extract(epoch FROM a.applied_at - a.attributed_at)::float8 * 1000 AS ms,
            d.channel_partner_id IS NOT DISTINCT FROM a.partner_id AS same
     FROM crm.partner_attributions a JOIN crm.deals d ON d.id = a.record_id
     WHERE a.record_id = ANY($1::uuid[]) AND a.role = 'SOURCED' ORDER BY 1`,
    [moved.map((row) => row.deal_id)],
  );
  const at = (q: number) => lags[Math.min(lags.length - 1, Math.floor(lags.length * q))]?.ms.toFixed(0);
  console.log(
    `\nprojection lag (PRM commit → CRM applied, ${lags.length} changes): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms; ` +
      `deal channel equal to the projection for ${lags.filter((row) => row.same).length}/${lags.length}`,
  );
}

async function main(): Promise<void> {
  const db = await openDatabases();
  let partnersUrl = '';
  const customers = await listenCustomers(
    db.crm,
    0,
    httpPrmClient(() => partnersUrl),
    { jobsIntervalMs: 0 },
  );
  const partners = await listenPartners(
    db.prm,
    0,
    httpCrmClient(() => customers.url),
    { jobsIntervalMs: 0 },
  );
  partnersUrl = partners.url;
  const gateway = await startGateway({
    rateLimitPerMinute: 0,
    rateLimitStore: new MemoryRateLimitStore(),
    rateLimits: { perPartner: 0, authFailuresPerSource: 0 },
    port: 0,
    subgraphUrls: { customers: customers.url, partners: partners.url },
  });
  const token = await signUserToken(ANALYST);
  try {
    const [{ n, from, to }] = await db.crm.query(
      `SELECT count(*)::int AS n, min(created_at) AS from, max(created_at) AS to FROM crm.deals WHERE deleted_at IS NULL`,
    );
    console.log(`${n} live deals, created ${new Date(from).toISOString()} … ${new Date(to).toISOString()}`);
    const year = { createdAt: { gte: '2025-11-01T00:00:00Z', lt: '2026-11-01T00:00:00Z' } };
    // 0 runs: only the reconciliation and the lag.
    for (const [label, filter] of runs > 0
      ? ([
          ['no filter', null],
          ['createdAt one year', year],
        ] as const)
      : []) {
      console.log(`\n${label}: p50 of ${runs} runs (ms), rows`);
      for (const grouping of GROUPINGS) {
        const times: number[] = [];
        let rows = 0;
        for (let run = 0; run < runs; run++) {
          const started = performance.now();
          const answer = await postGraphQL<{ salesAnalytics: { rows: unknown[] } }>(
            gateway.url,
            QUERY,
            { g: grouping.g, f: filter, t: grouping.t ?? null },
            { authorization: `Bearer ${token}` },
          );
          times.push(performance.now() - started);
          if (answer.errors?.length) throw new Error(JSON.stringify(answer.errors).slice(0, 500));
          rows = answer.data!.salesAnalytics.rows.length;
        }
        times.sort((a, b) => a - b);
        console.log(
          `  ${grouping.name.padEnd(30)} ${times[Math.floor(times.length / 2)].toFixed(0).padStart(6)}  ${rows}`,
        );
      }
    }
    if (process.env.RECONCILE !== '0') {
      const started = performance.now();
      const drift = await db.crm.transaction(async (m) => {
        await m.query('SET LOCAL statement_timeout = 0');
        return reconcileDealChannels(m);
      });
      console.log(
        `\ndeal channel reconciliation: ${drift.checked} deals, drift ${drift.drift} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    if (process.env.LAG === '1') await lag(db, Number(process.env.LAG_CHANGES ?? 200));
  } finally {
    await gateway.close();
    await partners.close();
    await customers.close();
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
