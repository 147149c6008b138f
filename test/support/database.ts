import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { migrate } from '@sales-graph/shared/db/datasource';
import {
  EMBEDDED_INITDB,
  EMBEDDED_SETTINGS,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from '@sales-graph/shared/db/embedded';
import { createCustomersDataSource } from '../../subgraphs/customers/src/datasource';
import { createPartnersDataSource } from '../../subgraphs/partners/src/datasource';

export type SubgraphName = 'customers' | 'partners';

export interface TestDatabase {
  url: string;
  /** Pool size a subgraph uses on it (one on the embedded database). */
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
    return { url: embedded.url, poolMax: EMBEDDED_POOL_MAX, drop: () => embedded.stop() };
  }
  const name = `sg_${label}_${randomBytes(6).toString('hex')}`;
  const template = options.migrated ? await serverTemplate(server, options.migrated) : undefined;
  await withAdmin(server, (admin) => createDatabase(admin, name, template));
  return {
    url: databaseUrl(server, name),
    poolMax: 5,
    drop: async () => {
      await withAdmin(server, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(server: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** CREATE DATABASE, as a copy of `template` when given. */
async function createDatabase(admin: Client, name: string, template?: string): Promise<void> {
  await whileInUse(
    admin,
    template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`,
  );
}

/**
 * Runs a statement PostgreSQL refuses while another session is connected to the database it
 * copies or renames (55006): the template's builder has just disconnected, and its backend may
 * not have exited yet. Tries again until it has (a state; bounded).
 */
async function whileInUse(admin: Client, statement: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(statement);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 500) throw error;
      await admin.query(`SELECT pg_sleep(0.01)`);
    }
  }
}

const templates = new Map<string, Promise<string>>();

/**
 * On a real server, a migrated test database is a copy of a template database with the
 * subgraph's migrations applied (CREATE DATABASE … TEMPLATE, a file copy), instead of running
 * every migration once per database: that was most of a PostgreSQL run. The template is named by
 * the same key as the embedded snapshots (the migrations' names and code), so it is built once
 * per server and migration list, and kept for the next run; building one drops the subgraph's
 * templates of other migration lists (when no run is copying them). Two workers that miss at
 * the same moment both build one; the first rename wins and the other drops its copy.
 */
function serverTemplate(server: string, subgraph: SubgraphName): Promise<string> {
  const name = `sg_template_${snapshotKey(subgraph).replace(/[^a-z0-9]/g, '_')}`;
  let template = templates.get(name);
  if (!template) {
    template = ensureTemplate(server, subgraph, name);
    templates.set(name, template);
    template.catch(() => templates.delete(name));
  }
  return template;
}

async function ensureTemplate(server: string, subgraph: SubgraphName, name: string): Promise<string> {
  const exists = async (admin: Client) =>
    (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1;
  if (await withAdmin(server, exists)) return name;
  const building = `sg_building_${subgraph}_${randomBytes(6).toString('hex')}`;
  await withAdmin(server, (admin) => createDatabase(admin, building));
  try {
    await migrateDatabase(subgraph, databaseUrl(server, building), 1);
    await withAdmin(server, async (admin) => {
      try {
        await whileInUse(admin, `ALTER DATABASE "${building}" RENAME TO "${name}"`);
      } catch (error) {
        // Another worker's copy was renamed first (42P04): use that one.
        if ((error as { code?: string }).code !== '42P04') throw error;
        await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
        return;
      }
      const stale = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2`,
        [`sg\\_template\\_${subgraph}\\_%`, name],
      );
      for (const { datname } of stale.rows)
        await admin.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => undefined);
    });
  } catch (error) {
    await withAdmin(server, (admin) => admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`));
    throw error;
  }
  return name;
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
 * Connections an embedded test database takes at once, multiplexed onto PGlite's one session a
 * transaction at a time (`startEmbeddedPostgres`): beside a subgraph's pool, the test's own
 * clients, a second data source or a migration job connect as on a real server.
 *
 * A subgraph's pool itself stays at one connection there, as `npm start` runs it: with more, a
 * statement sent on a second connection while the first holds a transaction waits for that
 * transaction to end, where a real server runs both (and a lock wait between the two cannot
 * happen). Code that needs a second pooled connection inside a transaction is caught here.
 */
const EMBEDDED_CONNECTIONS = 20;
const EMBEDDED_POOL_MAX = 1;

/**
 * An embedded database, empty or with a subgraph's migrations applied, started from a snapshot
 * of its data directory: initdb and the migrations run once per test run, not once per database.
 */
async function startEmbeddedDatabase(subgraph: SubgraphName | undefined): Promise<EmbeddedPostgres> {
  return startEmbeddedPostgres({
    from: await embeddedSnapshot(subgraph),
    maxConnections: EMBEDDED_CONNECTIONS,
  });
}

/**
 * The data directory of an embedded database just after initdb, or with a subgraph's migrations
 * applied, as a tarball in the run's cache directory (TEST_CACHE_DIR, which
 * `jest-global-setup.cjs` makes and `jest-global-teardown.cjs` removes), shared by every jest
 * worker and test file of the run. A migrated one is keyed by its subgraph's migration list
 * (names and code), the function that runs them, the PGlite version and the embedded settings,
 * so a change builds a new one. Two workers
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
    else await dropTemplateDatabases(embedded.url);
    snapshot = new SnapshotBlob(await (await embedded.dump()).arrayBuffer());
  } finally {
    await embedded.stop();
  }
  await writeSnapshot(key, snapshot);
  return snapshot;
}

/**
 * initdb makes three databases; PGlite serves `postgres` alone, and nothing in a test run
 * creates a database on the embedded server. Without template0 and template1 a snapshot has
 * 600 fewer files (of about 1,250) and 15 MB less to copy into PGlite's in-memory file system:
 * each start took about 370 ms instead of 560.
 */
async function dropTemplateDatabases(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')`,
    );
    await client.query('DROP DATABASE template0');
    await client.query('DROP DATABASE template1');
  } finally {
    await client.end();
  }
}

/**
 * A snapshot held in memory, handed to every server started from it as it is: PGlite reads a
 * snapshot with `arrayBuffer()` and copies the files out of it, and node's own Blob reads its
 * bytes back in chunks on every call (about 75 ms for 30 MB).
 */
class SnapshotBlob extends Blob {
  constructor(private readonly contents: ArrayBuffer) {
    super([]);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.contents);
  }
}

function snapshotFile(key: string): string | undefined {
  const dir = process.env.TEST_CACHE_DIR;
  return dir ? join(dir, `pglite-${key}.tar`) : undefined;
}

function readSnapshot(key: string): Promise<Blob> | undefined {
  const file = snapshotFile(key);
  if (!file || !existsSync(file)) return undefined;
  const bytes = readFileSync(file);
  return Promise.resolve(
    new SnapshotBlob(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
  );
}

async function writeSnapshot(key: string, snapshot: Blob): Promise<void> {
  const file = snapshotFile(key);
  if (!file || !existsSync(dirname(file))) return;
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await snapshot.arrayBuffer()));
  renameSync(partial, file);
}

function snapshotKey(subgraph: SubgraphName | undefined): string {
  const hash = createHash('sha256')
    .update(pgliteVersion())
    .update(JSON.stringify([EMBEDDED_INITDB, EMBEDDED_SETTINGS]));
  if (subgraph) {
    hash.update(String(migrate));
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
