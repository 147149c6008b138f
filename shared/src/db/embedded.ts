import { mkdirSync } from 'node:fs';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

// The contrib entry points declare ESM typings only, though they ship a CommonJS build too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };

/** Shared buffers of each embedded database (its file reads still go through the OS cache). */
const EMBEDDED_SHARED_BUFFERS = '16MB';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL (PGlite, compiled to WASM) behind a socket server, so the application talks
 * to it through the same `pg` driver as to any other server. PGlite is single-connection:
 * pools pointed at it must use one connection (DB_POOL_MAX=1).
 */
export async function startEmbeddedPostgres(
  options: { dataDir?: string; port?: number } = {},
): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // pg_trgm serves the lists' `contains` and `search` (trigram GIN indexes), as on a real server.
  const db = await PGlite.create(options.dataDir, {
    extensions: { pg_trgm },
    // PostgreSQL's default 128 MB of shared buffers is resident memory here (WASM), per database:
    // 16 MB holds the demo data many times over and takes `npm start` from ~570 to ~300 MB idle.
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`],
  });
  const server = new PGLiteSocketServer({ db, port: options.port ?? 0, host: '127.0.0.1' });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
