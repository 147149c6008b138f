/**
 * p50 of `Deal.commission` through the gateway on a copy of `sales_large` (migrated; both
 * subgraphs read that one database), as CHANNEL_MANAGER: a page of 100 won CRM deals with their
 * commission, one won partner-sourced deal by id, and that deal with its partner's statement
 * (`sourcedBy { commissionStatement }`). It gives every tier a USD plan first (setCommissionPlan
 * replaces a tier's plan: use a copy). Usage:
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sales_large_<you> \
 *     node --require ./scripts/ts-run.cjs scripts/bench-deal-commission.ts [requests]
 */
import type { Identity } from '@sales-graph/shared/auth/identity';
import { startTestGraph, type TestGraph } from '../test/support/graph';

const [requests = 20] = process.argv.slice(2).map(Number);
const CM: Identity = { sub: 'cm:bench', role: 'CHANNEL_MANAGER' };
const PERIOD = { from: '2025-01-01', to: '2026-12-31' };
const QUERIES: Record<string, string> = {
  'deals(first: 100, won) { commission }': `{ deals(first: 100, filter: { stage: CLOSED_WON }) { edges { node { id
    commission { amount } } } } }`,
  'deal(id) { commission }': `query($id: ID!) { deal(id: $id) { id commission { amount } } }`,
  'deal(id) { commission sourcedBy { commissionStatement } }': `query($id: ID!, $period: PeriodInput!) {
    deal(id: $id) { id commission { amount } sourcedBy { commissionStatement(period: $period) { total } } } }`,
};

async function p50(graph: TestGraph, query: string, variables: Record<string, unknown>): Promise<number> {
  const times: number[] = [];
  for (let n = 0; n < requests; n += 1) {
    const start = performance.now();
    const answer = await graph.query(query, variables, CM);
    if (answer.errors?.length) throw new Error(JSON.stringify(answer.errors).slice(0, 500));
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function main(): Promise<void> {
  const existing = process.env.BENCH_DATABASE_URL;
  if (!existing) throw new Error('BENCH_DATABASE_URL: a migrated copy of sales_large');
  const graph = await startTestGraph({ databaseUrl: () => existing });
  try {
    for (const tier of ['REGISTERED', 'SILVER', 'GOLD', 'PLATINUM']) {
      const set = await graph.query(
        `mutation($input: SetCommissionPlanInput!) { setCommissionPlan(input: $input) { id } }`,
        { input: { tier, rate: '0.1', currency: 'USD' } },
        CM,
      );
      if (set.errors?.length) throw new Error(JSON.stringify(set.errors));
    }
    // A won USD deal a partner sourced (the earliest such, so every run asks the same one).
    const [{ id }] = (await graph.crm.query(
      `SELECT d.id FROM crm.deals d WHERE d.stage = 'CLOSED_WON' AND d.currency = 'USD' AND d.deleted_at IS NULL
         AND d.channel = 'PARTNER_SOURCED' ORDER BY d.created_at, d.id LIMIT 1`,
    )) as { id: string }[];
    const variables = { id, period: PERIOD };
    for (const [name, query] of Object.entries(QUERIES)) {
      await p50(graph, query, variables); // warm-up
      console.log(`${name}: p50 ${(await p50(graph, query, variables)).toFixed(1)} ms over ${requests}`);
    }
  } finally {
    await graph.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
