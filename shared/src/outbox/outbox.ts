import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { intFromEnv } from '../config';
import { runAsActor } from '../http';
import { logger } from '../log';
import { PeriodicRounds, systemClock, type Timer } from '../rounds';
import {
  DEFAULT_BACKOFF,
  DEFAULT_MAX_ATTEMPTS,
  errorText,
  isExhausted,
  leaseUntil,
  nextAttemptAt,
  targetOf,
  type BackoffOptions,
} from './outbox.rules';

/**
 * The transactional outbox: a side effect on another service (e.g. "create the CRM deal for
 * this approval") is written as a row of the subgraph's own `outbox` table in the same
 * transaction as the business change, so the intent commits with it or not at all. A dispatcher
 * then delivers each row to the handler registered for its topic until the handler succeeds:
 * at least once, with the row's idempotency key so that a handler that runs twice changes
 * nothing the second time. Failures back off (bounded, exponential, with jitter); a success with
 * a target (or its readiness probe answering) makes the target's waiting messages due at once;
 * after OUTBOX_MAX_ATTEMPTS failed attempts a message is a dead letter (`dead_at`, with its last
 * error) that only an ADMIN replay (`outbox.resolver.ts`) sends again.
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

/**
 * SQL that adds dead letters and leases to an `outbox` table made by `outboxTableSql`, for a
 * later migration: `dead_at` (given up after the last attempt; never claimed again until
 * replayed), `leased_until` (set while a dispatcher holds the row, so that a prompt retry does not
 * hand a message in flight to a second dispatcher), and the claim index without dead rows.
 */
export function outboxDeadLetterSql(schema: string): string[] {
  return [
    `ALTER TABLE "${schema}".outbox ADD COLUMN dead_at timestamptz(3), ADD COLUMN leased_until timestamptz(3)`,
    `DROP INDEX "${schema}".outbox_due_idx`,
    `CREATE INDEX outbox_due_idx ON "${schema}".outbox (next_attempt_at, created_at, id)
       WHERE delivered_at IS NULL AND dead_at IS NULL`,
    `CREATE INDEX outbox_dead_idx ON "${schema}".outbox (dead_at, id) WHERE dead_at IS NOT NULL`,
  ];
}

/** Indexes for `outboxDeadLetters(filter, orderBy)`: dead letters by creation and by topic. */
export function outboxDeadLetterListIndexSql(schema: string): string[] {
  const dead = 'WHERE dead_at IS NOT NULL AND delivered_at IS NULL';
  return [
    `CREATE INDEX outbox_dead_created_idx ON "${schema}".outbox (created_at, id) ${dead}`,
    `CREATE INDEX outbox_dead_topic_idx ON "${schema}".outbox (topic, created_at, id) ${dead}`,
  ];
}

/** Reverts `outboxDeadLetterListIndexSql`. */
export const outboxDeadLetterListIndexDownSql = (schema: string): string[] => [
  `DROP INDEX "${schema}".outbox_dead_topic_idx`,
  `DROP INDEX "${schema}".outbox_dead_created_idx`,
];

/** Reverts `outboxDeadLetterSql`. */
export function outboxDeadLetterDownSql(schema: string): string[] {
  return [
    `DROP INDEX "${schema}".outbox_dead_idx`,
    `DROP INDEX "${schema}".outbox_due_idx`,
    `ALTER TABLE "${schema}".outbox DROP COLUMN dead_at, DROP COLUMN leased_until`,
    `CREATE INDEX outbox_due_idx ON "${schema}".outbox (next_attempt_at, created_at, id) WHERE delivered_at IS NULL`,
  ];
}

function outboxTable(source: DataSource | EntityManager, table = 'outbox'): string {
  const options = ('connection' in source ? source.connection : source).options as PostgresConnectionOptions;
  if (!options.schema) throw new Error('The outbox lives in the subgraph schema; the data source has none');
  return `"${options.schema}".${table}`;
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
  /** Default: OUTBOX_BACKOFF_BASE_MS / OUTBOX_BACKOFF_CAP_MS (1000 / 60000 ms), full jitter. */
  backoff?: BackoffOptions;
  /** Random source of the jitter, in [0, 1). Default Math.random. */
  random?: () => number;
  /** Attempts after which a message is a dead letter. Default: OUTBOX_MAX_ATTEMPTS, else 20. */
  maxAttempts?: number;
  /**
   * Cheap readiness checks per target (`targetOf(topic)`, e.g. `crm`), which tell an outage of
   * the target from a message that fails on its own. At the end of a round in which a target has
   * messages waiting out their backoff, nothing was delivered to it, and it is not known to be up,
   * its probe is called: failing, the target is down; resolving after it was down, its waiting
   * messages are due at once (it answers again). A message that fails while the probe answers is
   * the message's problem: it keeps its backoff. Without a probe, any failure counts as the
   * target being down.
   */
  probes?: Record<string, () => Promise<unknown>>;
  /** Who the handlers' writes are audited as. */
  actor?: { sub: string; role: string };
  /**
   * The table (in the subgraph's schema) the dispatcher delivers from: default `outbox`. A second
   * table with the same columns (e.g. the PRM's `attribution_outbox`) keeps a high-volume stream
   * out of the main outbox, its own dispatcher delivering it.
   */
  table?: string;
  /** What the polls wait with (test seam; default `setTimeout`, see shared/src/rounds.ts). */
  timer?: Timer;
  /** The `now` of each round (test seam; default the system clock). */
  clock?: () => Date;
}

export interface DispatchResult {
  claimed: number;
  delivered: number;
  /** Failed attempts, the ones that made a message dead included. */
  failed: number;
  /** Messages given up as dead letters in this round (present only when there are some). */
  dead?: number;
  /** Waiting messages made due because their target answered again (present only when some). */
  promoted?: number;
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

/** The backoff from the environment: OUTBOX_BACKOFF_BASE_MS, OUTBOX_BACKOFF_CAP_MS; full jitter. */
export const outboxBackoff = (): BackoffOptions => {
  const baseMs = intFromEnv('OUTBOX_BACKOFF_BASE_MS', DEFAULT_BACKOFF.baseMs);
  return {
    baseMs,
    capMs: Math.max(baseMs, intFromEnv('OUTBOX_BACKOFF_CAP_MS', DEFAULT_BACKOFF.capMs)),
    jitter: 1,
  };
};

/** Attempts before a dead letter, from the environment: OUTBOX_MAX_ATTEMPTS, default 20 (at least 1). */
export const outboxMaxAttempts = (): number =>
  Math.max(1, intFromEnv('OUTBOX_MAX_ATTEMPTS', DEFAULT_MAX_ATTEMPTS));

/** Delivers a subgraph's outbox rows to their topic handlers (one per subgraph process). */
export class OutboxDispatcher {
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly probes: Record<string, () => Promise<unknown>>;
  /**
   * What this dispatcher knows of each target: `down` after its probe failed (or, without a
   * probe, a delivery to it failed); `up` after a delivery or the probe succeeded; `unknown` at
   * start and after a failure while it was up. Only a `down` → `up` change makes messages due.
   */
  private readonly targets = new Map<string, 'up' | 'down' | 'unknown'>();
  private readonly actor: { sub: string; role: string };
  private readonly table: string;
  private readonly clock: () => Date;
  private readonly rounds: PeriodicRounds<DispatchResult>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly handlers: OutboxHandlers,
    options: OutboxDispatcherOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.rounds = new PeriodicRounds(() => this.dispatchOnce(), {
      intervalMs: options.pollMs ?? outboxPollMs(),
      timer: options.timer,
      onError: (error) => log.error('dispatch round failed', errorText(error)),
    });
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.backoff = options.backoff ?? outboxBackoff();
    this.random = options.random ?? Math.random;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? outboxMaxAttempts());
    this.probes = options.probes ?? {};
    this.actor = options.actor ?? { sub: 'service:outbox', role: 'SERVICE' };
    this.table = options.table ?? 'outbox';
  }

  /** Starts polling (unless the poll interval is 0). */
  start(): void {
    this.rounds.start();
  }

  /** Stops polling and waits for the round in progress to finish. */
  stop(): Promise<void> {
    return this.rounds.stop();
  }

  /** Whether polling is on. */
  get running(): boolean {
    return this.rounds.running;
  }

  /** The result of the next round polling starts (see PeriodicRounds.nextRound). */
  nextRound(): Promise<DispatchResult> {
    return this.rounds.nextRound();
  }

  /**
   * One round: claims up to `batchSize` due rows (rows another dispatcher holds are skipped),
   * delivers each to its handler, then marks it delivered or records the error and backs off.
   */
  dispatchOnce(now: Date = this.clock()): Promise<DispatchResult> {
    return runAsActor({ requestId: 'outbox', actor: this.actor, background: true }, () => this.round(now));
  }

  private async round(now: Date): Promise<DispatchResult> {
    const table = outboxTable(this.dataSource, this.table);
    // One statement: the claim (row locks, SKIP LOCKED) and the lease commit together, so two
    // dispatchers never take the same row and a claimed row is never lost.
    const claimed: ClaimedRow[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE ${table} SET attempts = attempts + 1, next_attempt_at = $2, leased_until = $2
         WHERE id IN (
           SELECT id FROM ${table}
           WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= $1
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
    let dead = 0;
    let promoted = 0;
    /** Targets a delivery succeeded with in this round. */
    const answered = new Set<string>();
    for (const row of claimed) {
      const target = targetOf(row.topic);
      if (row.attempts > this.maxAttempts) {
        // Its last attempt never finished (the dispatcher holding it stopped, its lease ran out).
        await this.dataSource.query(
          `UPDATE ${table} SET dead_at = $2, leased_until = NULL,
             last_error = COALESCE(last_error, 'The last attempt did not finish (its dispatcher stopped)')
           WHERE id = $1 AND delivered_at IS NULL`,
          [row.id, now],
        );
        dead += 1;
        continue;
      }
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
          `UPDATE ${table} SET delivered_at = now(), last_error = NULL, leased_until = NULL WHERE id = $1`,
          [row.id],
        );
        result.delivered += 1;
        answered.add(target);
        promoted += await this.answers(target, now);
      } catch (error) {
        const exhausted = isExhausted(row.attempts, this.maxAttempts);
        await this.dataSource.query(
          `UPDATE ${table} SET last_error = $2, next_attempt_at = $3, dead_at = $4, leased_until = NULL
           WHERE id = $1 AND delivered_at IS NULL`,
          [
            row.id,
            errorText(error),
            exhausted ? now : nextAttemptAt(now, row.attempts, this.backoff, this.random),
            exhausted ? now : null,
          ],
        );
        result.failed += 1;
        if (exhausted) dead += 1;
        this.failedWith(target);
      }
    }
    for (const [target, probe] of Object.entries(this.probes)) {
      if (answered.has(target) || this.targets.get(target) === 'up') continue;
      if (!(await this.hasWaiting(target, now))) continue;
      try {
        await probe();
      } catch {
        this.targets.set(target, 'down'); // the messages keep their backoff
        continue;
      }
      promoted += await this.answers(target, now);
    }
    if (dead > 0) result.dead = dead;
    if (promoted > 0) result.promoted = promoted;
    return result;
  }

  /** A delivery to `target` failed: an outage (without a probe), or to be told apart by the probe. */
  private failedWith(target: string): void {
    if (!this.probes[target]) this.targets.set(target, 'down');
    else if (this.targets.get(target) === 'up') this.targets.set(target, 'unknown');
  }

  /** `target` answered (a delivery or its probe succeeded): if it was down, its waiting messages are due. */
  private async answers(target: string, now: Date): Promise<number> {
    const wasDown = this.targets.get(target) === 'down';
    this.targets.set(target, 'up');
    return wasDown ? this.promote(target, now) : 0;
  }

  /** Whether `target` has messages waiting out a backoff (not held by a dispatcher) at `now`. */
  private async hasWaiting(target: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM ${outboxTable(this.dataSource, this.table)}
       WHERE delivered_at IS NULL AND dead_at IS NULL AND leased_until IS NULL AND next_attempt_at > $1
         AND split_part(topic, '.', 1) = $2
       LIMIT 1`,
      [now, target],
    );
    return rows.length > 0;
  }

  /**
   * The target answers again: its messages waiting out a backoff are due at `now` (the next round
   * takes them). Messages a dispatcher holds (leased) and dead letters are left alone.
   */
  private async promote(target: string, now: Date): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `UPDATE ${outboxTable(this.dataSource, this.table)} SET next_attempt_at = $1
       WHERE delivered_at IS NULL AND dead_at IS NULL AND leased_until IS NULL AND next_attempt_at > $1
         AND split_part(topic, '.', 1) = $2`,
      [now, target],
    )) as [unknown, number];
    return count;
  }
}
