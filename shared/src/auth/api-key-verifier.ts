import { ServiceUnavailableError, UnauthenticatedError } from '../errors';
import { callSubgraph } from '../subgraph-client';
import type { SubgraphName } from '../config';
import { parseApiKey } from './api-key';
import type { Identity } from './identity';

/** Asks the owner of API keys (the PRM) which identity a key (its id and secret hash) is: null if none. */
export type ApiKeyLookup = (id: string, secretHash: string) => Promise<Identity | null>;

/** The PRM's `apiKeyIdentity` over its API, as the SERVICE identity of `caller`. */
export const httpApiKeyLookup =
  (caller: SubgraphName | 'gateway', partnersUrl: () => string): ApiKeyLookup =>
  async (id, secretHash) => {
    const data = await callSubgraph<{ apiKeyIdentity: Identity | null }>(
      caller,
      'partners',
      partnersUrl(),
      `query ApiKey($id: ID!, $hash: String!) { apiKeyIdentity(id: $id, secretHash: $hash) { sub role partnerId canExport } }`,
      { id, hash: secretHash },
    );
    return data.apiKeyIdentity;
  };

/**
 * Checks an API key against the PRM, which stores the keys (hashed), and remembers a good answer
 * for a short while so a busy integration does not cost a lookup per request. A revoked key
 * stops working within `ttlMs`. A refused key is remembered too (`negativeTtlMs`), so hammering
 * with one unknown key costs one lookup, not one per request; both caches are bounded. The
 * gateway uses it for its callers, each subgraph for callers that come through another router.
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, { identity: Identity; until: number }>();
  private readonly refused = new Map<string, number>();

  constructor(
    private readonly lookup: ApiKeyLookup,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 10_000,
    private readonly negativeTtlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The identity `token` stands for, or UNAUTHENTICATED. `beforeLookup` runs before the PRM is
   * asked (not for a cached answer): the gateway refuses there a source that failed too often.
   */
  async verify(token: string, beforeLookup?: () => Promise<void>): Promise<Identity> {
    const parsed = parseApiKey(token);
    if (!parsed) throw new UnauthenticatedError('Invalid API key');
    const cacheKey = `${parsed.id}:${parsed.secretHash}`;
    const now = this.now();
    const cached = this.cache.get(cacheKey);
    if (cached && cached.until > now) return cached.identity;
    const refusedUntil = this.refused.get(cacheKey);
    if (refusedUntil !== undefined && refusedUntil > now) throw new UnauthenticatedError('Invalid API key');
    await beforeLookup?.();

    const found = await this.lookup(parsed.id, parsed.secretHash).catch(() => {
      // Not the caller's fault: the key store could not be asked. 503, so clients retry.
      throw new ServiceUnavailableError('API keys cannot be checked right now; try again', 503);
    });
    if (!found) {
      if (this.negativeTtlMs > 0) remember(this.refused, cacheKey, now + this.negativeTtlMs, this.maxEntries);
      throw new UnauthenticatedError('Invalid API key');
    }
    const identity: Identity = found.partnerId
      ? { sub: found.sub, role: found.role, partnerId: found.partnerId }
      : { sub: found.sub, role: found.role };
    // Only the key store's own `true` grants the export scope (a null or absent answer does not).
    if (found.canExport === true) identity.canExport = true;
    this.refused.delete(cacheKey);
    remember(this.cache, cacheKey, { identity, until: now + this.ttlMs }, this.maxEntries);
    return identity;
  }
}

/** Sets `key` in a map that holds at most `max` entries, dropping the oldest first. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
}
