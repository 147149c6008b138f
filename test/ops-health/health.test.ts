import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { startGateway } from '../../gateway/src/gateway';
import { IDENTITY_HEADER, signForwardedIdentity } from '@sales-graph/shared/auth/identity';
import { backoffDelays, initializeWithRetry } from '@sales-graph/shared/db/connect';
import { isDatabaseUnavailable } from '@sales-graph/shared/db/unavailable';
import { maskErrors } from '@sales-graph/shared/graphql/errors';
import type { RunningHttpServer } from '@sales-graph/shared/http';
import { shutDown } from '@sales-graph/shared/shutdown';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createCustomersDataSource, listen as listenCustomers } from '../../subgraphs/customers/src';
import { databaseProxy } from '../support/database-proxy';
import { ADMIN, postGraphQL } from '../support';

/**
 * Health that tells the truth: `/livez` says the process is up, `/readyz` says it can serve
 * (database reachable, migrations current; for the gateway, its subgraphs summarised) and turns
 * 503 as soon as a shutdown begins. A database outage answers SERVICE_UNAVAILABLE, which clients
 * may retry, and a service waits for its database at start-up instead of exiting.
 */
const CLOSED = 'postgres://postgres@127.0.0.1:1/none';
const get = async (base: string, path: string) => {
  const response = await fetch(new URL(path, base));
  const text = await response.text();
  return {
    status: response.status,
    body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : text,
  };
};

let db: TestDatabase;
let crm: DataSource;
let customers: RunningHttpServer;

beforeAll(async () => {
  db = await createTestDatabase('health', { migrated: 'customers' });
  crm = await createCustomersDataSource(db.url, db.poolMax).initialize();
  customers = await listenCustomers(crm, 0);
});

afterAll(async () => {
  await customers?.close();
  await crm?.destroy();
  await db.drop();
});

test('a subgraph with its database up and migrated: /livez, /health and /readyz answer 200', async () => {
  expect(await get(customers.url, '/livez')).toEqual({ status: 200, body: 'ok' });
  expect(await get(customers.url, '/health')).toEqual({ status: 200, body: 'ok' });
  expect(await get(customers.url, '/readyz')).toEqual({
    status: 200,
    body: { status: 'ready', ready: true, database: true, migrations: true },
  });
});

describe('against a real database of its own', () => {
  // PGlite serves one connection: these need the shared server (TEST_DATABASE_URL).
  const real = process.env.TEST_DATABASE_URL ? test : test.skip;

  real('a subgraph whose migrations are not applied is not ready (503)', async () => {
    const fresh = await createTestDatabase('unmigrated');
    const dataSource = await createCustomersDataSource(fresh.url, 2).initialize();
    const server = await listenCustomers(dataSource, 0);
    try {
      expect(await get(server.url, '/readyz')).toEqual({
        status: 503,
        body: {
          status: 'not ready',
          ready: false,
          database: true,
          migrations: false,
          reason: 'migrations pending',
        },
      });
      expect((await get(server.url, '/livez')).status).toBe(200);
    } finally {
      await server.close();
      await dataSource.destroy();
      await fresh.drop();
    }
  });

  real(
    'database unreachable: /readyz 503 and queries answer SERVICE_UNAVAILABLE, not INTERNAL_SERVER_ERROR',
    async () => {
      const proxy = await databaseProxy(db.url);
      const dataSource = await createCustomersDataSource(proxy.url, 2).initialize();
      const server = await listenCustomers(dataSource, 0);
      const headers = { [IDENTITY_HEADER]: await signForwardedIdentity(ADMIN, 'customers') };
      const list = `{ customers(first: 1) { edges { node { id } } } }`;
      try {
        expect((await get(server.url, '/readyz')).status).toBe(200);
        expect((await postGraphQL(server.url, list, {}, headers)).errors).toBeUndefined();
        await proxy.cut(); // the database goes away (the shared server keeps running)
        expect(await get(server.url, '/readyz')).toEqual({
          status: 503,
          body: { status: 'not ready', ready: false, database: false, reason: 'database unreachable' },
        });
        expect((await get(server.url, '/livez')).status).toBe(200);
        const answer = await postGraphQL(server.url, list, {}, headers);
        expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
        expect(answer.errors?.[0].message).toBe('The database is temporarily unavailable; try again');
        expect(JSON.stringify(answer)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|terminated/);
      } finally {
        await server.close();
        await dataSource.destroy().catch(() => undefined);
      }
    },
  );
});

test('a shutdown turns /readyz to 503 at once, /livez stays 200, and the drain finishes with exit code 0', async () => {
  const fresh = await createTestDatabase('draining', { migrated: 'customers' });
  const dataSource = await createCustomersDataSource(fresh.url, fresh.poolMax).initialize();
  const server = await listenCustomers(dataSource, 0);
  server.beginShutdown(); // the first step of shutDown(), which the SIGTERM handler runs
  expect(await get(server.url, '/readyz')).toEqual({
    status: 503,
    body: { status: 'not ready', ready: false, reason: 'shutting down' },
  });
  expect((await get(server.url, '/livez')).status).toBe(200);
  expect(await shutDown({ service: 'customers', servers: [server], after: () => dataSource.destroy() })).toBe(
    0,
  );
  expect(dataSource.isInitialized).toBe(false);
  await fresh.drop();
});

test('the gateway summarises its subgraphs: ready with one up (degraded), 503 with none, 503 while shutting down', async () => {
  const closed = 'http://127.0.0.1:1/graphql';
  const oneUp = await startGateway({
    port: 0,
    oidc: null,
    subgraphUrls: { customers: customers.url, partners: closed },
  });
  const noneUp = await startGateway({
    port: 0,
    oidc: null,
    subgraphUrls: { customers: closed, partners: closed },
  });
  try {
    expect(await get(oneUp.url, '/readyz')).toEqual({
      status: 200,
      body: { status: 'ready', ready: true, degraded: true, subgraphs: { customers: true, partners: false } },
    });
    expect(await get(noneUp.url, '/readyz')).toEqual({
      status: 503,
      body: { status: 'not ready', ready: false, subgraphs: { customers: false, partners: false } },
    });
    expect((await get(noneUp.url, '/livez')).status).toBe(200);
    oneUp.beginShutdown();
    expect(await get(oneUp.url, '/readyz')).toEqual({
      status: 503,
      body: { status: 'not ready', ready: false, reason: 'shutting down' },
    });
  } finally {
    await oneUp.close();
    await noneUp.close();
  }
});

describe('a real pg connection error (a closed port) is a database outage', () => {
  let refused: unknown;
  beforeAll(async () => {
    const client = new Client({ connectionString: CLOSED });
    refused = await client.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
  });

  test('isDatabaseUnavailable recognises it, and admin shutdown / connection failure SQLSTATEs', () => {
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable({ driverError: refused })).toBe(true); // TypeORM's QueryFailedError
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
  });

  test('maskErrors answers it SERVICE_UNAVAILABLE (retryable) without the driver message', () => {
    const formatted = maskErrors('customers')(
      {
        message: String((refused as Error).message),
        path: ['customers'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
      refused,
    );
    expect(formatted).toEqual({
      message: 'The database is temporarily unavailable; try again',
      path: ['customers'],
      locations: undefined,
      extensions: { code: 'SERVICE_UNAVAILABLE', requestId: undefined },
    });
  });

  test('start-up retries the connection with bounded exponential backoff, then gives up with the error', async () => {
    const waits: number[] = [];
    const dataSource = createCustomersDataSource(CLOSED, 1);
    await expect(
      initializeWithRetry(dataSource, {
        retries: 5,
        baseDelayMs: 100,
        maxDelayMs: 500,
        sleep: async (ms) => void waits.push(ms),
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(waits).toEqual([100, 200, 400, 500, 500]);
    expect(backoffDelays(10, 500, 5_000).reduce((sum, ms) => sum + ms, 0)).toBe(37_500);
  });

  test('start-up succeeds as soon as the database answers', async () => {
    const waits: number[] = [];
    const dataSource = await initializeWithRetry(createCustomersDataSource(db.url, 1), {
      retries: 3,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(dataSource.isInitialized).toBe(true);
    expect(waits).toEqual([]);
    await dataSource.destroy();
  });
});
