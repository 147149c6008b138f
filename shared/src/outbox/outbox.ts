import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { intFromEnv } from '../config';
import { runAsActor } from '../http';
import { logger } from '../log';
import { DEFAULT_BACKOFF, errorText, leaseUntil, nextAttemptAt, type BackoffOptions } from './outbox.rules';

/**
 * The transactional outbox: a side effect on another service (e.g. "create the CRM deal for
 * this approval") is written as a row of the subgraph's own `outbox` table in the same
 * transaction as the business change, so the intent commits with it or not at all. A dispatcher
 * then delivers each row to the handler registered for its topic until the handler succeeds:
 * at least once, with the row's idempotency key so that a handler that runs twice changes
 * nothing the second time.
 */

const log = logger('outbox');

/** SQL of the `outbox` table in a subgraph's schema, for that subgraph's migration. */
export function outboxTableSql(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}".outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      topic text NOT NULL CHECK (length(topic) > 0),
      payload jsonb NOT NULL,
      idempotency_key text NOT NULL UNIQUE CHECK (length(idempotency_key) > 0),
      attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
      delivered_at timestamptz(3),
      last_error text,
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )`,
    // The dispatcher's claim: undelivered rows by due time.
    `CREATE INDEX outbox_due_idx ON "${schema}".outbox (next_attempt_at, created_at, id) WHERE delivered_at IS NULL`,
  ];
}

function outboxTable(source: DataSource | EntityManager): string {
  const options = ('connection' in source ? source.connection : source).options as PostgresConnectionOptions;
  if (!options.schema) throw new Error('The outbox lives in the subgraph schema; the data source has none');
  return `"${options.schema}".outbox`;
}

/**
 * Records the intent to deliver `payload` to `topic`, inside the caller's transaction (`manager`
 * is the transaction's). A second enqueue with the same key is a no-op: returns false.
 */
export async function enqueue(
  manager: EntityManager,
  topic: string,
  idempotencyKey: string,
  payload: Record<string, unknown>,
): Promise<boolean> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('enqueue must run inside the transaction of the change it belongs to');
  }
  const rows: unknown[] = await manager.query(
    `INSERT INTO ${outboxTable(manager)} (topic, idempotency_key, payload) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [topic, idempotencyKey, JSON.stringify(payload)],
  );
  return rows.length === 1;
}

/**
 * Messages not yet delivered and the age of the oldest (seconds, 0 when none): the outbox
 * gauges of `/metrics` read it at each scrape (served by the partial index `outbox_due_idx`).
 */
export async function outboxBacklog(
  dataSource: DataSource,
): Promise<{ depth: number; oldestAgeSeconds: number }> {
  const [row] = (await dataSource.query(
    `SELECT count(*)::int AS depth,
            coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
       FROM ${outboxTable(dataSource)} WHERE delivered_at IS NULL`,
  )) as { depth: number; age: number }[];
  return { depth: Number(row?.depth ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.age ?? 0)) };
}

export interface OutboxMessage<P = Record<string, unknown>> {
  id: string;
  topic: string;
  idempotencyKey: string;
  payload: P;
  /** Attempts so far, this one included. */
  attempts: number;
}

/** Delivers one message; must be idempotent (it may run more than once for the same key). */
export type OutboxHandler = (message: OutboxMessage) => Promise<void>;
export type OutboxHandlers = Record<string, OutboxHandler>;

export interface OutboxDispatcherOptions {
  /** Poll interval; 0 leaves polling off (dispatchOnce only). Default: OUTBOX_POLL_MS, else 1000. */
  pollMs?: number;
  /** Rows claimed per round. */
  batchSize?: number;
  /** How long a claimed row is held before another dispatcher may take it again. */
  leaseMs?: number;
  backoff?: BackoffOptions;
  /** Who the handlers' writes are audited as. */
  actor?: { sub: string; role: string };
}

export interface DispatchResult {
  claimed: number;
  delivered: number;
  failed: number;
}

interface ClaimedRow {
  id: string;
  topic: string;
  idempotency_key: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/** The poll interval from the environment: OUTBOX_POLL_MS, default 1000 ms, 0 = off. */
export const outboxPollMs = (): number => intFromEnv('OUTBOX_POLL_MS', 1000);

/** Delivers a subgraph's outbox rows to their topic handlers (one per subgraph process). */
export class OutboxDispatcher {
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly backoff: BackoffOptions;
  private readonly actor: { sub: string; role: string };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly handlers: OutboxHandlers,
    options: OutboxDispatcherOptions = {},
  ) {
    this.pollMs = options.pollMs ?? outboxPollMs();
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.actor = options.actor ?? { sub: 'service:outbox', role: 'SERVICE' };
  }

  /** Starts polling (unless the poll interval is 0). */
  start(): void {
    if (!this.stopped || this.pollMs === 0) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops polling and waits for the round in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running.catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.dispatchOnce()
        .catch((error: unknown) => log.error('dispatch round failed', errorText(error)))
        .finally(() => this.schedule());
    }, this.pollMs);
    this.timer.unref();
  }

  /**
   * One round: claims up to `batchSize` due rows (rows another dispatcher holds are skipped),
   * delivers each to its handler, then marks it delivered or records the error and backs off.
   */
  dispatchOnce(now: Date = new Date()): Promise<DispatchResult> {
    return runAsActor({ requestId: 'outbox', actor: this.actor, background: true }, () => this.round(now));
  }

  private async round(now: Date): Promise<DispatchResult> {
    const table = outboxTable(this.dataSource);
    // One statement: the claim (row locks, SKIP LOCKED) and the lease commit together, so two
    // dispatchers never take the same row and a claimed row is never lost.
    const claimed: ClaimedRow[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE ${table} SET attempts = attempts + 1, next_attempt_at = $2
         WHERE id IN (
           SELECT id FROM ${table}
           WHERE delivered_at IS NULL AND next_attempt_at <= $1
           ORDER BY next_attempt_at, created_at, id
           LIMIT $3
           FOR UPDATE SKIP LOCKED
         )
         RETURNING id, topic, idempotency_key, payload, attempts, created_at
       )
       SELECT id, topic, idempotency_key, payload, attempts FROM claimed ORDER BY created_at, id`,
      [now, leaseUntil(now, this.leaseMs), this.batchSize],
    );
    const result: DispatchResult = { claimed: claimed.length, delivered: 0, failed: 0 };
    for (const row of claimed) {
      const message: OutboxMessage = {
        id: row.id,
        topic: row.topic,
        idempotencyKey: row.idempotency_key,
        payload: row.payload,
        attempts: row.attempts,
      };
      try {
        const handler = this.handlers[row.topic];
        if (!handler) throw new Error(`No outbox handler for topic ${row.topic}`);
        await runAsActor(
          { requestId: `outbox:${row.id}:${row.attempts}`, actor: this.actor, background: true },
          () => handler(message),
        );
        await this.dataSource.query(
          `UPDATE ${table} SET delivered_at = now(), last_error = NULL WHERE id = $1`,
          [row.id],
        );
        result.delivered += 1;
      } catch (error) {
        await this.dataSource.query(
          `UPDATE ${table} SET last_error = $2, next_attempt_at = $3 WHERE id = $1 AND delivered_at IS NULL`,
          [row.id, errorText(error), nextAttemptAt(now, row.attempts, this.backoff)],
        );
        result.failed += 1;
      }
    }
    return result;
  }
}
