import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@sales-graph/shared/db/embedded';

export interface TestDatabase {
  url: string;
  /** Pool size the database can take (PGlite serves one connection). */
  poolMax: number;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a new database on TEST_DATABASE_URL's server, or
 * an in-memory embedded PostgreSQL when that is unset.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, poolMax: 1, drop: () => embedded.stop() };
  }
  const name = `sg_${label}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    poolMax: 5,
    async drop() {
      const client = new Client({ connectionString: server });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
