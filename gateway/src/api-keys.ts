import { ApiKeyVerifier as KeyVerifier, httpApiKeyLookup } from '@sales-graph/shared/auth/api-key-verifier';

/**
 * The gateway's API key check: the one verifier (`shared/src/auth/api-key-verifier.ts`) asking
 * the PRM at `partnersUrl` as the gateway's SERVICE identity.
 */
export class ApiKeyVerifier extends KeyVerifier {
  constructor(
    partnersUrl: () => string,
    ttlMs = 30_000,
    maxEntries = 10_000,
    negativeTtlMs = 30_000,
    now: () => number = Date.now,
  ) {
    super(httpApiKeyLookup('gateway', partnersUrl), ttlMs, maxEntries, negativeTtlMs, now);
  }
}
