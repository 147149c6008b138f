import type { IncomingMessage } from 'node:http';
import Redis from 'ioredis';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { intFromEnv } from '@sales-graph/shared/config';
import { RateLimitedError } from '@sales-graph/shared/errors';
import { logger } from '@sales-graph/shared/log';
import { HOUR_MS } from '@sales-graph/shared/time';

const log = logger('gateway');

/**
 * Per-key token bucket, in memory: each key may spend `perMinute` requests at once and regains
 * them at `perMinute` per minute (per `windowMs`, when another window is given). One process
 * only; `RedisRateLimitStore` shares buckets.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();
  private readonly refillPerMs: number;
  private lastSweep: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly windowMs: number = 60_000,
  ) {
    this.refillPerMs = perMinute / windowMs;
    this.lastSweep = now();
  }

  /** Takes one request for `key`: 0 when allowed, else the seconds until the next one is. */
  take(key: string, now = this.now()): number {
    return this.spend(key, now, true);
  }

  /** Like `take`, but takes nothing: 0 when a request would be allowed now. */
  peek(key: string, now = this.now()): number {
    return this.spend(key, now, false);
  }

  /** Number of keys held (tests, metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private spend(key: string, now: number, take: boolean): number {
    if (this.perMinute <= 0) return 0;
    this.sweep(now);
    const held = this.buckets.get(key);
    const bucket = held ?? { tokens: this.perMinute, updatedAt: now };
    if (now > bucket.updatedAt) {
      bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
      bucket.updatedAt = now;
    }
    if (bucket.tokens >= 1) {
      if (take) {
        bucket.tokens -= 1;
        this.buckets.set(key, bucket);
      }
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000));
  }

  /** Once a window, forgets buckets that have refilled completely: memory stays bounded by active callers. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs >= this.perMinute)
        this.buckets.delete(key);
    }
  }
}

/** Where the buckets live: this process, or a Redis that every gateway replica shares. */
export interface RateLimitStore {
  /**
   * Takes one request from bucket `key` (capacity `perMinute`, refilled over `windowMs`, default a
   * minute) at `now` (ms): 0, or seconds to wait.
   */
  take(key: string, perMinute: number, now: number, windowMs?: number): Promise<number>;
  /** Seconds until bucket `key` has a request to give (0: now), taking nothing. */
  peek(key: string, perMinute: number, now: number, windowMs?: number): Promise<number>;
  close(): Promise<void>;
}

/** Buckets in this process: right for one gateway; each replica would allow the whole rate. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly limiters = new Map<string, RateLimiter>();

  private limiter(perMinute: number, windowMs: number): RateLimiter {
    const id = `${perMinute}/${windowMs}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiter(perMinute, () => 0, windowMs);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  async take(key: string, perMinute: number, now: number, windowMs = 60_000): Promise<number> {
    return this.limiter(perMinute, windowMs).take(key, now);
  }

  async peek(key: string, perMinute: number, now: number, windowMs = 60_000): Promise<number> {
    return this.limiter(perMinute, windowMs).peek(key, now);
  }

  async close(): Promise<void> {}
}

/**
 * The same token bucket, atomically in Redis (one Lua script per request): a hash per bucket with
 * its tokens and the time they were counted, expiring once it would be full again. The caller's
 * clock is used, so replicas need roughly synchronised clocks (a bucket never refills backwards).
 */
const TOKEN_BUCKET_LUA = `
local capacity = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local take = ARGV[3] == '1'
local window = tonumber(ARGV[4]) or 60000
local refill = capacity / window
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * refill)
  at = now
end
local wait = 0
if tokens >= 1 then
  if take then tokens = tokens - 1 end
else
  wait = math.max(1, math.ceil((1 - tokens) / refill / 1000))
end
if take then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
  redis.call('PEXPIRE', KEYS[1], window)
end
return wait
`;

type BucketCommand = (
  key: string,
  capacity: number,
  now: number,
  take: '0' | '1',
  windowMs: number,
) => Promise<number>;

/**
 * Buckets in Redis (REDIS_URL), shared by every gateway replica. If Redis cannot be reached a
 * request is counted in this process instead (logged), so an outage degrades to per-replica
 * limits rather than to no service or no limits.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis;
  private readonly fallback = new MemoryRateLimitStore();
  private failing = false;

  constructor(
    url: string,
    private readonly prefix = 'sales-graph:rate:',
  ) {
    this.redis = new Redis(url, {
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      enableAutoPipelining: true,
    });
    this.redis.on('error', () => undefined); // reported per command below
    this.redis.defineCommand('salesGraphBucket', { numberOfKeys: 1, lua: TOKEN_BUCKET_LUA });
  }

  take(key: string, perMinute: number, now: number, windowMs = 60_000): Promise<number> {
    return this.run(key, perMinute, now, true, windowMs);
  }

  peek(key: string, perMinute: number, now: number, windowMs = 60_000): Promise<number> {
    return this.run(key, perMinute, now, false, windowMs);
  }

  private async run(
    key: string,
    perMinute: number,
    now: number,
    take: boolean,
    windowMs: number,
  ): Promise<number> {
    if (perMinute <= 0) return 0;
    const bucket = (this.redis as unknown as { salesGraphBucket: BucketCommand }).salesGraphBucket;
    try {
      const wait = await bucket.call(
        this.redis,
        this.prefix + key,
        perMinute,
        now,
        take ? '1' : '0',
        windowMs,
      );
      if (this.failing) log.warn('rate limits: Redis answers again');
      this.failing = false;
      return Number(wait);
    } catch (error) {
      if (!this.failing) log.error('rate limits: Redis failed, counting in this process:', error);
      this.failing = true;
      return take
        ? this.fallback.take(key, perMinute, now, windowMs)
        : this.fallback.peek(key, perMinute, now, windowMs);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Requests per minute, each 0 for no limit. */
export interface RateLimitSettings {
  /** Per identity (a user's `sub`, an API key): RATE_LIMIT_PER_MINUTE, default 600. */
  perIdentity: number;
  /** Per partner, all its users and keys together: RATE_LIMIT_PARTNER_PER_MINUTE, default 1200. */
  perPartner: number;
  /** Failed authentications per source address: RATE_LIMIT_AUTH_FAILURES_PER_MINUTE, default 30. */
  authFailuresPerSource: number;
  /**
   * Anonymous partner applications per source address, PER HOUR (not minute):
   * RATE_LIMIT_APPLICATIONS_PER_HOUR, default 5.
   */
  applicationsPerSourcePerHour: number;
}

export function rateLimitSettingsFromEnv(): RateLimitSettings {
  return {
    perIdentity: intFromEnv('RATE_LIMIT_PER_MINUTE', 600),
    perPartner: intFromEnv('RATE_LIMIT_PARTNER_PER_MINUTE', 1200),
    authFailuresPerSource: intFromEnv('RATE_LIMIT_AUTH_FAILURES_PER_MINUTE', 30),
    applicationsPerSourcePerHour: intFromEnv('RATE_LIMIT_APPLICATIONS_PER_HOUR', 5),
  };
}

/** The store for REDIS_URL when set, else this process. */
export function rateLimitStoreFromEnv(): RateLimitStore {
  const url = process.env.REDIS_URL?.trim();
  return url ? new RedisRateLimitStore(url) : new MemoryRateLimitStore();
}

/**
 * The gateway's limits per principal: every request spends from its identity's bucket and, for a
 * partner, from the partner's (so minting keys or inviting users does not multiply a partner's
 * rate); failed authentications spend from their source address's bucket, and a source that has
 * spent it is refused before its next API key is looked up. Over a limit: RATE_LIMITED (429).
 */
export type RefusedLimit = 'identity' | 'partner' | 'application' | 'auth_failure';

export class PrincipalRateLimits {
  constructor(
    private readonly settings: RateLimitSettings,
    private readonly store: RateLimitStore,
    private readonly now: () => number = Date.now,
    /** Told of every refusal, by limit (the `rate_limit_refusals_total` metric). */
    private readonly onRefused: (limit: RefusedLimit) => void = () => undefined,
  ) {}

  private refuse(limit: RefusedLimit, wait: number): never {
    this.onRefused(limit);
    throw new RateLimitedError(wait);
  }

  /** Spends one request of `identity` (and of its partner); throws RATE_LIMITED when over. */
  async admit(identity: Identity): Promise<void> {
    const now = this.now();
    const own = await this.store.take(`identity:${identity.sub}`, this.settings.perIdentity, now);
    if (own > 0) this.refuse('identity', own);
    if (identity.role === 'PARTNER' && identity.partnerId) {
      const partner = await this.store.take(`partner:${identity.partnerId}`, this.settings.perPartner, now);
      if (partner > 0) this.refuse('partner', partner);
    }
  }

  /** Spends one anonymous application of `source` (its hourly bucket); throws RATE_LIMITED when over. */
  async admitApplication(source: string): Promise<void> {
    const wait = await this.store.take(
      `application:${source}`,
      this.settings.applicationsPerSourcePerHour,
      this.now(),
      HOUR_MS,
    );
    if (wait > 0) this.refuse('application', wait);
  }

  /** Throws RATE_LIMITED if `source` has no failed authentication left to spend. */
  async assertMayAuthenticate(source: string): Promise<void> {
    const wait = await this.store.peek(
      `auth-failure:${source}`,
      this.settings.authFailuresPerSource,
      this.now(),
    );
    if (wait > 0) this.refuse('auth_failure', wait);
  }

  /** Counts a failed authentication of `source`; throws RATE_LIMITED once it is over the limit. */
  async authenticationFailed(source: string): Promise<void> {
    const wait = await this.store.take(
      `auth-failure:${source}`,
      this.settings.authFailuresPerSource,
      this.now(),
    );
    if (wait > 0) this.refuse('auth_failure', wait);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/**
 * The address a request comes from: the socket's peer, or, behind `trustedProxies` reverse
 * proxies (TRUST_PROXY, default 0), the address the nearest of them saw, read from the right
 * of `x-forwarded-for` (whatever a client writes itself stands further left and is ignored).
 */
export function clientAddress(req: IncomingMessage, trustedProxies: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxies <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)];
}
