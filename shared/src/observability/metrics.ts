import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { intFromEnv, isProduction } from '../config';
import { currentRequest } from '../request-scope';

/**
 * Prometheus metrics of one service, in a registry of its own (one process may run the whole
 * graph: `npm start`, tests), served at `/metrics` (`metricsRoute`). Every label value is
 * bounded: operation names and error codes are chosen by clients (or by a subgraph's answer),
 * so only the first METRICS_MAX_OPERATIONS (default 100) distinct operation names, and the first
 * 50 distinct codes, get a series of their own; the rest count as `other`.
 */

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A label whose values are capped: the first `max` distinct values, then `other`. */
export class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(
    private readonly max: number,
    private readonly pattern: RegExp,
  ) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (!this.pattern.test(value) || this.seen.size >= this.max) return 'other';
    this.seen.add(value);
    return value;
  }
}

/** GraphQL names (what an operation name may be), at most 64 characters. */
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,47}$/;

export const metricsMaxOperations = (): number => intFromEnv('METRICS_MAX_OPERATIONS', 100);

export type Outcome = 'ok' | 'partial' | 'error';

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly operations = new BoundedLabel(metricsMaxOperations(), OPERATION_NAME);
  private readonly codes = new BoundedLabel(50, ERROR_CODE);
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly errors: Counter<'code'>;
  private readonly latency: Histogram<'operation'>;
  private readonly subgraphLatency: Histogram<'subgraph' | 'outcome'>;
  private readonly refusals: Counter<'limit'>;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL requests served, by operation name (bounded) and outcome (ok, partial, error).',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.errors = new Counter({
      name: 'graphql_errors_total',
      help: 'Errors in answers (and requests refused before GraphQL ran), by extensions.code.',
      labelNames: ['code'],
      registers,
    });
    this.latency = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'Time from the request arriving to its answer sent, by operation name (bounded).',
      labelNames: ['operation'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.subgraphLatency = new Histogram({
      name: 'subgraph_fetch_duration_seconds',
      help: 'Gateway: time of each subgraph fetch, by subgraph and outcome (ok, error, timeout).',
      labelNames: ['subgraph', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.refusals = new Counter({
      name: 'rate_limit_refusals_total',
      help: 'Gateway: requests refused RATE_LIMITED, by limit (identity, partner, application, auth_failure).',
      labelNames: ['limit'],
      registers,
    });
  }

  /** The bounded label of an operation name (`anonymous` for an unnamed operation). */
  operationLabel(name: string | null | undefined): string {
    return name ? this.operations.of(name) : 'anonymous';
  }

  /** One request answered (called once per request by `ServiceObservability.serve`). */
  requestServed(operation: string, outcome: Outcome, seconds: number, codes: readonly string[]): void {
    this.requests.inc({ operation, outcome });
    this.latency.observe({ operation }, seconds);
    for (const code of codes) this.errors.inc({ code: this.codes.of(code) });
  }

  subgraphFetched(subgraph: string, outcome: 'ok' | 'error' | 'timeout', seconds: number): void {
    this.subgraphLatency.observe({ subgraph, outcome }, seconds);
  }

  rateLimitRefused(limit: 'identity' | 'partner' | 'application' | 'auth_failure'): void {
    this.refusals.inc({ limit });
  }

  /** Pool gauges of `dataSource` (read at each scrape): connections open, idle, and requests waiting. */
  observePool(dataSource: DataSource): void {
    const pool = () =>
      (dataSource.driver as unknown as { master?: PoolCounts }).master ?? {
        totalCount: 0,
        idleCount: 0,
        waitingCount: 0,
      };
    const gauge = (name: string, help: string, read: (counts: PoolCounts) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read(pool()));
        },
      });
    gauge('db_pool_connections', 'Connections the database pool holds (busy and idle).', (p) => p.totalCount);
    gauge('db_pool_idle_connections', 'Idle connections of the database pool.', (p) => p.idleCount);
    gauge('db_pool_waiting_requests', 'Queries waiting for a pooled connection.', (p) => p.waitingCount);
    gauge('db_pool_max_connections', 'Largest number of connections the pool opens (DB_POOL_MAX).', () =>
      Number((dataSource.options as { extra?: { max?: number } }).extra?.max ?? 0),
    );
  }

  /** Outbox gauges (one statement per scrape): messages not yet delivered and the oldest one's age. */
  observeOutbox(backlog: () => Promise<{ depth: number; oldestAgeSeconds: number }>): void {
    let last: Promise<{ depth: number; oldestAgeSeconds: number }> | undefined;
    // Both gauges are read in one scrape: one statement for the two.
    // A failing read (database down) reports NaN rather than failing the whole scrape.
    const read = () =>
      (last ??= backlog()
        .catch(() => ({ depth: Number.NaN, oldestAgeSeconds: Number.NaN }))
        .finally(() => setImmediate(() => (last = undefined))));
    new Gauge({
      name: 'outbox_pending_messages',
      help: 'Outbox messages not yet delivered.',
      registers: [this.registry],
      async collect() {
        this.set((await read()).depth);
      },
    });
    new Gauge({
      name: 'outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest outbox message not yet delivered (0 when none).',
      registers: [this.registry],
      async collect() {
        this.set((await read()).oldestAgeSeconds);
      },
    });
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * Who may scrape: with METRICS_TOKEN set, a request with `Authorization: Bearer <METRICS_TOKEN>`
 * only; without it, anyone outside production, and nobody in production (404, as for any unknown
 * path), so that a production service never exposes its operation names and volumes by default.
 */
export function mayScrape(req: IncomingMessage, env: NodeJS.ProcessEnv = process.env): boolean {
  const token = env.METRICS_TOKEN;
  if (!token) return !isProduction();
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The `/metrics` route of a service. */
export function metricsRoute(metrics: ServiceMetrics) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const scope = currentRequest();
    if (scope) scope.background = true; // a scrape is no client's cost (statement counts)
    if (!mayScrape(req)) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] }));
      return;
    }
    const body = await metrics.text();
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(body);
  };
}
