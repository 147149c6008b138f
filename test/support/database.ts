import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { migrate } from '@sales-graph/shared/db/datasource';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@sales-graph/shared/db/embedded';
import { createCustomersDataSource } from '../../subgraphs/customers/src/datasource';
import { createPartnersDataSource } from '../../subgraphs/partners/src/datasource';

export type SubgraphName = 'customers' | 'partners';

export interface TestDatabase {
  url: string;
  /** Pool size the database can take (PGlite serves one connection). */
  poolMax: number;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** The database comes with this subgraph's migrations applied (its schema and tables, no rows). */
  migrated?: SubgraphName;
}

/** The subgraph's data source on `url` (not initialised). */
export function subgraphDataSource(subgraph: SubgraphName, url: string, poolMax?: number): DataSource {
  return subgraph === 'customers'
    ? createCustomersDataSource(url, poolMax)
    : createPartnersDataSource(url, poolMax);
}

/**
 * A fresh database for one test file: a new database on TEST_DATABASE_URL's server, or an
 * in-memory embedded PostgreSQL when that is unset. Empty, or with a subgraph's migrations
 * applied (`migrated`).
 *
 * Embedded, every database starts from a snapshot of its data directory (`startEmbeddedDatabase`)
 * instead of running initdb and the migrations again, which took most of an embedded run.
 */
export async function createTestDatabase(
  label: string,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    const embedded = await startEmbeddedDatabase(options.migrated);
    return { url: embedded.url, poolMax: 1, drop: () => embedded.stop() };
  }
  const name = `sg_${label}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const database: TestDatabase = {
    url: url.toString(),
    poolMax: 5,
    async drop() {
      const client = new Client({ connectionString: server });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
  if (options.migrated) await migrateDatabase(options.migrated, database.url, 1);
  return database;
}

async function migrateDatabase(subgraph: SubgraphName, url: string, poolMax: number): Promise<void> {
  const dataSource = await subgraphDataSource(subgraph, url, poolMax).initialize();
  try {
    await migrate(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

const snapshots = new Map<string, Promise<Blob>>();

/**
 * An embedded database, empty or with a subgraph's migrations applied, started from a snapshot
 * of its data directory: initdb and the migrations run once per test run, not once per database.
 */
async function startEmbeddedDatabase(subgraph: SubgraphName | undefined): Promise<EmbeddedPostgres> {
  return startEmbeddedPostgres({ from: await embeddedSnapshot(subgraph) });
}

/**
 * The data directory of an embedded database just after initdb, or with a subgraph's migrations
 * applied, as a tarball in the run's cache directory (TEST_CACHE_DIR, which
 * `jest-global-setup.cjs` makes and `jest-global-teardown.cjs` removes), shared by every jest
 * worker and test file of the run. A migrated one is keyed by its subgraph's migration list
 * (names and code) and the PGlite version, so a changed migration builds a new one. Two workers
 * that miss at the same moment both build it (a rename keeps one whole file).
 *
 * The server a snapshot is taken from is stopped, not handed on: PGlite serves one connection
 * (`maxConnections` 1), and a new one can be refused while the socket server still holds the
 * migrations' closed connection.
 */
function embeddedSnapshot(subgraph: SubgraphName | undefined): Promise<Blob> {
  const key = snapshotKey(subgraph);
  let snapshot = snapshots.get(key);
  if (!snapshot) {
    snapshot = readSnapshot(key) ?? buildSnapshot(key, subgraph);
    snapshots.set(key, snapshot);
    snapshot.catch(() => snapshots.delete(key));
  }
  return snapshot;
}

async function buildSnapshot(key: string, subgraph: SubgraphName | undefined): Promise<Blob> {
  // initdb only for the empty snapshot; a migrated one starts from the empty one.
  const embedded = await startEmbeddedPostgres({
    from: subgraph ? await embeddedSnapshot(undefined) : undefined,
  });
  let snapshot: Blob;
  try {
    if (subgraph) await migrateDatabase(subgraph, embedded.url, 1);
    snapshot = await embedded.dump();
  } finally {
    await embedded.stop();
  }
  await writeSnapshot(key, snapshot);
  return snapshot;
}

function snapshotFile(key: string): string | undefined {
  const dir = process.env.TEST_CACHE_DIR;
  return dir ? join(dir, `pglite-${key}.tar`) : undefined;
}

function readSnapshot(key: string): Promise<Blob> | undefined {
  const file = snapshotFile(key);
  return file && existsSync(file) ? Promise.resolve(new Blob([readFileSync(file)])) : undefined;
}

async function writeSnapshot(key: string, snapshot: Blob): Promise<void> {
  const file = snapshotFile(key);
  if (!file || !existsSync(dirname(file))) return;
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await snapshot.arrayBuffer()));
  renameSync(partial, file);
}

function snapshotKey(subgraph: SubgraphName | undefined): string {
  const hash = createHash('sha256').update(pgliteVersion());
  if (subgraph) {
    const { migrations } = subgraphDataSource(subgraph, 'postgres://unused/unused').options;
    for (const migration of Object.values(migrations ?? {})) {
      if (typeof migration === 'string') throw new Error(`Migrations are classes, not globs (${migration})`);
      const { up, down } = (migration as { prototype: { up: () => unknown; down: () => unknown } }).prototype;
      hash.update(`${migration.name}\n${String(up)}\n${String(down)}\n`);
    }
  }
  return `${subgraph ?? 'initdb'}-${hash.digest('hex').slice(0, 16)}`;
}

let version: string | undefined;
function pgliteVersion(): string {
  version ??= (
    JSON.parse(
      readFileSync(join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8'),
    ) as { version: string }
  ).version;
  return version;
}
