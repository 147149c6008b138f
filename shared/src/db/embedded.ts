import { mkdirSync } from 'node:fs';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

// The contrib entry points declare ESM typings only, though they ship a CommonJS build too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };

/**
 * Server settings of each embedded database, on top of PGlite's own defaults. PostgreSQL zeroes
 * its whole shared memory at start, so every megabyte of it is resident (WASM memory never
 * shrinks), per database:
 * - shared_buffers: PostgreSQL's default is 128 MB; 16 MB holds each whole demo database, catalog
 *   included (CRM 15.6 MB, PRM 11.5 MB).
 * - max_connections: PGlite serves one connection (single-user mode); the default 100 backend
 *   slots (their lock and proc arrays, about 3 MB) are never used.
 */
export const EMBEDDED_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: '16MB',
  max_connections: '10',
};

/**
 * initdb's options (a new data directory only): 1 MB WAL segments instead of 16 MB. A data
 * directory holds one zero-filled segment at least, and each test database starts from a
 * tarball of one (test/support/database.ts): 40 MB took 0.8 s to load, 31 MB 0.3-0.4 s.
 */
export const EMBEDDED_INITDB: readonly string[] = ['--wal-segsize=1'];

export interface EmbeddedPostgres {
  url: string;
  /**
   * The data directory as a tarball (after a checkpoint), which `startEmbeddedPostgres({ from })`
   * starts another server from: a copy of this database as it is now.
   */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** A data directory on disk (kept across starts); in memory when unset. */
  dataDir?: string;
  port?: number;
  /**
   * An in-memory server's data directory, from `dump()`: the server starts as that database was
   * instead of running initdb (seconds of WASM work) on an empty one. Tests start every database
   * from such a snapshot (`test/support/database.ts`).
   */
  from?: Blob;
  /**
   * Client connections the socket server takes at once (1 unless given). PGlite runs one
   * session: the server multiplexes the connections onto it, a transaction at a time (one
   * connection's open transaction holds the others' statements until it ends). Tests give
   * several, so that a test's own client, a second data source or a migration job can connect
   * beside a subgraph's pool, as on a real server.
   */
  maxConnections?: number;
}

/**
 * A real PostgreSQL (PGlite, compiled to WASM) behind a socket server, so the application talks
 * to it through the same `pg` driver as to any other server. PGlite is single-connection:
 * pools pointed at it must use one connection (DB_POOL_MAX=1).
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  if (options.dataDir && options.from)
    throw new Error('Start from a data directory on disk or a dump, not both');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // pg_trgm serves the lists' `contains` and `search` (trigram GIN indexes), as on a real server.
  const db = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.from,
    extensions: { pg_trgm },
    initDbStartParams: [...EMBEDDED_INITDB],
    // PostgreSQL's default 128 MB of shared buffers alone took `npm start` to ~570 MB idle.
    startParams: [
      ...PGlite.defaultStartParams,
      ...Object.entries(EMBEDDED_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
  });
  const server = new PGLiteSocketServer({
    db,
    port: options.port ?? 0,
    host: '127.0.0.1',
    maxConnections: options.maxConnections ?? 1,
  });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres`,
    async dump() {
      // A checkpoint first, so that a server started from the dump has no WAL to replay.
      await db.exec('CHECKPOINT');
      return db.dumpDataDir('none');
    },
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
