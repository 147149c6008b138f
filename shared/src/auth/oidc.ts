import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** Asymmetric algorithms accepted from the external identity provider (never `none`, never HS*). */
export const OIDC_ALGORITHMS = ['RS256', 'ES256'] as const;
export type OidcAlgorithm = (typeof OIDC_ALGORITHMS)[number];

/** An external OpenID Connect provider whose signed tokens the gateway accepts. */
export interface OidcConfig {
  /** Where the provider publishes its signing keys (JWKS). */
  jwksUrl: string;
  /** Required `iss` claim. */
  issuer: string;
  /** Required `aud` claim (one of). */
  audience: string | string[];
  /** Allowed clock skew for `exp`/`nbf`, in seconds (default 30). */
  clockToleranceSeconds?: number;
}

/**
 * The provider configured by JWKS_URL, JWT_ISSUER and JWT_AUDIENCE (comma-separated for several),
 * or undefined when JWKS_URL is unset. A JWKS without issuer and audience checks would accept any
 * token the provider ever signed for any application, so both are required.
 */
export function oidcConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OidcConfig | undefined {
  const jwksUrl = env.JWKS_URL?.trim();
  if (!jwksUrl) return undefined;
  const issuer = env.JWT_ISSUER?.trim();
  const audience = (env.JWT_AUDIENCE ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  if (!issuer || audience.length === 0) throw new Error('JWKS_URL requires JWT_ISSUER and JWT_AUDIENCE');
  const url = new URL(jwksUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error('JWKS_URL must be an http(s) URL');
  return { jwksUrl, issuer, audience: audience.length === 1 ? audience[0] : audience };
}

/** One key set per JWKS URL, shared by all requests: jose caches the keys and refetches on an unknown `kid`. */
const keySets = new Map<string, JWTVerifyGetKey>();

function keySet(jwksUrl: string): JWTVerifyGetKey {
  let keys = keySets.get(jwksUrl);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(jwksUrl), {
      timeoutDuration: 5_000,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
    keySets.set(jwksUrl, keys);
  }
  return keys;
}

/** Verifies signature (against the provider's JWKS), algorithm, issuer, audience and expiry; throws a jose error otherwise. */
export async function verifyOidcToken(token: string, config: OidcConfig): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, keySet(config.jwksUrl), {
    algorithms: [...OIDC_ALGORITHMS],
    issuer: config.issuer,
    audience: config.audience,
    clockTolerance: config.clockToleranceSeconds ?? 30,
    requiredClaims: ['exp', 'sub'],
  });
  return payload;
}
