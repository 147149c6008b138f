import type { DataSource } from 'typeorm';
import type { Readiness } from '../http';

/** How long `/readyz` waits for the database before it says "not ready". */
const READY_TIMEOUT_MS = 2_000;

const within = <T>(work: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
};

/** A subgraph is ready when its database answers and no migration is pending. */
export async function databaseReadiness(
  dataSource: DataSource,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<Readiness> {
  if (!dataSource.isInitialized) return { ready: false, database: false, reason: 'not connected' };
  try {
    await within(dataSource.query('SELECT 1'), timeoutMs);
  } catch {
    return { ready: false, database: false, reason: 'database unreachable' };
  }
  let pending: boolean;
  try {
    pending = await within(dataSource.showMigrations(), timeoutMs);
  } catch {
    // The database answers but its schema or migrations table is missing: never migrated.
    pending = true;
  }
  return pending
    ? { ready: false, database: true, migrations: false, reason: 'migrations pending' }
    : { ready: true, database: true, migrations: true };
}
