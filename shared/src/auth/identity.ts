import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { jwtSecret, subgraphSecret, type SubgraphName } from '../config';
import { UnauthenticatedError } from '../errors';

export const ROLES = [
  'ADMIN',
  'SALES',
  'MARKETING',
  'SUPPORT',
  'CHANNEL_MANAGER',
  'PARTNER',
  'ANALYST',
] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking. `partnerId` is set exactly when the role is PARTNER. */
export interface Identity {
  sub: string;
  role: Role;
  partnerId?: string;
}

/** Header that carries the gateway-signed identity to a subgraph. */
export const IDENTITY_HEADER = 'x-sales-graph-identity';
const GATEWAY_ISSUER = 'sales-graph-gateway';
const USER_ALG = 'HS256';

const key = (secret: string): Uint8Array => new TextEncoder().encode(secret);

/** Reads the claims the product relies on; anything malformed is unauthenticated. */
export function identityFromClaims(claims: Record<string, unknown>): Identity {
  const { sub, role, partnerId } = claims;
  if (typeof sub !== 'string' || sub === '') throw new UnauthenticatedError('Token has no subject');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new UnauthenticatedError('Token has no valid role');
  }
  if (role === 'PARTNER') {
    if (typeof partnerId !== 'string' || partnerId === '') {
      throw new UnauthenticatedError('A PARTNER token must name its partnerId');
    }
    return { sub, role, partnerId };
  }
  return { sub, role: role as Role };
}

/** Signs a user token (development tooling and tests; production tokens come from the identity provider). */
export async function signUserToken(identity: Identity, expiresIn = '12h'): Promise<string> {
  return new SignJWT({ role: identity.role, ...(identity.partnerId ? { partnerId: identity.partnerId } : {}) })
    .setProtectedHeader({ alg: USER_ALG })
    .setSubject(identity.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(jwtSecret()));
}

/** Verifies a user's bearer token at the gateway. */
export async function verifyUserToken(token: string): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, key(jwtSecret()), { algorithms: [USER_ALG] });
    return identityFromClaims(payload);
  } catch (error) {
    if (error instanceof UnauthenticatedError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('Token expired');
    throw new UnauthenticatedError('Invalid token');
  }
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
 */
export async function signForwardedIdentity(identity: Identity, subgraph: SubgraphName): Promise<string> {
  return new SignJWT({ role: identity.role, ...(identity.partnerId ? { partnerId: identity.partnerId } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.sub)
    .setIssuer(GATEWAY_ISSUER)
    .setAudience(subgraph)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key(subgraphSecret(subgraph)));
}

export async function verifyForwardedIdentity(
  token: string | undefined,
  subgraph: SubgraphName,
): Promise<Identity> {
  if (!token) throw new UnauthenticatedError('Requests must come through the gateway');
  try {
    const { payload } = await jwtVerify(token, key(subgraphSecret(subgraph)), {
      algorithms: ['HS256'],
      issuer: GATEWAY_ISSUER,
      audience: subgraph,
    });
    return identityFromClaims(payload);
  } catch (error) {
    if (error instanceof UnauthenticatedError) throw error;
    throw new UnauthenticatedError('Invalid gateway identity');
  }
}
