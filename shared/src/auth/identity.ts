import { SignJWT, decodeProtectedHeader, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import {
  jwtClockSkewSeconds,
  jwtMaxLifetimeSeconds,
  jwtSecret,
  subgraphSecret,
  type SubgraphName,
} from '../config';
import { isUuid, ServiceUnavailableError, UnauthenticatedError } from '../errors';
import { OIDC_ALGORITHMS, oidcConfigFromEnv, verifyOidcToken, type OidcConfig } from './oidc';
import { logger } from '../log';
import { LruCache } from '../lru';

export const ROLES = [
  'ADMIN',
  'SALES',
  'MARKETING',
  'SUPPORT',
  'CHANNEL_MANAGER',
  'PARTNER',
  'ANALYST',
] as const;
/** Roles a person can hold; these are the only roles a user token may carry. */
export type UserRole = (typeof ROLES)[number];
/**
 * SERVICE is one subgraph calling another (e.g. the PRM checking a CRM deal exists): it is only
 * ever signed by a subgraph for another subgraph, never accepted from a user token.
 */
export type Role = UserRole | 'SERVICE' | 'APPLICANT';

/**
 * APPLICANT is a caller without any token applying to the partner program: the gateway forwards
 * it for that one operation only (see `auth/anonymous.ts`), never from a user token.
 */
export const applicantIdentity: Identity = { sub: 'anonymous:applicant', role: 'APPLICANT' };

/** The lifecycle statuses of a partner (the PRM's PartnerStatus), on which its users' access depends. */
export const PARTNER_STATUSES = [
  'APPLIED',
  'IN_REVIEW',
  'ONBOARDING',
  'ACTIVE',
  'SUSPENDED',
  'TERMINATED',
  'REJECTED',
] as const;
export type PartnerStatusName = (typeof PARTNER_STATUSES)[number];

/**
 * What a subgraph found when it checked a PARTNER identity against the PRM (see
 * `auth/membership.ts`): never read from a token. `member` is INVITED for a partner user who has
 * not yet accepted its invitation, ACTIVE for an active user or a usable API key.
 */
export interface PartnerMembership {
  partnerStatus: PartnerStatusName;
  member: 'ACTIVE' | 'INVITED';
}

/** Who is asking. `partnerId` is set exactly when the role is PARTNER. */
export interface Identity {
  sub: string;
  role: Role;
  partnerId?: string;
  /** Set by the subgraph's membership check on every request; a PARTNER identity without it may do nothing. */
  membership?: PartnerMembership;
  /**
   * The export scope of an API key (pages of up to 1,000 rows on root lists: `graphql/page-size.ts`).
   * Set only from the key store's answer (ApiKeyVerifier) and carried in the gateway's signed
   * forwarded identity; never read from a user token.
   */
  canExport?: boolean;
  /**
   * The person's display name and email as the identity provider states them (`name`, `email`
   * claims), carried in the forwarded identity when present: the CRM keeps its users from them
   * (`users/`). Never used to decide access.
   */
  name?: string;
  email?: string;
}

/** Header that carries the gateway-signed identity to a subgraph. */
export const IDENTITY_HEADER = 'x-sales-graph-identity';
const GATEWAY_ISSUER = 'sales-graph-gateway';
const USER_ALG = 'HS256';

const key = (secret: string): Uint8Array => new TextEncoder().encode(secret);

/** Lifetime of a forwarded identity: the gateway signs it for one request. */
const FORWARDED_LIFETIME_SECONDS = 60;

/**
 * A token must expire, within `maxLifetimeSeconds` of when it was issued (or of now, when it
 * does not say), and must not claim to be issued in the future (beyond `clockSkewSeconds`):
 * otherwise a leaked or hand-made token would stay good for a century. UNAUTHENTICATED else.
 */
export function assertTokenLifetime(
  claims: JWTPayload,
  {
    maxLifetimeSeconds,
    clockSkewSeconds = jwtClockSkewSeconds(),
    nowSeconds = Date.now() / 1000,
  }: {
    maxLifetimeSeconds: number;
    clockSkewSeconds?: number;
    nowSeconds?: number;
  },
): void {
  const { exp, iat } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new UnauthenticatedError('Token has no expiry');
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) {
    throw new UnauthenticatedError('Invalid token');
  }
  if (iat !== undefined && iat > nowSeconds + clockSkewSeconds) {
    throw new UnauthenticatedError('Token is issued in the future');
  }
  const lifetime = exp - (iat ?? nowSeconds);
  if (lifetime > maxLifetimeSeconds) {
    throw new UnauthenticatedError(`Token lifetime exceeds ${maxLifetimeSeconds} seconds`);
  }
}

/** A profile claim (`name`, `email`) when it is a usable string, else left out (never refused). */
function profileClaims(claims: Record<string, unknown>): Pick<Identity, 'name' | 'email'> {
  const text = (value: unknown) =>
    typeof value === 'string' && value.trim() !== '' && value.length <= 320 ? value.trim() : undefined;
  const name = text(claims.name);
  const email = text(claims.email);
  return { ...(name ? { name } : {}), ...(email ? { email } : {}) };
}

/** Reads the claims the product relies on; anything malformed is unauthenticated. */
export function identityFromClaims(
  claims: Record<string, unknown>,
  // Roles only the gateway or a subgraph signs (forwarded identities), never a user token.
  { allowService = false }: { allowService?: boolean } = {},
): Identity {
  const { sub, role, partnerId } = claims;
  if (typeof sub !== 'string' || sub === '') throw new UnauthenticatedError('Token has no subject');
  if (allowService && (role === 'SERVICE' || role === 'APPLICANT')) return { sub, role };
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new UnauthenticatedError('Token has no valid role');
  }
  if (role === 'PARTNER') {
    if (typeof partnerId !== 'string' || !isUuid(partnerId)) {
      throw new UnauthenticatedError('A PARTNER token must name its partnerId');
    }
    return { sub, role, partnerId: partnerId.toLowerCase() };
  }
  return { sub, role: role as Role, ...profileClaims(claims) };
}

/** Signs a user token (development tooling and tests; production tokens come from the identity provider). */
export async function signUserToken(identity: Identity, expiresIn = '12h'): Promise<string> {
  return new SignJWT({
    role: identity.role,
    ...(identity.partnerId ? { partnerId: identity.partnerId } : {}),
    ...profileClaims(identity as unknown as Record<string, unknown>),
  })
    .setProtectedHeader({ alg: USER_ALG })
    .setSubject(identity.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(jwtSecret()));
}

/**
 * Verifies a user's bearer token at the gateway: an HS256 token signed with JWT_SECRET, or, when an
 * OIDC provider is configured (`oidc`: default from JWKS_URL / JWT_ISSUER / JWT_AUDIENCE, `null` for
 * none), an RS256/ES256 token signed by one of the provider's keys for its issuer and our audience.
 * Both map their claims (`sub`, `role`, `partnerId`) to the same Identity. Anything else (expired,
 * no `exp`, a lifetime over JWT_MAX_LIFETIME_SECONDS, a future `iat`, `none`, wrongly signed,
 * another issuer or audience, malformed) is UNAUTHENTICATED.
 */
export async function verifyUserToken(
  token: string,
  oidc: OidcConfig | null = oidcConfigFromEnv() ?? null,
): Promise<Identity> {
  try {
    const { alg } = decodeProtectedHeader(token);
    let payload: JWTPayload;
    if (alg === USER_ALG) {
      payload = (await jwtVerify(token, key(jwtSecret()), { algorithms: [USER_ALG] })).payload;
    } else if (oidc && (OIDC_ALGORITHMS as readonly (string | undefined)[]).includes(alg)) {
      payload = await verifyOidcToken(token, oidc).catch((error: unknown) => {
        if (keySetUnavailable(error)) {
          logger('auth').error('the identity provider key set could not be read:', error);
          throw new ServiceUnavailableError('The identity provider could not be reached; try again', 503);
        }
        throw error;
      });
    } else {
      throw new UnauthenticatedError('Invalid token');
    }
    assertTokenLifetime(payload, { maxLifetimeSeconds: jwtMaxLifetimeSeconds() });
    return identityFromClaims(payload);
  } catch (error) {
    if (error instanceof UnauthenticatedError || error instanceof ServiceUnavailableError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('Token expired');
    throw new UnauthenticatedError('Invalid token');
  }
}

/** The provider's JWKS could not be fetched (network, timeout, bad response): not the caller's fault. */
function keySetUnavailable(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return true;
  if (!(error instanceof joseErrors.JOSEError)) return true;
  return error.constructor === joseErrors.JOSEError && /JSON Web Key Set/i.test(error.message);
}

export function bearerToken(authorization: string | undefined | null): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  return match?.[1];
}

/**
 * The gateway re-signs the verified identity for one subgraph (its audience) with that
 * subgraph's own secret, valid for a minute: a caller who reaches a subgraph directly cannot
 * forge it, and a token meant for one subgraph is refused by the other.
 *
 * A token is reused for the same claims while more than FORWARDED_REUSE_MARGIN_SECONDS of its
 * life remain (an HMAC per subgraph per request was a measurable share of the gateway's CPU); the
 * cache key holds everything signed (subgraph = audience, its secret, sub, role, partnerId), so a
 * token is only ever reused for exactly the claims it states.
 */
export async function signForwardedIdentity(identity: Identity, subgraph: SubgraphName): Promise<string> {
  const secret = subgraphSecret(subgraph);
  const cacheKey = JSON.stringify([
    subgraph,
    secret,
    identity.sub,
    identity.role,
    identity.partnerId ?? null,
    identity.canExport === true,
    identity.name ?? null,
    identity.email ?? null,
  ]);
  const now = Math.floor(Date.now() / 1000);
  const cached = signedForwarded.get(cacheKey);
  if (cached && cached.exp - now > FORWARDED_REUSE_MARGIN_SECONDS) return cached.token;
  const token = mintForwardedIdentity(identity, subgraph, secret, now);
  signedForwarded.set(cacheKey, { token, exp: now + FORWARDED_LIFETIME_SECONDS });
  token.catch(() => signedForwarded.delete(cacheKey));
  return token;
}

/** A signed forwarded identity is reused until this little of its lifetime is left. */
export const FORWARDED_REUSE_MARGIN_SECONDS = 30;
const CACHED_IDENTITIES = 10_000;
const signedForwarded = new LruCache<string, { token: Promise<string>; exp: number }>(CACHED_IDENTITIES);

function mintForwardedIdentity(identity: Identity, subgraph: SubgraphName, secret: string, now: number) {
  return new SignJWT({
    role: identity.role,
    ...(identity.partnerId ? { partnerId: identity.partnerId } : {}),
    ...(identity.canExport === true ? { canExport: true } : {}),
    ...profileClaims(identity as unknown as Record<string, unknown>),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.sub)
    .setIssuer(GATEWAY_ISSUER)
    .setAudience(subgraph)
    .setIssuedAt(now)
    .setExpirationTime(now + FORWARDED_LIFETIME_SECONDS)
    .sign(key(secret));
}

/**
 * A subgraph's check of the gateway's signed identity. A token that passed is remembered by its
 * text (with the subgraph and its secret) until its `exp`, so the next request carrying the same
 * token skips the HMAC and the claim checks; only successes are remembered, and an expired entry
 * is verified afresh (and refused). Each call answers a fresh Identity object.
 */
export async function verifyForwardedIdentity(
  token: string | undefined,
  subgraph: SubgraphName,
): Promise<Identity> {
  if (!token) throw new UnauthenticatedError('Requests must come through the gateway');
  const secret = subgraphSecret(subgraph);
  const cacheKey = `${subgraph}\n${secret}\n${token}`;
  const cached = verifiedForwarded.get(cacheKey);
  if (cached) {
    if (cached.exp > Date.now() / 1000) return { ...cached.identity };
    verifiedForwarded.delete(cacheKey);
  }
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ['HS256'],
      issuer: GATEWAY_ISSUER,
      audience: subgraph,
    });
    assertTokenLifetime(payload, { maxLifetimeSeconds: FORWARDED_LIFETIME_SECONDS });
    const identity = identityFromClaims(payload, { allowService: true });
    // The gateway signs the export scope only for an API key that has it (see ApiKeyVerifier).
    if (payload.canExport === true && identity.role !== 'SERVICE' && identity.role !== 'APPLICANT') {
      identity.canExport = true;
    }
    verifiedForwarded.set(cacheKey, { identity: { ...identity }, exp: payload.exp! });
    return identity;
  } catch (error) {
    if (error instanceof UnauthenticatedError) throw error;
    throw new UnauthenticatedError('Invalid gateway identity');
  }
}

const verifiedForwarded = new LruCache<string, { identity: Identity; exp: number }>(CACHED_IDENTITIES);

/** The identity one subgraph uses to call another (read-only, least privilege: see PERMISSIONS.SERVICE). */
export const serviceIdentity = (caller: SubgraphName | 'gateway'): Identity => ({
  sub: `service:${caller}`,
  role: 'SERVICE',
});

/** The two caches of forwarded identities, for tests (sizes) and for a test that must start cold. */
export const forwardedIdentityCaches = { signed: signedForwarded, verified: verifiedForwarded };
