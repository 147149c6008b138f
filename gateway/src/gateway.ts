import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import {
  ApolloGateway,
  RemoteGraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import type { FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { ApolloServer } from '@apollo/server';
import { GraphQLError, parse, type GraphQLFormattedError } from 'graphql';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  applicantIdentity,
  bearerToken,
  signForwardedIdentity,
  verifyUserToken,
  IDENTITY_HEADER,
  type Identity,
} from '@sales-graph/shared/auth/identity';
import { looksLikeApiKey } from '@sales-graph/shared/auth/api-key';
import { oidcConfigFromEnv, type OidcConfig } from '@sales-graph/shared/auth/oidc';
import { ApiKeyVerifier } from './api-keys';
import {
  intFromEnv,
  subgraphFetchDeduplication,
  subgraphMaxResponseBytes,
  subgraphUrl,
  type SubgraphName,
} from '@sales-graph/shared/config';
import { UnauthenticatedError } from '@sales-graph/shared/errors';
import { maskErrors } from '@sales-graph/shared/graphql/errors';
import { IDEMPOTENCY_KEY_HEADER } from '@sales-graph/shared/idempotency/idempotency.rules';
import {
  noStorePlugins,
  operationResolutionPlugin,
  textInputPlugin,
} from '@sales-graph/shared/graphql/request-hygiene';
import {
  REQUEST_ID_HEADER,
  requestIdOf,
  serveGraphQL,
  type Readiness,
  type RunningHttpServer,
} from '@sales-graph/shared/http';
import { SUPERGRAPH_FILE } from '@sales-graph/shared/paths';
import { ServiceObservability } from '@sales-graph/shared/observability/service';
import { queryLimitOptions, queryLimitsFromEnv, type QueryLimits } from './limits';
import { inputBoundsFromEnv, inputLimitsPlugin } from '@sales-graph/shared/graphql/input-limits';
import type { InputBounds } from '@sales-graph/shared/validation';
import { playgroundRoutes } from './playground';
import {
  SubgraphGuard,
  SubgraphFaultError,
  SubgraphUnavailableError,
  httpFailure,
  isFailedFetch,
  logFailedFetch,
  resilienceSettingsFromEnv,
  type BreakerState,
  type ResilienceSettings,
} from './resilience';
import { entityErrorsAtFields, fetchFailureErrors } from './fetch-failure';
import { InFlightFetches } from './shared-fetches';
import { OnceBuiltGateway } from './supergraph-once';
import { isQueryText, ResponseTooLargeError, subgraphFetcher } from './subgraph-fetch';
import { isAnonymousOperation } from './anonymous';
import { introspectionModeFromEnv, introspectionPlugin, type IntrospectionMode } from './introspection';
import {
  PrincipalRateLimits,
  clientAddress,
  rateLimitSettingsFromEnv,
  rateLimitStoreFromEnv,
  type RateLimitSettings,
  type RateLimitStore,
} from './rate-limit';

// @apollo/gateway reports anonymous usage unless told not to; nothing leaves this machine.
process.env.APOLLO_TELEMETRY_DISABLED = '1';

export interface GatewayContext {
  identity: Identity;
  requestId: string;
  /** The client's `Idempotency-Key`, passed on to the subgraphs (they keep the first results). */
  idempotencyKey?: string;
}

export interface GatewayOptions {
  port: number;
  supergraphSdl?: string;
  /** Subgraph URLs; default from CUSTOMERS_URL / PARTNERS_URL or the default ports. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** Hostile-query limits; each defaults to its GRAPHQL_MAX_* setting (see `queryLimitsFromEnv`). */
  limits?: Partial<QueryLimits>;
  /** Bounds on every input value; each defaults to its GRAPHQL_MAX_INPUT_* setting (see `inputBoundsFromEnv`). */
  inputBounds?: Partial<InputBounds>;
  /** External identity provider; default from JWKS_URL / JWT_ISSUER / JWT_AUDIENCE, `null` for none. */
  oidc?: OidcConfig | null;
  /** How long a verified API key is trusted before it is checked again; default API_KEY_CACHE_MS or 30000. */
  apiKeyCacheMs?: number;
  /** How long a refused API key is refused without asking again; default API_KEY_NEGATIVE_CACHE_MS or 30000. */
  apiKeyNegativeCacheMs?: number;
  /** Requests per minute per identity (`sub`); default RATE_LIMIT_PER_MINUTE or 600; 0 for no limit. */
  rateLimitPerMinute?: number;
  /** The other limits per principal (see `rateLimitSettingsFromEnv`). */
  rateLimits?: Partial<Omit<RateLimitSettings, 'perIdentity'>>;
  /** Where rate-limit buckets live; default Redis at REDIS_URL when set, else this process. */
  rateLimitStore?: RateLimitStore;
  /** Reverse proxies in front of the gateway whose `x-forwarded-for` is believed; default TRUST_PROXY or 0. */
  trustProxy?: number;
  /** The clock of rate limits, caches and circuit breakers' cool-downs (tests). */
  now?: () => number;
  /** How long a subgraph may take to answer; default SUBGRAPH_TIMEOUT_MS or 10000. */
  subgraphTimeoutMs?: number;
  /** The longest subgraph answer read (bytes, 0 = no limit); default SUBGRAPH_MAX_RESPONSE_BYTES or 32 MiB. */
  subgraphMaxResponseBytes?: number;
  /** Circuit breaker and in-flight cap per subgraph; each defaults to its SUBGRAPH_* setting (`resilienceSettingsFromEnv`). */
  resilience?: Partial<ResilienceSettings>;
  /** Request body limit; default MAX_BODY_BYTES or 1 MB. */
  maxBodyBytes?: number;
  /** Who may introspect the schema; default GRAPHQL_INTROSPECTION or `authenticated` (any NODE_ENV). */
  introspection?: IntrospectionMode;
  /** Merge identical subgraph queries in flight into one fetch; default SUBGRAPH_DEDUPLICATE_FETCHES or true. */
  deduplicateFetches?: boolean;
  /** Told each time a subgraph fetch joins an identical one in flight instead of being sent (tests). */
  onFetchShared?: (subgraph: SubgraphName) => void;
}

// A timed-out fetch rejects with a DOMException, which is not always `instanceof Error` (other realms).
const isAbort = (error: unknown): boolean => {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
};

/** Errors thrown for an answer the subgraph did give (a 4xx): it is alive. */
const answered = new WeakSet<object>();

type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>>;

/** A subgraph operation that only reads (the query planner prints one operation per fetch, first). */

class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /** Identical queries in flight to this subgraph (`undefined`: each fetch is sent on its own). */
  private readonly inFlight?: InFlightFetches<SubgraphResponse>;

  constructor(
    private readonly subgraph: SubgraphName,
    url: string,
    timeoutMs: number,
    maxResponseBytes: number,
    private readonly guard: SubgraphGuard,
    observability?: ServiceObservability,
    deduplicate = false,
    private readonly onFetchShared?: (subgraph: SubgraphName) => void,
  ) {
    // node:http on keep-alive connections, timed out per fetch (subgraph-fetch.ts): a third of
    // the gateway's CPU per request less than Node's fetch (npm run bench).
    super({
      url,
      fetcher: subgraphFetcher(timeoutMs, maxResponseBytes) as RemoteGraphQLDataSource['fetcher'],
    });
    // Timed per subgraph (/metrics) and, with tracing on, a span whose traceparent goes along.
    if (observability) this.fetcher = observability.fetcherFor(subgraph, this.fetcher);
    if (deduplicate) this.inFlight = new InFlightFetches((answer) => structuredClone(answer));
  }

  /**
   * The fetch of one operation, or a share in an identical one in flight: a query (never a
   * mutation, never with an `Idempotency-Key`) whose text, variables and headers (the signed
   * forwarded identity above all; the request id aside) are the same. The subgraph answers each
   * identity's own rows, so two callers share an answer only if the subgraph would have given
   * both the same. A shared fetch is one fetch for the guard, the metrics and the log.
   */
  private async fetchOnce(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<SubgraphResponse> {
    const { request, context } = options;
    if (!request.query) throw new Error('Missing query');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const [name, value] of request.http?.headers ?? []) headers[name] = value;
    if (context?.identity) {
      headers[IDENTITY_HEADER] = await signForwardedIdentity(context.identity, this.subgraph);
      if (context.idempotencyKey) headers[IDEMPOTENCY_KEY_HEADER] = context.idempotencyKey;
    }
    const { http: _http, ...payload } = request;
    const body = JSON.stringify(payload);
    const shareable = this.inFlight && isQueryText(request.query) && !headers[IDEMPOTENCY_KEY_HEADER];
    const key = shareable ? `${JSON.stringify(headers)}\n${body}` : undefined;
    if (context?.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
    const send = () => this.guardedSend({ method: 'POST', headers, body }, context?.requestId);
    if (key === undefined || !this.inFlight) return send();
    return this.inFlight.run(key, send, this.onFetchShared && (() => this.onFetchShared!(this.subgraph)));
  }

  /**
   * Every fetch passes the subgraph's guard first (`resilience.ts`): an open breaker or a full
   * in-flight cap fails it at once, without a network call; its outcome feeds the breaker, and a
   * failed fetch writes exactly one log line.
   */
  private async guardedSend(init: FetcherRequestInit, requestId: string | undefined) {
    const started = performance.now();
    let permit;
    try {
      permit = this.guard.admit();
    } catch (error) {
      if (error instanceof SubgraphUnavailableError)
        logFailedFetch(requestId, this.subgraph, error.reason, 0);
      throw error;
    }
    try {
      const response = await this.send(init);
      permit.succeeded();
      return response;
    } catch (error) {
      if (isFailedFetch(error)) {
        if (error instanceof SubgraphFaultError) permit.released();
        else permit.failed();
        logFailedFetch(requestId, this.subgraph, error.reason, performance.now() - started, error.detail);
      } else if (error !== null && typeof error === 'object' && answered.has(error)) permit.succeeded();
      else permit.released();
      throw error;
    }
  }

  /**
   * One HTTP request and its answer (what `RemoteGraphQLDataSource.sendRequest` does, without
   * node-fetch's Request and Headers objects, which cost CPU per fetch and are not used here; no
   * subgraph sends cache-control hints, so there are none to honour).
   */
  private async send(init: FetcherRequestInit): Promise<SubgraphResponse> {
    let fetchResponse: FetcherResponse | undefined;
    try {
      fetchResponse = await this.fetcher(this.url, init);
      if (!fetchResponse.ok) throw await this.errorFromResponse(fetchResponse);
      const body = await this.parseBody(fetchResponse);
      if (typeof body !== 'object' || body === null)
        throw new Error(`Expected JSON response body, but received: ${body}`);
      return body as SubgraphResponse;
    } catch (error) {
      throw this.failure(error as Error, fetchResponse);
    }
  }

  /**
   * A subgraph answers bad variables with HTTP 400 and a typed error; pass its code and
   * message on (e.g. BAD_USER_INPUT) instead of an opaque "400: Bad Request".
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const error = await super.errorFromResponse(response);
    const body = (error.extensions.response as { body?: { errors?: GraphQLFormattedError[] } } | undefined)
      ?.body;
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (typeof code !== 'string') return error;
    // The subgraph answered with a typed error (whatever its HTTP status): it is alive, and its
    // code is the client's (e.g. SERVICE_UNAVAILABLE when it cannot reach the other subgraph).
    const typed = new GraphQLError(first!.message, { extensions: { code } });
    answered.add(typed);
    return typed;
  }

  /**
   * A subgraph that does not answer in time, cannot be reached or answers 5xx fails only its
   * part of the operation, with a client-facing error that names neither the subgraph nor its
   * address; `guardedSend` counts it against the subgraph's breaker and logs it.
   */
  private failure(error: Error, fetchResponse?: FetcherResponse): Error {
    if (answered.has(error)) return error; // a typed error the subgraph answered (errorFromResponse)
    if (isAbort(error)) return new SubgraphUnavailableError(this.subgraph, 'timeout');
    // Longer than the gateway reads (its connection destroyed): the subgraph answered, so it is
    // a masked fault that does not count against its breaker (one caller's query may provoke it).
    if (error instanceof ResponseTooLargeError)
      return new SubgraphFaultError(this.subgraph, 'answer too large', `more than ${error.limit} bytes`);
    if (fetchResponse === undefined)
      return new SubgraphUnavailableError(this.subgraph, 'unreachable', causeCode(error));
    if (fetchResponse.status >= 500) return httpFailure(this.subgraph, fetchResponse.status);
    // An answer cut off or not JSON: nothing usable came back.
    if (!(error instanceof GraphQLError))
      return new SubgraphUnavailableError(this.subgraph, 'unreachable', 'answer cut off or not JSON');
    answered.add(error);
    return error;
  }

  /**
   * A fetch that got no GraphQL answer nulls only the fields it was to answer, each with an error
   * at its path in the client's answer (`fetch-failure.ts`); without this the gateway reports
   * one error with no path, and a client cannot tell an outage's null from a real one. An entity
   * the subgraph could not resolve at all has its error moved to each of those fields too. A fetch
   * the subgraph's guard refuses (open breaker, full cap) fails the same way.
   */
  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<SubgraphResponse> {
    const { request } = options;
    const document = () =>
      'document' in options && options.document ? options.document : parse(request.query!);
    let response: SubgraphResponse;
    try {
      response = await this.fetchOnce(options);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return { errors: fetchFailureErrors(error, document(), request.variables) };
    }
    const entityErrors = response.errors?.some((error) => error.path?.length === 2);
    if (!entityErrors) return response;
    return { ...response, errors: entityErrorsAtFields(response.errors!, document(), request.variables) };
  }
}

/** `fetch failed` says nothing; its cause's code (ECONNREFUSED, ECONNRESET…) says what happened. */
function causeCode(error: Error): string | undefined {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** How long `/readyz` waits for each subgraph's own `/readyz`. */
const SUBGRAPH_READY_TIMEOUT_MS = 2_000;

/**
 * The gateway's readiness: each subgraph's `/readyz` summarised. Ready while at least one
 * subgraph is (a subgraph outage is answered with partial data, not by taking every gateway out
 * of the load balancer); `degraded: true` with `subgraphs` saying which one is not, or with
 * `breakers` naming a subgraph whose circuit breaker is open or half-open (being failed fast).
 */
export async function subgraphsReadiness(
  urls: Record<SubgraphName, string>,
  circuits?: () => Record<SubgraphName, BreakerState>,
): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      try {
        const response = await fetch(new URL('/readyz', url), {
          signal: AbortSignal.timeout(SUBGRAPH_READY_TIMEOUT_MS),
        });
        await response.body?.cancel();
        return [name, response.ok] as const;
      } catch {
        return [name, false] as const;
      }
    }),
  );
  const subgraphs = Object.fromEntries(entries);
  const readyCount = entries.filter(([, ready]) => ready).length;
  // A subgraph whose breaker is not closed is being failed fast: part of every answer is missing.
  const tripped = Object.entries(circuits?.() ?? {}).filter(([, state]) => state !== 'closed');
  return {
    ready: readyCount > 0,
    ...(readyCount > 0 && (readyCount < entries.length || tripped.length > 0) ? { degraded: true } : {}),
    subgraphs,
    ...(tripped.length > 0 ? { breakers: Object.fromEntries(tripped) } : {}),
  };
}

/**
 * The gateway serves the committed supergraph (no start-up dependency on the subgraphs), checks
 * the caller's bearer token (without one, only a partner application passes: `anonymous.ts`), rate-limits each identity, partner and failing source, refuses
 * hostile operations (depth, aliases, tokens, directives, cost, unbounded inputs) and forwards the
 * identity to each subgraph, re-signed for it.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningHttpServer> {
  const supergraphSdl = options.supergraphSdl ?? readFileSync(SUPERGRAPH_FILE, 'utf8');
  const limits: QueryLimits = { ...queryLimitsFromEnv(), ...options.limits };
  const limitOptions = queryLimitOptions<GatewayContext>(limits);
  const oidc = options.oidc === undefined ? (oidcConfigFromEnv() ?? null) : options.oidc;
  const partnersUrl = options.subgraphUrls?.partners ?? subgraphUrl('partners');
  const now = options.now ?? Date.now;
  // A client's traceparent is not trusted: each request starts a trace of the gateway's own.
  const observability = new ServiceObservability('gateway', { trustIncomingTrace: false });
  const access = gatewayAccess(options, oidc, partnersUrl, now, observability);
  const subgraphUrls: Record<SubgraphName, string> = {
    customers: options.subgraphUrls?.customers ?? subgraphUrl('customers'),
    partners: partnersUrl,
  };
  const { gateway, guards } = subgraphGateway(options, supergraphSdl, subgraphUrls, now, observability);
  const apollo = gatewayApolloServer(options, gateway, limitOptions, observability);
  await apollo.start();
  const server = await serveGraphQL(apollo, {
    port: options.port,
    service: 'gateway',
    observability,
    maxBodyBytes: options.maxBodyBytes,
    routes: playgroundRoutes,
    readiness: () =>
      subgraphsReadiness(subgraphUrls, () => ({
        customers: guards.customers.breaker.current(),
        partners: guards.partners.breaker.current(),
      })),
    context: gatewayContext(access),
  });
  return {
    ...server,
    async close() {
      await server.close();
      await access.rateLimits.close();
    },
  };
}

/** Who the gateway lets in: API keys, rate limits, the proxies it trusts and the authentication. */
interface GatewayAccess {
  rateLimits: PrincipalRateLimits;
  trustProxy: number;
  /** Who the bearer token says the caller is; a failure spends from the source's failure budget. */
  authenticate: (req: IncomingMessage) => Promise<Identity>;
}

function gatewayAccess(
  options: GatewayOptions,
  oidc: OidcConfig | null,
  partnersUrl: string,
  now: () => number,
  observability: ServiceObservability,
): GatewayAccess {
  const apiKeys = new ApiKeyVerifier(
    () => partnersUrl,
    options.apiKeyCacheMs ?? intFromEnv('API_KEY_CACHE_MS', 30_000),
    10_000,
    options.apiKeyNegativeCacheMs ?? intFromEnv('API_KEY_NEGATIVE_CACHE_MS', 30_000),
    now,
  );
  const rateLimits = new PrincipalRateLimits(
    {
      ...rateLimitSettingsFromEnv(),
      ...options.rateLimits,
      ...(options.rateLimitPerMinute === undefined ? {} : { perIdentity: options.rateLimitPerMinute }),
    },
    options.rateLimitStore ?? rateLimitStoreFromEnv(),
    now,
    (limit) => observability.metrics.rateLimitRefused(limit),
  );
  const trustProxy = options.trustProxy ?? intFromEnv('TRUST_PROXY', 0);
  const authenticate = async (req: IncomingMessage): Promise<Identity> => {
    const source = clientAddress(req, trustProxy);
    try {
      const token = bearerToken(req.headers.authorization);
      if (!token) throw new UnauthenticatedError();
      return looksLikeApiKey(token)
        ? await apiKeys.verify(token, () => rateLimits.assertMayAuthenticate(source))
        : await verifyUserToken(token, oidc);
    } catch (error) {
      if (error instanceof UnauthenticatedError) await rateLimits.authenticationFailed(source);
      throw error;
    }
  };
  return { rateLimits, trustProxy, authenticate };
}

/** The Apollo gateway over the supergraph, each subgraph behind its guard (breaker, limits). */
function subgraphGateway(
  options: GatewayOptions,
  supergraphSdl: string,
  subgraphUrls: Record<SubgraphName, string>,
  now: () => number,
  observability: ServiceObservability,
): { gateway: ApolloGateway; guards: Record<SubgraphName, SubgraphGuard> } {
  const timeoutMs = options.subgraphTimeoutMs ?? intFromEnv('SUBGRAPH_TIMEOUT_MS', 10_000);
  const maxResponseBytes = options.subgraphMaxResponseBytes ?? subgraphMaxResponseBytes();
  const resilience: ResilienceSettings = { ...resilienceSettingsFromEnv(), ...options.resilience };
  const guards: Record<SubgraphName, SubgraphGuard> = {
    customers: new SubgraphGuard('customers', resilience, now),
    partners: new SubgraphGuard('partners', resilience, now),
  };
  const deduplicate = options.deduplicateFetches ?? subgraphFetchDeduplication();
  // Built once per process and document (supergraph-once.ts); Apollo validates the document
  // outside production, and `npm run compose:check` proves it is the subgraphs' composition.
  const gateway = new OnceBuiltGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const subgraph = name as SubgraphName;
      const url = subgraphUrls[subgraph];
      return new IdentityForwardingDataSource(
        subgraph,
        url,
        timeoutMs,
        maxResponseBytes,
        guards[subgraph],
        observability,
        deduplicate,
        options.onFetchShared,
      );
    },
  });
  return { gateway, guards };
}

function gatewayApolloServer(
  options: GatewayOptions,
  gateway: ApolloGateway,
  limitOptions: ReturnType<typeof queryLimitOptions<GatewayContext>>,
  observability: ServiceObservability,
): ApolloServer<GatewayContext> {
  return new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    // Our drain (`shared/src/shutdown.ts`) handles SIGTERM; Apollo's own handler would stop serving first.
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: true,
    // Who may introspect is decided by introspectionPlugin (authenticated users), not by NODE_ENV.
    introspection: true,
    // Callers authenticate by the Authorization header, which no browser sends cross-site without
    // a CORS preflight: its presence is the proof CSRF prevention asks for (plain GETs included).
    csrfPrevention: {
      requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'],
    },
    formatError: maskErrors('gateway'),
    validationRules: limitOptions.validationRules,
    parseOptions: limitOptions.parseOptions,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      introspectionPlugin<GatewayContext>(options.introspection ?? introspectionModeFromEnv()),
      // First: bounded inputs before anything (the cost estimate, coercion) reads them.
      inputLimitsPlugin<GatewayContext>({ ...inputBoundsFromEnv(), ...options.inputBounds }),
      operationResolutionPlugin(),
      textInputPlugin(),
      ...noStorePlugins(),
      ...limitOptions.plugins,
      observability.plugin<GatewayContext>(),
    ],
  });
}

/** Each request's context: the one anonymous path, else the authenticated, admitted identity. */
function gatewayContext({ rateLimits, trustProxy, authenticate }: GatewayAccess) {
  return async (
    req: IncomingMessage,
    request: { method: string; body: unknown },
  ): Promise<GatewayContext> => {
    // The one anonymous path: no credentials at all, and exactly the application mutation.
    if (req.headers.authorization === undefined && isAnonymousOperation(request)) {
      await rateLimits.admitApplication(clientAddress(req, trustProxy));
      return { identity: applicantIdentity, requestId: requestIdOf(req) };
    }
    const identity = await authenticate(req);
    await rateLimits.admit(identity);
    const header = req.headers[IDEMPOTENCY_KEY_HEADER];
    const idempotencyKey = Array.isArray(header) ? header.join(', ') : header;
    return { identity, requestId: requestIdOf(req), ...(idempotencyKey ? { idempotencyKey } : {}) };
  };
}
