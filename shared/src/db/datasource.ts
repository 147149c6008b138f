import 'reflect-metadata';
import { types } from 'pg';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import {
  DataSource,
  MigrationExecutor,
  type Logger,
  type MixedList,
  type EntitySchema,
  type QueryRunner,
} from 'typeorm';
import { dbConnectTimeoutMs, poolSize, statementTimeoutMs } from '../config';
import { SnakeNamingStrategy } from './record';
import { AuditEntry } from '../audit/audit.entity';
import { AuditSubscriber } from '../audit/audit.subscriber';
import { currentRequest } from '../http';
import { logger } from '../log';
import { TracedClient, tracingEnabled } from '../observability/tracing';

const sqlLog = logger('sql');

// Calendar dates stay strings ("2026-03-31"): a JS Date would shift them by the server's time zone.
types.setTypeParser(1082, (value: string) => value);
// count(*) and other bigints fit easily in a JS number for the sizes this product handles.
types.setTypeParser(20, (value: string) => Number(value));

/** Counts the SQL statements a data source sends, so tests can prove there is no N+1. */
export class StatementCounter implements Logger {
  count = 0;
  readonly statements: string[] = [];
  private recording = false;
  /** Checks that see every statement (e.g. the test-mode scope guard). */
  readonly observers: ((query: string, queryRunner?: QueryRunner) => void)[] = [];

  record(): void {
    this.count = 0;
    this.statements.length = 0;
    this.recording = true;
  }

  logQuery(query: string, _parameters?: unknown[], queryRunner?: QueryRunner): void {
    if (process.env.LOG_SQL) sqlLog.info(query);
    for (const observe of this.observers) observe(query, queryRunner);
    // Background work (the outbox dispatcher) is no request's cost, and would make counts flaky.
    if (currentRequest()?.background) return;
    this.count += 1;
    if (this.recording) this.statements.push(query);
  }
  logQueryError(error: string | Error, query: string): void {
    if (process.env.LOG_SQL) sqlLog.error(`error in ${query}`, String(error));
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export interface SubgraphDataSourceOptions {
  url: string;
  /** The PostgreSQL schema this subgraph owns (`crm`, `prm`). */
  schema: string;
  entities: MixedList<string | (new () => unknown) | EntitySchema>;
  migrations: MixedList<string | (new () => unknown)>;
  poolMax?: number;
  /** PostgreSQL `statement_timeout` of every pooled connection (ms, 0 = none); default DB_STATEMENT_TIMEOUT_MS. */
  statementTimeoutMs?: number;
}

export function createDataSource(options: SubgraphDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    // Every subgraph keeps an audit log of its own in its own schema.
    entities: [...(options.entities as unknown[]), AuditEntry] as SubgraphDataSourceOptions['entities'],
    subscribers: [AuditSubscriber],
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: true,
    logger: new StatementCounter(),
    extra: {
      max: options.poolMax ?? poolSize(),
      application_name: `sales-graph-${options.schema}`,
      // A request waits this long for a connection (database down, pool exhausted), then SERVICE_UNAVAILABLE.
      connectionTimeoutMillis: dbConnectTimeoutMs(),
      // Sent when each connection starts: no statement holds a connection longer than this.
      statement_timeout: options.statementTimeoutMs ?? statementTimeoutMs(),
      // With tracing on, a span per statement (observability/tracing.ts); off, pg's own client.
      ...(tracingEnabled() ? { Client: TracedClient } : {}),
    },
  });
}

export function statementCounter(dataSource: DataSource): StatementCounter {
  return dataSource.logger as StatementCounter;
}

/**
 * Creates the subgraph's schema if needed and applies pending migrations, each in a transaction,
 * on one connection without the statement timeout (building an index on a large table may take
 * longer than any request should).
 */
export async function migrate(dataSource: DataSource): Promise<void> {
  const { schema } = dataSource.options as PostgresConnectionOptions;
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SET statement_timeout = 0');
    if (schema) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    await executor.executePendingMigrations();
  } finally {
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.release();
  }
}
