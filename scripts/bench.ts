import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDENTITY_HEADER, signForwardedIdentity, signUserToken } from '../shared/src/auth/identity';
import { statementCounter } from '../shared/src/db/datasource';
import { startGateway } from '../gateway/src';
import { listen as listenCustomers } from '../subgraphs/customers/src';
import { httpPrmClient } from '../subgraphs/customers/src/access/prm.client';
import { listen as listenPartners } from '../subgraphs/partners/src';
import { httpCrmClient } from '../subgraphs/partners/src/crm/crm.client';
import { migrateAll, openDatabases, seedAll } from './environment';

/**
 * `npm run bench`: the headline query through the gateway, and a one-subgraph query through the
 * gateway and straight at the subgraph, each for BENCH_SECONDS (default 10) at BENCH_CONCURRENCY
 * (default 16) on the demo data. Prints requests/s, latency percentiles and SQL statements per
 * request. Uses DATABASE_URL, else an embedded PostgreSQL in a temporary folder.
 */
const HEADLINE = `query($id: ID!) { customer(id: $id) { name deals(first: 50) { totalCount edges { node {
  title amount currency stage sourcedBy { name tier } lead { source status referredBy { name } } } } } } }`;
const ONE_SUBGRAPH = `query($id: ID!) { customer(id: $id) { name deals(first: 50) { totalCount edges { node { title amount stage } } } } }`;

async function load(
  url: string,
  body: string,
  headers: Record<string, string>,
  seconds: number,
  concurrency: number,
) {
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  let failures = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const started = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
        const json = (await response.json()) as { errors?: unknown };
        if (!response.ok || json.errors) failures += 1;
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
  return `${(latencies.length / seconds).toFixed(0)} req/s, p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, ${failures} failed`;
}

async function main() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
  const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'sales-graph-bench-'));
  if (dataDir) process.env.EMBEDDED_DATA_DIR = dataDir;
  const db = await openDatabases();
  try {
    await migrateAll(db);
    await seedAll(db);
    let partnersUrl = '';
    const customers = await listenCustomers(
      db.crm,
      0,
      httpPrmClient(() => partnersUrl),
    );
    const partners = await listenPartners(
      db.prm,
      0,
      httpCrmClient(() => customers.url),
    );
    partnersUrl = partners.url;
    const gateway = await startGateway({
      port: 0,
      subgraphUrls: { customers: customers.url, partners: partners.url },
      rateLimitPerMinute: 0,
    });
    const [customer] = await db.crm.query(
      `SELECT customer_id AS id FROM crm.deals GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1`,
    );
    const token = await signUserToken({ sub: 'bench', role: 'ADMIN' });
    const auth = { authorization: `Bearer ${token}` };
    const vars = { id: customer.id };

    const crm = statementCounter(db.crm);
    const prm = statementCounter(db.prm);
    crm.record();
    prm.record();
    await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ query: HEADLINE, variables: vars }),
    });
    console.log(`headline query: ${crm.count} CRM + ${prm.count} PRM SQL statements`);
    if (process.env.BENCH_SHOW_SQL) console.log([...crm.statements, ...prm.statements].join('\n'));
    console.log(
      `(${seconds}s per run, ${concurrency} concurrent clients, ${dataDir ? 'embedded PostgreSQL' : 'DATABASE_URL'})`,
    );

    const direct = {
      [IDENTITY_HEADER]: await signForwardedIdentity({ sub: 'bench', role: 'ADMIN' }, 'customers'),
    };
    console.log(
      `headline via gateway:        ${await load(gateway.url, JSON.stringify({ query: HEADLINE, variables: vars }), auth, seconds, concurrency)}`,
    );
    console.log(
      `one subgraph via gateway:    ${await load(gateway.url, JSON.stringify({ query: ONE_SUBGRAPH, variables: vars }), auth, seconds, concurrency)}`,
    );
    console.log(
      `one subgraph, direct:        ${await load(customers.url, JSON.stringify({ query: ONE_SUBGRAPH, variables: vars }), direct, seconds, concurrency)}`,
    );
    // The direct identity expires after a minute; runs longer than that would need re-signing.
    await gateway.close();
    await partners.close();
    await customers.close();
  } finally {
    await db.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
