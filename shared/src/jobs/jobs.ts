import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { intFromEnv } from '../config';
import { runAsActor } from '../http';
import { errorText } from '../outbox/outbox.rules';
import { logger } from '../log';
import { PeriodicRounds, systemClock, type Timer } from '../rounds';

const log = logger('jobs');

/**
 * Periodic jobs of a subgraph (time-based rules such as "expire what is overdue"): every interval
 * each registered job runs in its own transaction, under a transaction-level advisory lock named
 * after the subgraph's schema and the job, so two replicas never run the same job at once (the
 * second one skips it for that round). A failing job is rolled back and logged; the others and the
 * next rounds still run. Started and stopped with the subgraph by `listenSubgraph`.
 */

export interface ScheduledJob {
  /** Unique within the subgraph: names the advisory lock and the log lines. */
  name: string;
  /** The work, inside the job's transaction (`manager`); writes through entities are audited. */
  run(manager: EntityManager, now: Date): Promise<unknown>;
}

export type JobOutcome =
  | { name: string; status: 'done'; result: unknown }
  | { name: string; status: 'skipped' }
  | { name: string; status: 'failed'; error: string };

export interface JobRunnerOptions {
  /** Interval between rounds; 0 leaves the runner off (runOnce only). Default: JOBS_INTERVAL_MS. */
  intervalMs?: number;
  /** Who the jobs' writes are audited as. */
  actor?: { sub: string; role: string };
  /** What the rounds wait with (test seam; default `setTimeout`, see shared/src/rounds.ts). */
  timer?: Timer;
  /** The `now` of each round the loop runs (test seam; default the system clock). */
  clock?: () => Date;
}

/** The interval from the environment: JOBS_INTERVAL_MS, default 60000 ms, 0 = off. */
export const jobsIntervalMs = (): number => intFromEnv('JOBS_INTERVAL_MS', 60_000);

/** Thrown inside the transaction when another runner holds the job's lock: rolls back, not a failure. */
class JobLocked extends Error {}

export class JobRunner {
  private readonly actor: { sub: string; role: string };
  private readonly schema: string;
  private readonly clock: () => Date;
  private readonly rounds: PeriodicRounds<JobOutcome[]>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: readonly ScheduledJob[],
    options: JobRunnerOptions = {},
  ) {
    const names = jobs.map((job) => job.name);
    if (new Set(names).size !== names.length)
      throw new Error(`Job names must be unique: ${names.join(', ')}`);
    this.clock = options.clock ?? systemClock;
    const intervalMs = options.intervalMs ?? jobsIntervalMs();
    this.rounds = new PeriodicRounds(() => this.runOnce(), {
      // No job: nothing to run, the loop stays off.
      intervalMs: jobs.length === 0 ? 0 : intervalMs,
      timer: options.timer,
    });
    this.actor = options.actor ?? { sub: 'service:jobs', role: 'SERVICE' };
    this.schema = (dataSource.options as PostgresConnectionOptions).schema ?? 'public';
  }

  /** Starts the rounds (unless the interval is 0 or there is no job). */
  start(): void {
    this.rounds.start();
  }

  /** Stops the rounds and waits for the one in progress to finish. */
  stop(): Promise<void> {
    return this.rounds.stop();
  }

  /** Whether the rounds are on. */
  get running(): boolean {
    return this.rounds.running;
  }

  /** The outcomes of the next round the loop starts (see PeriodicRounds.nextRound). */
  nextRound(): Promise<JobOutcome[]> {
    return this.rounds.nextRound();
  }

  /** One round: every job once, one after the other, each in its own transaction. Never throws. */
  async runOnce(now: Date = this.clock()): Promise<JobOutcome[]> {
    const outcomes: JobOutcome[] = [];
    for (const job of this.jobs) outcomes.push(await this.runJob(job, now));
    return outcomes;
  }

  private async runJob(job: ScheduledJob, now: Date): Promise<JobOutcome> {
    const requestId = `job:${job.name}:${now.toISOString()}`;
    try {
      const result = await runAsActor({ requestId, actor: this.actor, background: true }, () =>
        this.dataSource.transaction(async (manager) => {
          const [{ locked }] = (await manager.query(
            `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`,
            [`${this.schema}.jobs.${job.name}`],
          )) as { locked: boolean }[];
          if (!locked) throw new JobLocked();
          return job.run(manager, now);
        }),
      );
      return { name: job.name, status: 'done', result };
    } catch (error) {
      if (error instanceof JobLocked) return { name: job.name, status: 'skipped' };
      log.error(`${job.name} failed`, errorText(error));
      return { name: job.name, status: 'failed', error: errorText(error) };
    }
  }
}
