import 'reflect-metadata';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { IDENTITY_HEADER, signForwardedIdentity, signUserToken } from '@sales-graph/shared/auth/identity';
import type { SubgraphName } from '@sales-graph/shared/config';
import { PROJECT_ROOT, SUPERGRAPH_FILE } from '@sales-graph/shared/paths';
import { DAY_MS } from '@sales-graph/shared/time';
import { migrateAll, openDatabases, seedAll } from './environment';
import {
  addRun,
  cpuMsPerRequest,
  cpuTicksFromStat,
  emptyTotals,
  fmt,
  growth,
  parseBenchArgs,
  percentile,
  ratio,
  rssMbFromStatus,
  sideOrder,
  type BenchArgs,
  type SideTotals,
} from './bench-stats';
import { freePort } from '@sales-graph/shared/free-port';

/**
 * `npm run bench [-- --duration 5 --connections 10 --rounds 2 --scenarios headline,search --no-hive]
 *   [--large-database-url postgres://…/copy_of_the_large_set]`
 *
 * Creates two fresh PostgreSQL databases (BENCH_POSTGRES_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres), loads the demo data, and starts each service as its
 * own process (`dist/scripts/serve.js customers|partners|gateway`, and stock Hive Gateway on the
 * same supergraph through the router contract) so that CPU is attributable. Each scenario runs
 * through our gateway, through Hive Gateway and (when it touches one subgraph) straight at the
 * subgraph with a signed forwarded identity; the sides alternate within each round. Prints
 * requests/s, latency percentiles, CPU ms per request per process (utime+stime from /proc) and the
 * largest RSS per process, then the ratios ours/Hive and via-gateway/direct.
 *
 * With `--large-database-url` (a copy of the large data set, `npm run seed -- --scale N`, both
 * schemas in one database; the bench writes to it) the services start again on it, every scenario
 * runs there too, and the large/small ratios of p50 and req/s are printed per scenario and side.
 *
 * BENCH_PROFILE=customers (a comma list of customers, partners, gateway, hive) runs those under
 * `node --cpu-prof`; the profiles are written to .bench-profiles/ when the bench stops them.
 *
 * PostgreSQL's own CPU is not counted: its server is shared, so its processes are not ours.
 * A script, never a timed test: its figures depend on the machine and its neighbours.
 */

interface Ids {
  customerId: string;
  dealIds: string[];
  searchTerm: string;
}

interface Scenario {
  name: string;
  /** The subgraph that answers it alone, for the direct side. */
  subgraph?: SubgraphName;
  body: (ids: Ids, i: number) => string;
}

const op = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
const today = new Date();
const daysBefore = (date: Date, days: number) => new Date(date.getTime() - days * DAY_MS);
const yearAgo = daysBefore(today, 365);
const day = (date: Date) => date.toISOString().slice(0, 10);
let coldPages = 0;

const SCENARIOS: Scenario[] = [
  {
    name: 'headline',
    body: (ids) =>
      op(
        `query($id: ID!) { customer(id: $id) { name deals(first: 50) { totalCount edges { node {
          title amount currency stage sourcedBy { name tier } lead { source status referredBy { name } } } } } } }`,
        { id: ids.customerId },
      ),
  },
  {
    name: 'one-subgraph',
    subgraph: 'customers',
    body: (ids) =>
      op(
        `query($id: ID!) { customer(id: $id) { name deals(first: 50) { totalCount edges { node { title amount stage } } } } }`,
        { id: ids.customerId },
      ),
  },
  {
    name: 'filtered-list',
    subgraph: 'customers',
    body: () =>
      op(
        `{ deals(first: 50, filter: { stage: PROPOSAL }, orderBy: { field: AMOUNT, direction: DESC }) {
          edges { node { title amount currency stage } } } }`,
      ),
  },
  {
    name: 'search',
    subgraph: 'customers',
    body: (ids) =>
      op(`query($q: String) { customers(search: $q, first: 20) { edges { node { name } } } }`, {
        q: ids.searchTerm,
      }),
  },
  {
    name: 'timeline',
    subgraph: 'customers',
    body: (ids) =>
      op(
        `query($id: ID!) { customer(id: $id) { timeline(first: 20) { edges { node { type occurredAt title } } } } }`,
        { id: ids.customerId },
      ),
  },
  {
    name: 'insights',
    subgraph: 'customers',
    body: (ids) =>
      op(
        `query($id: ID!) { customer(id: $id) { insights { lifetimeValue orderCount openPipelineAmount winRate openTickets } } }`,
        { id: ids.customerId },
      ),
  },
  {
    name: 'partner-performance',
    subgraph: 'partners',
    body: () =>
      op(
        `query($period: PeriodInput!) { partners(first: 10) { edges { node { name
          performance(period: $period) { dealsWon dealsLost winRate byCurrency { currency } }
          scorecard { leadAcceptanceRate activeCertifications registrationsSubmitted } } } } }`,
        { period: { from: day(yearAgo), to: day(today) } },
      ),
  },
  {
    // The partner page with other periods on every request (issue 11 item 6 "cold"): each request
    // is a new (performance period, scorecard period) pair across rounds and sides, so the CRM
    // answers none from its kept figures and no two requests in flight share a fetch. 24 partners:
    // all of the demo's, so that both data sets answer a page of the same size.
    name: 'partner-page-cold',
    subgraph: 'partners',
    body: () => {
      const n = coldPages++;
      return op(
        `query($period: PeriodInput!, $card: PeriodInput!) { partners(first: 24) { edges { node { id
          performance(period: $period) { dealsWon winRate byCurrency { currency sourcedPipeline wonRevenue influencedWonRevenue averageDealSize } }
          scorecard(period: $card) { revenue { currency amount } dealsWon dealsLost winRate leadOffersReceived } } } } }`,
        {
          period: { from: day(yearAgo), to: day(daysBefore(today, n % 360)) },
          card: { from: day(daysBefore(yearAgo, Math.floor(n / 360) % 360)), to: day(today) },
        },
      );
    },
  },
  {
    name: 'write-mix',
    subgraph: 'customers',
    // Every other request writes: a deal's title, or a logged activity, between reads of the deal.
    body: (ids, i) => {
      const dealId = ids.dealIds[i % ids.dealIds.length];
      if (i % 4 === 1)
        return op(
          `mutation($id: ID!, $t: String!) { updateDeal(id: $id, input: { title: $t }) { id title } }`,
          {
            id: dealId,
            t: `Bench deal ${i}`,
          },
        );
      if (i % 4 === 3)
        return op(
          `mutation($c: ID!, $s: String!) { logActivity(input: { type: NOTE, customerId: $c, subject: $s }) { id } }`,
          { c: ids.customerId, s: `Bench note ${i}` },
        );
      return op(`query($id: ID!) { deal(id: $id) { title amount stage } }`, { id: dealId });
    },
  },
];

type Side = 'ours' | 'hive' | 'direct';

interface Service {
  name: string;
  child: ChildProcess;
  output(): string;
}

/** BENCH_PROFILE=customers,gateway: those processes run under `node --cpu-prof` (profiles in BENCH_PROFILE_DIR or .bench-profiles/). */
const profiled = new Set((process.env.BENCH_PROFILE ?? '').split(',').filter(Boolean));
const profileDir = process.env.BENCH_PROFILE_DIR || join(PROJECT_ROOT, '.bench-profiles');

function startService(name: string, args: string[], env: Record<string, string>): Service {
  const profile = profiled.has(name)
    ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.${process.pid}.cpuprofile`]
    : [];
  const child = spawn(process.execPath, [...profile, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { name, child, output: () => output };
}

/** Polls `url` until it answers 2xx, at most `attempts` times, or the service exits. */
async function waitReady(service: Service, url: string, attempts = 600): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited:\n${service.output()}`);
    try {
      const response = await fetch(url);
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${service.name} did not become ready at ${url}:\n${service.output()}`);
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

const ticksOf = (pid: number) => cpuTicksFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
const rssOf = (pid: number) => rssMbFromStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));

async function load(
  url: string,
  body: (i: number) => string,
  headers: Record<string, string>,
  seconds: number,
  connections: number,
) {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  let failures = 0;
  let next = 0;
  let firstFailure: string | undefined;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: body(next++),
        });
        const text = await response.text();
        let failed = !response.ok;
        try {
          failed ||= (JSON.parse(text) as { errors?: unknown }).errors !== undefined;
        } catch {
          failed = true;
        }
        if (failed) {
          failures += 1;
          firstFailure ??= `${response.status} ${text.slice(0, 300)}`;
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  return { latencies, failures, firstFailure };
}

async function createDatabases(adminUrl: string, names: string[]): Promise<() => Promise<void>> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  for (const name of names) {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  }
  return async () => {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
}

const urlFor = (adminUrl: string, database: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

async function main() {
  const args = parseBenchArgs(
    process.argv.slice(2),
    SCENARIOS.map((s) => s.name),
  );
  const scenarios = SCENARIOS.filter((s) => args.scenarios.length === 0 || args.scenarios.includes(s.name));
  const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbNames = { customers: `bench_crm_${process.pid}`, partners: `bench_prm_${process.pid}` };
  const dropDatabases = await createDatabases(adminUrl, Object.values(dbNames));
  const services: Service[] = [];
  try {
    const dbUrls = {
      customers: urlFor(adminUrl, dbNames.customers),
      partners: urlFor(adminUrl, dbNames.partners),
    };
    const ids = await loadDemoData(dbUrls);
    const running = await startServices(dbUrls, args, services);

    const token = await signUserToken({ sub: 'bench', role: 'ADMIN' });
    const bearer = { authorization: `Bearer ${token}` };
    const pidsOf = () => Object.fromEntries(services.map((s) => [s.name, s.child.pid!]));
    const names = services.map((s) => s.name);
    console.log(
      `sales-graph bench: ${args.connections} connections, ${args.duration}s per run, ${args.rounds} rounds, ` +
        `demo data on PostgreSQL (${new URL(adminUrl).host}), Node ${process.version}, ${CLOCK_TICKS} ticks/s, ` +
        `load average ${loadAverage()}`,
    );

    const results = await runScenarios(args, scenarios, { ids, running, bearer, pids: pidsOf() });
    printResults(results, names);
    if (args.largeDatabaseUrl) {
      // The same scenarios on the large data set: the services again, on its database.
      await stopServices(services.splice(0));
      const large = { customers: args.largeDatabaseUrl, partners: args.largeDatabaseUrl };
      const largeIds = await scenarioIds(args.largeDatabaseUrl);
      const largeRunning = await startServices(large, args, services);
      console.log(
        `\nlarge data set (${new URL(args.largeDatabaseUrl).pathname.slice(1)}: ${await dealCount(args.largeDatabaseUrl)} deals), ` +
          `load average ${loadAverage()}`,
      );
      const largeResults = await runScenarios(args, scenarios, {
        ids: largeIds,
        running: largeRunning,
        bearer,
        pids: pidsOf(),
      });
      printResults(largeResults, names);
      printGrowth(results, largeResults);
    }
    console.log(`\nload average at the end ${loadAverage()}`);
  } finally {
    await stopServices(services);
    await dropDatabases();
  }
}

type DbUrls = Record<SubgraphName, string>;

/** Migrates and seeds the bench databases; returns the ids the scenarios ask for. */
async function loadDemoData(dbUrls: DbUrls): Promise<Ids> {
  process.env.CUSTOMERS_DATABASE_URL = dbUrls.customers;
  process.env.PARTNERS_DATABASE_URL = dbUrls.partners;
  const db = await openDatabases();
  try {
    await migrateAll(db);
    await seedAll(db);
  } finally {
    await db.close();
  }
  return scenarioIds(dbUrls.customers);
}

/** Live deals of the account the scenarios read (`scenarioIds`). */
const ACCOUNT_DEALS = 12;

/** What the scenarios ask for, from the CRM database at `url`: the account, … */
async function scenarioIds(url: string): Promise<Ids> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // The same account on either data set: the customer with about ACCOUNT_DEALS live deals (the
    // most partner-attributed among them), so that an answer is as large on the large set as on
    // the demo's and large/small measures the data around it, not a longer answer (the customer
    // with the most deals had 2-3 times more on the large set).
    const { rows: top } = await client.query(
      // One join, not a probe per deal (1.6 s instead of 11.7 s at 1,000,000 deals); a deal has
      // one SOURCED row at most, so the join adds no rows to the count.
      `SELECT d.customer_id AS id, c.name FROM crm.deals d JOIN crm.customers c ON c.id = d.customer_id
        LEFT JOIN crm.partner_attributions a
          ON a.record_id = d.id AND a.role = 'SOURCED' AND a.partner_id IS NOT NULL
        WHERE d.deleted_at IS NULL
        GROUP BY d.customer_id, c.name
        ORDER BY abs(count(*) - $1), count(a.record_id) DESC, d.customer_id
        LIMIT 1`,
      [ACCOUNT_DEALS],
    );
    const { rows: deals } = await client.query(
      `SELECT id FROM crm.deals WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT 20`,
    );
    return {
      customerId: top[0].id,
      dealIds: deals.map((d: { id: string }) => d.id),
      // That account by its name, as a user looks one up (the first customer's first four letters
      // matched one demo customer and 11,175 of the large set's).
      searchTerm: String(top[0].name),
    };
  } finally {
    await client.end();
  }
}

async function dealCount(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM crm.deals`);
    return Number(rows[0].n).toLocaleString('en-US');
  } finally {
    await client.end();
  }
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Where the started services listen (`hive` only with `--hive`). */
interface RunningServices {
  port: { customers: number; partners: number; gateway: number; hive: number };
  urls: Record<SubgraphName, string>;
  hive: Service | undefined;
}

/**
 * Starts the subgraphs, then the gateway, then (with `--hive`) Hive Gateway, each added to
 * `services` as soon as it is started (so that it is stopped whatever happens next).
 */
async function startServices(dbUrls: DbUrls, args: BenchArgs, services: Service[]): Promise<RunningServices> {
  const port = {
    customers: await freePort(),
    partners: await freePort(),
    gateway: await freePort(),
    hive: 0,
  };
  const urls = {
    customers: `http://127.0.0.1:${port.customers}/graphql`,
    partners: `http://127.0.0.1:${port.partners}/graphql`,
  };
  const env = {
    CUSTOMERS_DATABASE_URL: dbUrls.customers,
    PARTNERS_DATABASE_URL: dbUrls.partners,
    CUSTOMERS_PORT: String(port.customers),
    PARTNERS_PORT: String(port.partners),
    PORT: String(port.gateway),
    CUSTOMERS_URL: urls.customers,
    PARTNERS_URL: urls.partners,
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_PARTNER_PER_MINUTE: '0',
  };
  const serve = join(PROJECT_ROOT, 'dist', 'scripts', 'serve.js');
  const customers = startService('customers', [serve, 'customers'], env);
  const partners = startService('partners', [serve, 'partners'], env);
  services.push(customers, partners);
  await waitReady(customers, `http://127.0.0.1:${port.customers}/readyz`);
  await waitReady(partners, `http://127.0.0.1:${port.partners}/readyz`);
  const gateway = startService('gateway', [serve, 'gateway'], env);
  services.push(gateway);
  await waitReady(gateway, `http://127.0.0.1:${port.gateway}/livez`);
  let hive: Service | undefined;
  if (args.hive) {
    port.hive = await freePort();
    hive = startHive(env, port.hive);
    services.push(hive);
    await waitReady(hive, `http://127.0.0.1:${port.hive}/healthcheck`);
  }
  return { port, urls, hive };
}

/** Stock Hive Gateway on the same supergraph, through the router contract (not yet ready). */
function startHive(env: Record<string, string>, port: number): Service {
  const bin = join(PROJECT_ROOT, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
  const config = join(PROJECT_ROOT, 'gateway', 'hive-gateway.config.ts');
  return startService(
    'hive',
    [bin, 'supergraph', SUPERGRAPH_FILE, '--config-path', config, '--host', '127.0.0.1'],
    { ...env, PORT: String(port) },
  );
}

/** What every run needs: the scenario ids, the services, the caller's bearer and the pids measured. */
interface BenchRun {
  ids: Ids;
  running: RunningServices;
  bearer: Record<string, string>;
  pids: Record<string, number>;
}

type Results = Map<string, Map<Side, SideTotals>>;

/** Every round: each scenario on each of its sides, in the order `sideOrder` alternates. */
async function runScenarios(args: BenchArgs, scenarios: Scenario[], bench: BenchRun): Promise<Results> {
  const results: Results = new Map();
  for (let round = 0; round < args.rounds; round++) {
    for (const scenario of scenarios) {
      const sides: Side[] = [
        'ours',
        ...(bench.running.hive ? (['hive'] as const) : []),
        ...(scenario.subgraph ? (['direct'] as const) : []),
      ];
      for (const side of sideOrder(sides, round + scenarios.indexOf(scenario))) {
        await runSide(args, scenario, side, bench, results);
      }
    }
  }
  return results;
}

/** Where a side sends its requests, with the headers that side authenticates by. */
async function targetOf(
  side: Side,
  scenario: Scenario,
  { running, bearer }: BenchRun,
): Promise<{ url: string; headers: Record<string, string> }> {
  return side === 'ours'
    ? { url: `http://127.0.0.1:${running.port.gateway}/graphql`, headers: bearer }
    : side === 'hive'
      ? { url: `http://127.0.0.1:${running.port.hive}/graphql`, headers: bearer }
      : {
          url: running.urls[scenario.subgraph!],
          // Signed per run: a forwarded identity lives a minute.
          headers: {
            [IDENTITY_HEADER]: await signForwardedIdentity(
              { sub: 'bench', role: 'ADMIN' },
              scenario.subgraph!,
            ),
          },
        };
}

/** One warm-up and one measured run of a scenario on a side, added to its totals. */
async function runSide(
  args: BenchArgs,
  scenario: Scenario,
  side: Side,
  bench: BenchRun,
  results: Results,
): Promise<void> {
  const { pids } = bench;
  const target = await targetOf(side, scenario, bench);
  const body = (i: number) => scenario.body(bench.ids, i);
  // Warm-up, not counted.
  await load(target.url, body, target.headers, Math.min(1, args.duration / 5), args.connections);
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, ticksOf(pid)]));
  const started = performance.now();
  const run = await load(target.url, body, target.headers, args.duration, args.connections);
  const seconds = (performance.now() - started) / 1000;
  const ticks = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, ticksOf(pid) - before[name]]),
  );
  const rssMb = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, rssOf(pid)]));
  if (run.firstFailure) console.log(`  ${scenario.name}/${side}: a failure: ${run.firstFailure}`);
  const bySide = results.get(scenario.name) ?? new Map<Side, SideTotals>();
  results.set(scenario.name, bySide);
  const totals = bySide.get(side) ?? emptyTotals();
  bySide.set(side, totals);
  addRun(totals, {
    requests: run.latencies.length,
    failures: run.failures,
    seconds,
    latencies: run.latencies,
    ticks,
    rssMb,
  });
}

/** The table (a line per scenario and side), then the ratios ours/Hive and via gateway/direct. */
function printResults(results: Results, names: string[]): void {
  console.log(
    `\n${'scenario'.padEnd(20)} ${'side'.padEnd(7)} ${'req/s'.padStart(7)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} ${'fail'.padStart(5)}  ` +
      `CPU ms/req (${names.join(', ')}; total)   RSS MB (${names.join(', ')})`,
  );
  const summary: string[] = [];
  for (const [scenario, bySide] of results) {
    const rps: Partial<Record<Side, number>> = {};
    const p99: Partial<Record<Side, number>> = {};
    for (const [side, totals] of bySide) {
      totals.latencies.sort((a, b) => a - b);
      rps[side] = totals.requests / totals.seconds;
      p99[side] = percentile(totals.latencies, 99);
      printSide(scenario, side, totals, names, rps[side]!, p99[side]!);
    }
    const parts = [];
    if (rps.hive !== undefined)
      parts.push(
        `ours/Hive req/s ${fmt(ratio(rps.ours!, rps.hive), 2)}, p99 ${fmt(ratio(p99.ours!, p99.hive!), 2)}`,
      );
    if (rps.direct !== undefined)
      parts.push(`via gateway/direct req/s ${fmt(ratio(rps.ours!, rps.direct), 2)}`);
    summary.push(`${scenario.padEnd(20)} ${parts.join('; ')}`);
  }
  console.log(`\nratios\n${summary.join('\n')}`);
}

function printSide(
  scenario: string,
  side: Side,
  totals: SideTotals,
  names: string[],
  rps: number,
  p99: number,
): void {
  const cpu = names.map((name) => cpuMsPerRequest(totals.ticks[name] ?? 0, CLOCK_TICKS, totals.requests));
  const total = cpu.reduce((sum, ms) => sum + ms, 0);
  console.log(
    `${scenario.padEnd(20)} ${side.padEnd(7)} ${fmt(rps, 0).padStart(7)} ${fmt(percentile(totals.latencies, 50)).padStart(7)} ` +
      `${fmt(p99).padStart(7)} ${String(totals.failures).padStart(5)}  ${cpu.map((ms) => fmt(ms, 2)).join(' ')}; ${fmt(total, 2)}` +
      `   ${names.map((name) => fmt(totals.rssMb[name] ?? NaN, 0)).join(' ')}`,
  );
}

/** Per scenario and side, p50 and req/s on the large set over the same on the demo data. */
function printGrowth(small: Results, large: Results): void {
  const lines: string[] = [];
  for (const [scenario, bySide] of large) {
    const parts: string[] = [];
    for (const [side, totals] of bySide) {
      const before = small.get(scenario)?.get(side);
      if (!before) continue;
      const grown = growth(
        { sortedLatencies: before.latencies, rps: before.requests / before.seconds },
        { sortedLatencies: totals.latencies, rps: totals.requests / totals.seconds },
      );
      parts.push(`${side} p50 ${fmt(grown.p50, 2)}, req/s ${fmt(grown.rps, 2)}`);
    }
    lines.push(`${scenario.padEnd(20)} ${parts.join('; ')}`);
  }
  console.log(`\nlarge/small (p50, req/s)\n${lines.join('\n')}`);
}

/** SIGTERM to every service still running, then waits for each to exit. */
async function stopServices(services: Service[]): Promise<void> {
  for (const service of services) {
    if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGTERM');
  }
  await Promise.all(
    services.map(
      (service) =>
        new Promise<void>((resolve) => {
          if (service.child.exitCode !== null || service.child.signalCode !== null) resolve();
          else service.child.once('exit', () => resolve());
        }),
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
