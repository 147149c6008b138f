/** Every setting the services read from the environment, in one place. */
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
 * Key the subgraphs seal pagination cursors with (AES-256-GCM): a cursor carries the sort value of
 * a row, which the caller may not be allowed to read, so it must be opaque and tamper-proof.
 */
export const cursorSecret = (): string => secret('CURSOR_SECRET', 'dev-only-cursor-secret-change-me');

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

/** Longest a shutdown (SIGTERM) waits for the requests in flight before cutting them (ms). */
export const shutdownGraceMs = (): number => intFromEnv('SHUTDOWN_GRACE_MS', 10_000);

/**
 * How long a shutdown keeps serving while `/readyz` already answers 503 (ms), so that a load
 * balancer stops sending before the port closes (set it to the readiness probe's period).
 */
export const shutdownDelayMs = (): number => intFromEnv('SHUTDOWN_DELAY_MS', 0);

/** How often a service retries its first database connection (bounded exponential backoff) before exiting. */
export const dbConnectRetries = (): number => intFromEnv('DB_CONNECT_RETRIES', 10);

/** Longest a request waits for a pooled database connection before SERVICE_UNAVAILABLE (ms, 0 = forever). */
export const dbConnectTimeoutMs = (): number => intFromEnv('DB_CONNECT_TIMEOUT_MS', 5_000);
