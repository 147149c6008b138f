/**
 * Rows per second of a bulk read for BI through the gateway: an API key with the export scope
 * (`canExport`, granted by ADMIN) walks `deals` in keyset pages of `page` rows (default 1,000, the
 * most the scope allows) until it has `rows` rows (default: all of them), and the figure is printed
 * with the page latencies. Starts both subgraphs and the gateway in this process on DATABASE_URL
 * (both schemas in one database, e.g. a copy of the 1,000,000-deal `sales_large`: it applies
 * pending migrations and creates, then revokes, one API key there, so use a copy):
 *
 *   createdb -h 127.0.0.1 -U postgres -T sales_large sales_large_copy
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/sales_large_copy \
 *     node --require ./scripts/ts-run.cjs scripts/bench-bulk-export.ts [rows] [page]
 *
 * A script, never a timed test: its figure depends on the machine and its neighbours.
 */
import 'reflect-metadata';
import { migrate } from '@sales-graph/shared/db/datasource';
import { signUserToken } from '@sales-graph/shared/auth/identity';
import { startGateway } from '../gateway/src/gateway';
import { MemoryRateLimitStore } from '../gateway/src/rate-limit';
import { createCustomersDataSource, listen as listenCustomers } from '../subgraphs/customers/src';
import { createPartnersDataSource, listen as listenPartners } from '../subgraphs/partners/src';
import { httpCrmClient } from '../subgraphs/partners/src/crm/crm.client';
import { httpPrmClient } from '../subgraphs/customers/src/access/prm.client';

const [rowsArg, pageArg] = process.argv.slice(2).map(Number);
const PAGE_SIZE = pageArg || 1000;
const PAGE = `query($first: Int!, $after: String) { deals(first: $first, after: $after) {
  edges { node { id title amount currency stage expectedCloseDate closedAt createdAt updatedAt } }
  pageInfo { hasNextPage endCursor } } }`;

interface Answer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post<T>(url: string, token: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as Answer<T>;
  if (answer.errors?.length) throw new Error(JSON.stringify(answer.errors));
  return answer.data!;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must name the database to read (a copy of sales_large)');
  const crm = await createCustomersDataSource(url).initialize();
  const prm = await createPartnersDataSource(url).initialize();
  await migrate(crm);
  await migrate(prm);
  let partnersUrl = '';
  const customers = await listenCustomers(
    crm,
    0,
    httpPrmClient(() => partnersUrl),
  );
  const partners = await listenPartners(
    prm,
    0,
    httpCrmClient(() => customers.url),
  );
  partnersUrl = partners.url;
  const gateway = await startGateway({
    port: 0,
    subgraphUrls: { customers: customers.url, partners: partners.url },
    rateLimitPerMinute: 0,
    rateLimitStore: new MemoryRateLimitStore(),
    rateLimits: { perPartner: 0, authFailuresPerSource: 0 },
  });
  const admin = await signUserToken({ sub: 'user:bench-bulk-export', role: 'ADMIN' });
  const { createApiKey } = await post<{ createApiKey: { key: string; apiKey: { id: string } } }>(
    gateway.url,
    admin,
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }`,
    { input: { name: 'bench-bulk-export', role: 'ANALYST', canExport: true } },
  );
  const [{ n: total }] = (await crm.query(
    `SELECT count(*)::int AS n FROM crm.deals WHERE deleted_at IS NULL`,
  )) as { n: number }[];
  const wanted = rowsArg || total;
  const pageMs: number[] = [];
  let rows = 0;
  let after: string | null = null;
  const started = performance.now();
  try {
    while (rows < wanted) {
      const t0 = performance.now();
      const data: { deals: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } =
        await post(gateway.url, createApiKey.key, PAGE, { first: Math.min(PAGE_SIZE, wanted - rows), after });
      pageMs.push(performance.now() - t0);
      rows += data.deals.edges.length;
      if (pageMs.length % 50 === 0) process.stderr.write(`${rows} rows\n`);
      if (!data.deals.pageInfo.hasNextPage) break;
      after = data.deals.pageInfo.endCursor;
    }
  } finally {
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `bulk export of deals through the gateway: ${rows} of ${total} rows in ${pageMs.length} pages of up to ${PAGE_SIZE}, ` +
        `${seconds.toFixed(1)} s, ${Math.round(rows / seconds)} rows/s; page p50 ${percentile(pageMs, 50).toFixed(0)} ms, ` +
        `p95 ${percentile(pageMs, 95).toFixed(0)} ms, p99 ${percentile(pageMs, 99).toFixed(0)} ms`,
    );
    await post(gateway.url, admin, `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, {
      id: createApiKey.apiKey.id,
    });
    await gateway.close();
    await partners.close();
    await customers.close();
    await Promise.all([crm.destroy(), prm.destroy()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
