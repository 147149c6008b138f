/** Every setting the services read from the environment, in one place. */
import { tracingConfigProblems } from './observability/tracing';
import { parseRetrySchedule } from './webhooks/rules';

export type SubgraphName = 'customers' | 'partners';

export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-in-production';
const DEV_SUBGRAPH_SECRETS: Record<SubgraphName, string> = {
  customers: 'dev-only-customers-subgraph-secret',
  partners: 'dev-only-partners-subgraph-secret',
};

/** Development defaults of the router credentials (`routerToken`); never accepted in production. */
export const DEV_ROUTER_TOKENS: Record<SubgraphName, string> = {
  customers: 'dev-only-customers-router-token',
  partners: 'dev-only-partners-router-token',
};

/** Shortest router credential accepted in production. */
export const MIN_ROUTER_TOKEN_LENGTH = 32;

export const isProduction = (): boolean => process.env.NODE_ENV === 'production';

function secret(name: string, devDefault: string): string {
  const value = process.env[name];
  if (value) return value;
  if (isProduction()) throw new Error(`${name} must be set in production`);
  return devDefault;
}

/** HS256 key that user tokens are signed with. */
export const jwtSecret = (): string => secret('JWT_SECRET', DEV_JWT_SECRET);

/** Key the gateway signs the forwarded identity with; each subgraph knows only its own. */
export const subgraphSecret = (name: SubgraphName): string =>
  secret(`${name.toUpperCase()}_SUBGRAPH_SECRET`, DEV_SUBGRAPH_SECRETS[name]);

/**
 * The credential a router other than our gateway attaches to every request to `name`
 * (`x-router-token`, see `auth/router-contract.ts`): CUSTOMERS_ROUTER_TOKEN / PARTNERS_ROUTER_TOKEN.
 * In production, unset means the subgraph accepts no router but our gateway (undefined).
 */
export function routerToken(name: SubgraphName): string | undefined {
  const value = process.env[`${name.toUpperCase()}_ROUTER_TOKEN`];
  if (value) return value;
  return isProduction() ? undefined : DEV_ROUTER_TOKENS[name];
}

/**
 * Key the subgraphs seal pagination cursors with (AES-256-GCM): a cursor carries the sort value of
 * a row, which the caller may not be allowed to read, so it must be opaque and tamper-proof.
 */
const DEV_CURSOR_SECRET = 'dev-only-cursor-secret-change-me';
export const cursorSecret = (): string => secret('CURSOR_SECRET', DEV_CURSOR_SECRET);

/** Connection string of a subgraph's database: its own setting, else the shared DATABASE_URL. */
export function databaseUrlFor(name: SubgraphName): string | undefined {
  return process.env[`${name.toUpperCase()}_DATABASE_URL`] || process.env.DATABASE_URL || undefined;
}

export const ports = () => ({
  gateway: intFromEnv('PORT', 4000),
  customers: intFromEnv('CUSTOMERS_PORT', 4001),
  partners: intFromEnv('PARTNERS_PORT', 4002),
});

/** Where the gateway reaches a subgraph; overrides the URL baked into supergraph.graphql. */
export function subgraphUrl(name: SubgraphName): string {
  return process.env[`${name.toUpperCase()}_URL`] || `http://localhost:${ports()[name]}/graphql`;
}

export const poolSize = (): number => intFromEnv('DB_POOL_MAX', 10);

/**
 * Longest a statement may run before PostgreSQL cancels it (ms, 0 = no limit): below the
 * gateway's SUBGRAPH_TIMEOUT_MS, so no request holds a connection after its caller gave up.
 */
export const statementTimeoutMs = (): number => intFromEnv('DB_STATEMENT_TIMEOUT_MS', 5_000);

/** Longest lifetime (`exp - iat`) of a user token the gateway accepts, in seconds (default 24 h). */
export const jwtMaxLifetimeSeconds = (): number => intFromEnv('JWT_MAX_LIFETIME_SECONDS', 24 * 60 * 60);

/** How far ahead of our clock a token's `iat` may be (the issuer's clock may run fast), in seconds. */
export const jwtClockSkewSeconds = (): number => intFromEnv('JWT_CLOCK_SKEW_SECONDS', 60);

/** Largest request body (bytes) a service reads before answering 413. */
export const maxBodyBytes = (): number => intFromEnv('MAX_BODY_BYTES', 1_000_000);

/**
 * Longest subgraph answer the gateway reads (bytes, 0 = no limit; default 32 MiB): past it the
 * fetch is aborted, its connection destroyed, and the client gets a masked INTERNAL_SERVER_ERROR
 * for that part of the answer (README "Subgraph failures").
 */
export const subgraphMaxResponseBytes = (): number =>
  intFromEnv('SUBGRAPH_MAX_RESPONSE_BYTES', 32 * 1024 * 1024);

/** Longest a shutdown (SIGTERM) waits for the requests in flight before cutting them (ms). */
export const shutdownGraceMs = (): number => intFromEnv('SHUTDOWN_GRACE_MS', 10_000);

/**
 * How long a shutdown keeps serving while `/readyz` already answers 503 (ms), so that a load
 * balancer stops sending before the port closes (set it to the readiness probe's period).
 */
export const shutdownDelayMs = (): number => intFromEnv('SHUTDOWN_DELAY_MS', 0);

/** How often a service retries its first database connection (bounded exponential backoff) before exiting. */
export const dbConnectRetries = (): number => intFromEnv('DB_CONNECT_RETRIES', 10);

/**
 * Whether the gateway merges identical subgraph fetches in flight (a query with the same text,
 * variables and forwarded identity shares one HTTP request); `SUBGRAPH_DEDUPLICATE_FETCHES=false` turns it off.
 */
export function subgraphFetchDeduplication(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.SUBGRAPH_DEDUPLICATE_FETCHES?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error(
    `SUBGRAPH_DEDUPLICATE_FETCHES must be true or false (is "${env.SUBGRAPH_DEDUPLICATE_FETCHES}")`,
  );
}

/** Longest a request waits for a pooled database connection before SERVICE_UNAVAILABLE (ms, 0 = forever). */
export const dbConnectTimeoutMs = (): number => intFromEnv('DB_CONNECT_TIMEOUT_MS', 5_000);

/** How long the change feed keeps its events (days, at least 1; README "Change feed"). */
export const changeFeedRetentionDays = (): number =>
  Math.max(1, intFromEnv('CHANGE_FEED_RETENTION_DAYS', 30));

/** How many weekly forecast snapshots the CRM keeps (weeks, at least 1; README "Forecast"). */
export const forecastSnapshotRetentionWeeks = (): number =>
  Math.max(1, intFromEnv('FORECAST_SNAPSHOT_RETENTION_WEEKS', 104));

/** What a process runs: one service (`scripts/serve.ts`) or the whole graph in one (`npm start`). */
export type ServiceName = 'gateway' | SubgraphName | 'all';

/** Secrets each service needs: its own, and the key of every subgraph it calls. */
const REQUIRED_SECRETS: Record<ServiceName, readonly string[]> = {
  gateway: ['JWT_SECRET', 'CUSTOMERS_SUBGRAPH_SECRET', 'PARTNERS_SUBGRAPH_SECRET'],
  customers: ['CUSTOMERS_SUBGRAPH_SECRET', 'PARTNERS_SUBGRAPH_SECRET', 'CURSOR_SECRET'],
  partners: ['PARTNERS_SUBGRAPH_SECRET', 'CUSTOMERS_SUBGRAPH_SECRET', 'CURSOR_SECRET'],
  all: ['JWT_SECRET', 'CUSTOMERS_SUBGRAPH_SECRET', 'PARTNERS_SUBGRAPH_SECRET', 'CURSOR_SECRET'],
};

/** Where a service reaches the others: in production the localhost defaults are always wrong. */
const REQUIRED_URLS: Record<ServiceName, readonly string[]> = {
  gateway: ['CUSTOMERS_URL', 'PARTNERS_URL'],
  customers: ['PARTNERS_URL'],
  partners: ['CUSTOMERS_URL'],
  all: [],
};

/** Every integer setting any service reads (`intFromEnv`); a test keeps the list complete. */
export const INTEGER_SETTINGS = [
  'PORT',
  'CUSTOMERS_PORT',
  'PARTNERS_PORT',
  'DB_POOL_MAX',
  'DB_STATEMENT_TIMEOUT_MS',
  'DB_CONNECT_RETRIES',
  'DB_CONNECT_TIMEOUT_MS',
  'SHUTDOWN_GRACE_MS',
  'SHUTDOWN_DELAY_MS',
  'MAX_BODY_BYTES',
  'JWT_MAX_LIFETIME_SECONDS',
  'JWT_CLOCK_SKEW_SECONDS',
  'API_KEY_CACHE_MS',
  'API_KEY_NEGATIVE_CACHE_MS',
  'TRUST_PROXY',
  'SUBGRAPH_TIMEOUT_MS',
  'SUBGRAPH_MAX_RESPONSE_BYTES',
  'SUBGRAPH_BREAKER_FAILURES',
  'SUBGRAPH_BREAKER_FAILURE_RATE',
  'SUBGRAPH_BREAKER_WINDOW',
  'SUBGRAPH_BREAKER_COOLDOWN_MS',
  'SUBGRAPH_MAX_IN_FLIGHT',
  'GRAPHQL_MAX_DEPTH',
  'GRAPHQL_MAX_ALIASES',
  'GRAPHQL_MAX_TOKENS',
  'GRAPHQL_MAX_DIRECTIVES',
  'GRAPHQL_MAX_COST',
  'GRAPHQL_MAX_INPUT_DEPTH',
  'GRAPHQL_MAX_INPUT_LIST',
  'GRAPHQL_MAX_INPUT_STRING',
  'GRAPHQL_MAX_INPUT_VALUES',
  'RATE_LIMIT_PER_MINUTE',
  'RATE_LIMIT_PARTNER_PER_MINUTE',
  'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE',
  'RATE_LIMIT_APPLICATIONS_PER_HOUR',
  'PROSPECT_CHECKS_PER_HOUR',
  'OUTBOX_POLL_MS',
  'OUTBOX_MAX_ATTEMPTS',
  'OUTBOX_BACKOFF_BASE_MS',
  'OUTBOX_BACKOFF_CAP_MS',
  'JOBS_INTERVAL_MS',
  'IDEMPOTENCY_KEY_TTL_HOURS',
  'CHANGE_FEED_RETENTION_DAYS',
  'FORECAST_SNAPSHOT_RETENTION_WEEKS',
  'METRICS_MAX_OPERATIONS',
  'WEBHOOK_POLL_MS',
  'WEBHOOK_TIMEOUT_MS',
  'WEBHOOK_DISABLE_AFTER_DEAD_LETTERS',
  'WEBHOOK_DISABLE_AFTER_DAYS',
] as const;

/** A configuration a service refuses to start with; its message names every problem at once. */
export class ConfigError extends Error {
  constructor(
    readonly service: ServiceName,
    readonly problems: string[],
  ) {
    super(`${service} refuses to start: fix ${problems.length} setting(s):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** The settings `assertConfig` finds wrong for `service` (empty when it may start). */
export function configProblems(service: ServiceName, env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const devDefaults = new Set<string>([
    DEV_JWT_SECRET,
    ...Object.values(DEV_SUBGRAPH_SECRETS),
    ...Object.values(DEV_ROUTER_TOKENS),
    DEV_CURSOR_SECRET,
  ]);
  if (production) {
    for (const name of REQUIRED_SECRETS[service]) {
      const value = env[name];
      if (!value) problems.push(`${name} must be set in production`);
      else if (devDefaults.has(value))
        problems.push(`${name} is a development default; set a secret of its own`);
    }
    for (const name of REQUIRED_URLS[service]) {
      if (!env[name]) problems.push(`${name} must be set in production (where this service reaches it)`);
    }
    for (const subgraph of ['customers', 'partners'] as const) {
      const router = env[`${subgraph.toUpperCase()}_ROUTER_TOKEN`];
      if (router && (service === subgraph || service === 'all')) {
        const name = `${subgraph.toUpperCase()}_ROUTER_TOKEN`;
        if (devDefaults.has(router))
          problems.push(`${name} is a development default; set a secret of its own`);
        else if (router.length < MIN_ROUTER_TOKEN_LENGTH)
          problems.push(`${name} must be at least ${MIN_ROUTER_TOKEN_LENGTH} characters`);
        // The subgraph then verifies the callers' own tokens: it needs the gateway's key or provider.
        if (!env.JWT_SECRET && !env.JWKS_URL)
          problems.push(`${name} requires JWT_SECRET (or JWKS_URL) to verify the callers' tokens`);
      }
      if (service === subgraph && !env[`${subgraph.toUpperCase()}_DATABASE_URL`] && !env.DATABASE_URL)
        problems.push(`${subgraph.toUpperCase()}_DATABASE_URL (or DATABASE_URL) must be set in production`);
    }
  }
  for (const name of INTEGER_SETTINGS) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0)
      problems.push(`${name} must be a non-negative integer (is "${raw}")`);
  }
  if (env.JWKS_URL && (!env.JWT_ISSUER || !env.JWT_AUDIENCE) && (service === 'gateway' || service === 'all'))
    problems.push('JWKS_URL requires JWT_ISSUER and JWT_AUDIENCE');
  const logFormat = env.LOG_FORMAT?.trim().toLowerCase();
  if (logFormat && logFormat !== 'json' && logFormat !== 'pretty')
    problems.push(`LOG_FORMAT must be json or pretty (is "${env.LOG_FORMAT}")`);
  try {
    subgraphFetchDeduplication(env);
  } catch (error) {
    problems.push((error as Error).message);
  }
  try {
    if (env.WEBHOOK_RETRY_SCHEDULE) parseRetrySchedule(env.WEBHOOK_RETRY_SCHEDULE);
  } catch (error) {
    problems.push((error as Error).message);
  }
  problems.push(...tracingConfigProblems(env));
  if (production && env.METRICS_TOKEN !== undefined && env.METRICS_TOKEN.length < 16)
    problems.push('METRICS_TOKEN must be at least 16 characters in production');
  return problems;
}

/**
 * Checks a service's whole configuration before it starts: with NODE_ENV=production every secret
 * it needs, every service URL it calls and its database must be set (no development default),
 * and every integer setting must parse. Throws one ConfigError naming all the problems.
 */
export function assertConfig(service: ServiceName, env: NodeJS.ProcessEnv = process.env): void {
  const problems = configProblems(service, env);
  if (problems.length > 0) throw new ConfigError(service, problems);
}
