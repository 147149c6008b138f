import 'reflect-metadata';
import { types } from 'pg';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { DataSource, type Logger, type MixedList, type EntitySchema, type QueryRunner } from 'typeorm';
import { poolSize } from '../config';
import { SnakeNamingStrategy } from './record';
import { AuditEntry } from '../audit/audit.entity';
import { AuditSubscriber } from '../audit/audit.subscriber';
import { currentRequest } from '../http';

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
    if (process.env.LOG_SQL) console.log(`[sql] ${query}`);
    for (const observe of this.observers) observe(query, queryRunner);
    // Background work (the outbox dispatcher) is no request's cost, and would make counts flaky.
    if (currentRequest()?.background) return;
    this.count += 1;
    if (this.recording) this.statements.push(query);
  }
  logQueryError(error: string | Error, query: string): void {
    if (process.env.LOG_SQL) console.error(`[sql error] ${String(error)} in ${query}`);
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
    extra: { max: options.poolMax ?? poolSize(), application_name: `sales-graph-${options.schema}` },
  });
}

export function statementCounter(dataSource: DataSource): StatementCounter {
  return dataSource.logger as StatementCounter;
}

/** Creates the subgraph's schema if needed and applies pending migrations, each in a transaction. */
export async function migrate(dataSource: DataSource): Promise<void> {
  const { schema } = dataSource.options as PostgresConnectionOptions;
  if (schema) await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await dataSource.runMigrations({ transaction: 'each' });
}
