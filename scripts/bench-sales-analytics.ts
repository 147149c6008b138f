/**
 * p50 of `salesAnalytics` per grouping, through the gateway, on an existing database (e.g. a copy
 * of the 1,000,000-deal `sales_large`: `createdb -T sales_large sales_large_analytics`, then
 * `DATABASE_URL=… npm run migrate`). Runs the real graph (both subgraphs and the gateway) on it,
 * as an ANALYST, every single dimension (TIME_BUCKET once per date field) and a few pairs, with no
 * filter (the whole table) and with one year of createdAt; then the deal-channel reconciliation.
 * Usage:
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/sales_large_analytics \
 *     node --require ./scripts/ts-run.cjs scripts/bench-sales-analytics.ts [runs per grouping (5)]
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
    for (const [label, filter] of [
      ['no filter', null],
      ['createdAt one year', year],
    ] as const) {
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
