import { parseApiKey } from '../../shared/src/auth/api-key';
import type { Identity } from '../../shared/src/auth/identity';
import { ServiceUnavailableError, UnauthenticatedError } from '../../shared/src/errors';
import { callSubgraph } from '../../shared/src/subgraph-client';

/**
 * Checks an API key against the PRM, which stores the keys (hashed), and remembers a good answer
 * for a short while so a busy integration does not cost a lookup per request. A revoked key
 * stops working within `ttlMs`.
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, { identity: Identity; until: number }>();

  constructor(
    private readonly partnersUrl: () => string,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 10_000,
  ) {}

  async verify(token: string): Promise<Identity> {
    const parsed = parseApiKey(token);
    if (!parsed) throw new UnauthenticatedError('Invalid API key');
    const cacheKey = `${parsed.id}:${parsed.secretHash}`;
    const cached = this.cache.get(cacheKey);
    if (cached && cached.until > Date.now()) return cached.identity;

    const data = await callSubgraph<{ apiKeyIdentity: Identity | null }>(
      'gateway',
      'partners',
      this.partnersUrl(),
      `query ApiKey($id: ID!, $hash: String!) { apiKeyIdentity(id: $id, secretHash: $hash) { sub role partnerId } }`,
      { id: parsed.id, hash: parsed.secretHash },
    ).catch(() => {
      // Not the caller's fault: the key store could not be asked. 503, so clients retry.
      throw new ServiceUnavailableError('API keys cannot be checked right now; try again', 503);
    });
    const found = data.apiKeyIdentity;
    if (!found) throw new UnauthenticatedError('Invalid API key');
    const identity: Identity = found.partnerId
      ? { sub: found.sub, role: found.role, partnerId: found.partnerId }
      : { sub: found.sub, role: found.role };
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cacheKey, { identity, until: Date.now() + this.ttlMs });
    return identity;
  }
}
