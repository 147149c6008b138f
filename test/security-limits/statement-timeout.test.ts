import type { GraphQLFormattedError } from 'graphql';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource, migrate } from '@sales-graph/shared/db/datasource';
import { maskErrors } from '@sales-graph/shared/graphql/errors';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Every pooled connection carries a PostgreSQL statement_timeout (DB_STATEMENT_TIMEOUT_MS), so no
 * request holds a connection for long; a statement it stops answers SERVICE_UNAVAILABLE without
 * SQL; migrations run without it. PGlite (no TEST_DATABASE_URL) has no timers, so these need a server.
 */
const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

class SlowMigration1700000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('SELECT pg_sleep(0.3)');
  }
  async down(): Promise<void> {}
}

onServer('statement timeout', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('timeout');
  });
  afterAll(async () => {
    await database?.drop();
  });

  const open = (statementTimeoutMs?: number) =>
    createDataSource({
      url: database.url,
      schema: 'timeout',
      entities: [],
      migrations: [SlowMigration1700000000000],
      poolMax: 2,
      statementTimeoutMs,
    }).initialize();

  test('a statement longer than the timeout is cancelled; the error is typed and shows no SQL', async () => {
    const db = await open(100);
    try {
      expect(await db.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '100ms' }]);
      // Would sleep 30 s without the timeout (and the test would time out).
      const error = await db.query('SELECT pg_sleep(30)').catch((caught: unknown) => caught);
      expect((error as { driverError?: { code?: string } }).driverError?.code).toBe('57014');

      const formatted = maskErrors('customers')(
        { message: String((error as Error).message), extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        error,
      ) as GraphQLFormattedError;
      expect(formatted.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(formatted)).not.toMatch(/pg_sleep|SELECT|statement timeout/i);
      // The connection is still usable afterwards.
      expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });

  test('the default comes from DB_STATEMENT_TIMEOUT_MS (5 s unless set)', async () => {
    const before = process.env.DB_STATEMENT_TIMEOUT_MS;
    try {
      delete process.env.DB_STATEMENT_TIMEOUT_MS;
      let db = await open();
      expect(await db.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '5s' }]);
      await db.destroy();
      process.env.DB_STATEMENT_TIMEOUT_MS = '2500';
      db = await open();
      expect(await db.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '2500ms' }]);
      await db.destroy();
    } finally {
      if (before === undefined) delete process.env.DB_STATEMENT_TIMEOUT_MS;
      else process.env.DB_STATEMENT_TIMEOUT_MS = before;
    }
  });

  test('migrations run without the timeout, and the connection gets it back afterwards', async () => {
    const db = await open(50);
    try {
      await migrate(db);
      expect(await db.query(`SELECT name FROM timeout.migrations`)).toEqual([
        { name: 'SlowMigration1700000000000' },
      ]);
      // Every pooled connection, the migrating one included, has the timeout again.
      const settings = await Promise.all([0, 1].map(() => db.query('SHOW statement_timeout')));
      expect(settings.flat()).toEqual([{ statement_timeout: '50ms' }, { statement_timeout: '50ms' }]);
    } finally {
      await db.destroy();
    }
  });
});
