import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertConfig,
  ConfigError,
  configProblems,
  INTEGER_SETTINGS,
  subgraphMaxResponseBytes,
} from '@sales-graph/shared/config';
import { PROJECT_ROOT } from '@sales-graph/shared/paths';
import { runToExit } from '../ops-shutdown/support';

/**
 * Every service checks its whole configuration before it starts: in production a missing secret,
 * service URL or database refuses the start with one message naming every problem, instead of a
 * service that starts and answers INTERNAL_SERVER_ERROR to every request.
 */
const PRODUCTION_SECRETS = {
  NODE_ENV: 'production',
  JWT_SECRET: 'prod-jwt',
  CUSTOMERS_SUBGRAPH_SECRET: 'prod-customers',
  PARTNERS_SUBGRAPH_SECRET: 'prod-partners',
  CURSOR_SECRET: 'prod-cursor',
};

test('the gateway in production with nothing set: every missing setting, in one ConfigError', () => {
  expect(configProblems('gateway', { NODE_ENV: 'production' })).toEqual([
    'JWT_SECRET must be set in production',
    'CUSTOMERS_SUBGRAPH_SECRET must be set in production',
    'PARTNERS_SUBGRAPH_SECRET must be set in production',
    'CUSTOMERS_URL must be set in production (where this service reaches it)',
    'PARTNERS_URL must be set in production (where this service reaches it)',
  ]);
  let error: unknown;
  try {
    assertConfig('gateway', { NODE_ENV: 'production' });
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message).toMatch(
    /^gateway refuses to start: fix 5 setting\(s\):\n {2}- JWT_SECRET/,
  );
});

test('each subgraph needs its own key, the key of the subgraph it calls, the cursor key, its peer and its database', () => {
  expect(configProblems('customers', { NODE_ENV: 'production' })).toEqual([
    'CUSTOMERS_SUBGRAPH_SECRET must be set in production',
    'PARTNERS_SUBGRAPH_SECRET must be set in production',
    'CURSOR_SECRET must be set in production',
    'PARTNERS_URL must be set in production (where this service reaches it)',
    'CUSTOMERS_DATABASE_URL (or DATABASE_URL) must be set in production',
  ]);
  expect(
    configProblems('partners', { ...PRODUCTION_SECRETS, CUSTOMERS_URL: 'http://customers:4001/graphql' }),
  ).toEqual(['PARTNERS_DATABASE_URL (or DATABASE_URL) must be set in production']);
  expect(
    configProblems('partners', {
      ...PRODUCTION_SECRETS,
      CUSTOMERS_URL: 'http://customers:4001/graphql',
      DATABASE_URL: 'postgres://db/sales',
    }),
  ).toEqual([]);
});

test('a development default is no production secret; integer settings must parse; JWKS needs issuer and audience', () => {
  expect(
    configProblems('gateway', {
      ...PRODUCTION_SECRETS,
      JWT_SECRET: 'dev-only-jwt-secret-change-me-in-production',
      CUSTOMERS_URL: 'http://c/graphql',
      PARTNERS_URL: 'http://p/graphql',
      SHUTDOWN_GRACE_MS: 'ten seconds',
      JWKS_URL: 'https://idp.example.com/jwks',
    }),
  ).toEqual([
    'JWT_SECRET is a development default; set a secret of its own',
    'SHUTDOWN_GRACE_MS must be a non-negative integer (is "ten seconds")',
    'JWKS_URL requires JWT_ISSUER and JWT_AUDIENCE',
  ]);
});

test('outside production the development defaults apply (npm start, tests)', () => {
  for (const service of ['gateway', 'customers', 'partners', 'all'] as const)
    expect(configProblems(service, {})).toEqual([]);
});

test('SUBGRAPH_MAX_RESPONSE_BYTES is a non-negative integer of bytes, 32 MiB unless set', () => {
  for (const raw of ['32MB', '-1', '1.5'])
    expect(configProblems('gateway', { SUBGRAPH_MAX_RESPONSE_BYTES: raw })).toEqual([
      `SUBGRAPH_MAX_RESPONSE_BYTES must be a non-negative integer (is "${raw}")`,
    ]);
  expect(configProblems('gateway', { SUBGRAPH_MAX_RESPONSE_BYTES: '1048576' })).toEqual([]);
  const saved = process.env.SUBGRAPH_MAX_RESPONSE_BYTES;
  try {
    delete process.env.SUBGRAPH_MAX_RESPONSE_BYTES;
    expect(subgraphMaxResponseBytes()).toBe(32 * 1024 * 1024);
    process.env.SUBGRAPH_MAX_RESPONSE_BYTES = '1048576';
    expect(subgraphMaxResponseBytes()).toBe(1_048_576);
  } finally {
    if (saved === undefined) delete process.env.SUBGRAPH_MAX_RESPONSE_BYTES;
    else process.env.SUBGRAPH_MAX_RESPONSE_BYTES = saved;
  }
});

test('INTEGER_SETTINGS lists every integer setting the code reads', () => {
  const read = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (entry === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts'))
        for (const match of readFileSync(path, 'utf8').matchAll(/intFromEnv\(\s*'([A-Z0-9_]+)'/g))
          read.add(match[1]);
    }
  };
  for (const dir of ['shared/src', 'gateway/src', 'subgraphs/customers/src', 'subgraphs/partners/src'])
    walk(join(PROJECT_ROOT, dir));
  expect([...read].filter((name) => !(INTEGER_SETTINGS as readonly string[]).includes(name))).toEqual([]);
});

test('the gateway process in production without its secrets exits 1 with one message, never listening', async () => {
  const { PATH, HOME } = process.env;
  const { code, output } = await runToExit('gateway', { PATH, HOME, NODE_ENV: 'production', PORT: '0' });
  expect(code).toBe(1);
  expect(output).not.toContain('listening');
  expect(output.trim()).toBe(
    [
      'gateway refuses to start: fix 5 setting(s):',
      '  - JWT_SECRET must be set in production',
      '  - CUSTOMERS_SUBGRAPH_SECRET must be set in production',
      '  - PARTNERS_SUBGRAPH_SECRET must be set in production',
      '  - CUSTOMERS_URL must be set in production (where this service reaches it)',
      '  - PARTNERS_URL must be set in production (where this service reaches it)',
    ].join('\n'),
  );
});
