import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { routerToken, type SubgraphName } from '../config';
import { UnauthenticatedError } from '../errors';
import { isAnonymousOperation } from './anonymous';
import { looksLikeApiKey } from './api-key';
import type { ApiKeyVerifier } from './api-key-verifier';
import { applicantIdentity, bearerToken, verifyUserToken, type Identity } from './identity';
import { oidcConfigFromEnv, type OidcConfig } from './oidc';

/**
 * The header a router other than our gateway (Hive Gateway, Apollo Router…) attaches to every
 * request to a subgraph: that subgraph's own router credential, set by configuration.
 */
export const ROUTER_TOKEN_HEADER = 'x-router-token';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Compared in constant time (over digests, so neither the length nor a prefix leaks). */
export function sameRouterToken(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Whether a request claims to come through a configured router (it carries a router credential). */
export const presentsRouterToken = (req: IncomingMessage): boolean =>
  req.headers[ROUTER_TOKEN_HEADER] !== undefined;

/**
 * The router contract, for routers that cannot sign our gateway's forwarded identity: a request
 * carries this subgraph's router credential (`x-router-token`, CUSTOMERS_ROUTER_TOKEN /
 * PARTNERS_ROUTER_TOKEN) and the caller's own `Authorization: Bearer <user JWT | API key>`,
 * verified here exactly as the gateway verifies it (JWT_SECRET or the OIDC provider's JWKS; keys
 * through the PRM). Without an Authorization header only the anonymous partner application
 * passes, as APPLICANT. A caller holding only its own token cannot skip the router: without the
 * credential this path is closed. The membership check of `verifyIdentity` follows, as for the
 * gateway's identities.
 */
export class RouterContract {
  constructor(
    private readonly subgraph: SubgraphName,
    private readonly apiKeys: ApiKeyVerifier,
    private readonly oidc: OidcConfig | null = oidcConfigFromEnv() ?? null,
  ) {}

  async authenticate(req: IncomingMessage, request: { method: string; body: unknown }): Promise<Identity> {
    const expected = routerToken(this.subgraph);
    const presented = req.headers[ROUTER_TOKEN_HEADER];
    if (!expected) throw new UnauthenticatedError('Requests must come through the gateway');
    if (typeof presented !== 'string' || !sameRouterToken(presented, expected)) {
      throw new UnauthenticatedError('Invalid router credential');
    }
    const authorization = req.headers.authorization;
    if (authorization === undefined) {
      if (isAnonymousOperation(request)) return applicantIdentity;
      throw new UnauthenticatedError();
    }
    const token = bearerToken(authorization);
    if (!token) throw new UnauthenticatedError();
    return looksLikeApiKey(token) ? this.apiKeys.verify(token) : verifyUserToken(token, this.oidc);
  }
}
