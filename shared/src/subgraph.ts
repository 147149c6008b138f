import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import gql from 'graphql-tag';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { ScopeRegistry } from './access/scope';
import { IDENTITY_HEADER, verifyForwardedIdentity, type Identity } from './auth/identity';
import { ApiKeyVerifier, type ApiKeyLookup } from './auth/api-key-verifier';
import { presentsRouterToken, RouterContract } from './auth/router-contract';
import { cursorSecret, intFromEnv, type SubgraphName } from './config';
import { requestContext, type RequestContext } from './context';
import { maskErrors } from './graphql/errors';
import { FieldPolicy, fieldHasPolicy } from './graphql/field-policy';
import { applyFieldMiddleware } from './graphql/field-middleware';
import { SUBGRAPH_INPUT_BOUNDS, inputLimitsPlugin } from './graphql/input-limits';
import { noStorePlugins, operationResolutionPlugin, textInputPlugin } from './graphql/request-hygiene';
import { databaseReadiness } from './db/readiness';
import { currentRequest, serveGraphQL, type RunningHttpServer } from './http';
import { JobRunner, type ScheduledJob } from './jobs/jobs';
import { Idempotency } from './idempotency/idempotency';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency/idempotency.rules';
import {
  OutboxDispatcher,
  outboxBacklog,
  type OutboxDispatcherOptions,
  type OutboxHandlers,
} from './outbox/outbox';
import { ServiceObservability } from './observability/service';

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])`;

/** `__resolveReference` per entity type; each must read through a request-scoped loader. */
export type ReferenceResolvers = Record<
  string,
  { __resolveReference: (reference: { id: string }, context: RequestContext) => Promise<unknown> }
>;

const ROOT_DESCRIPTIONS = [
  [
    'Query',
    'Reads of the sales graph: the CRM (customers, contacts, leads, deals, activities, tickets, orders, ' +
      'campaigns) and the PRM (partners, tiers, deal registrations, lead offers, MDF, commissions, training). ' +
      'Each field names the roles that may call it; partner users see only their own partner’s records.',
  ],
  [
    'Mutation',
    'Changes to the sales graph. Each mutation names the roles that may call it; anything else answers FORBIDDEN.',
  ],
] as const;

/** type-graphql schema printed with its directives, then turned into a Federation 2 subgraph. */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers,
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    ...options,
    globalMiddlewares: options.globalMiddlewares,
    validate: false,
    skipCheck: true,
  });
  // Not global middlewares (those wrap every field): each only on the fields it can act on, FieldPolicy outermost.
  applyFieldMiddleware(schema, (type) => type === 'Mutation', Idempotency);
  applyFieldMiddleware(schema, fieldHasPolicy, FieldPolicy);
  // Root types have no decorator to carry a description; every subgraph gives them the same one.
  for (const [root, description] of ROOT_DESCRIPTIONS) {
    const type = root === 'Query' ? schema.getQueryType() : schema.getMutationType();
    if (type) type.description = description;
  }
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...resolvers[typeName], ...reference } as GraphQLResolverMap<unknown>[string];
  }
  return buildSubgraphSchema({
    typeDefs: gql`
      ${FEDERATION_LINK}
      ${printSchemaWithDirectives(schema)}
    `,
    resolvers,
  });
}

export interface SubgraphService {
  name: SubgraphName;
  schema: GraphQLSchema;
  dataSource: DataSource;
  /** The subgraph's partner-visible entities and how each is row-scoped. */
  scope?: ScopeRegistry;
  /** Services the subgraph's resolvers reach through their context (e.g. a client of another subgraph). */
  services?: Record<string, unknown>;
  /**
   * Handlers of the subgraph's outbox topics: when given, listening also starts an
   * OutboxDispatcher (poll interval OUTBOX_POLL_MS, default 1000 ms, 0 = off) that close() stops.
   */
  outbox?: OutboxHandlers;
  /** Readiness probes of the outbox's targets (prompt retry when a target answers again). */
  outboxProbes?: OutboxDispatcherOptions['probes'];
  /**
   * The subgraph's periodic jobs: when given, listening also starts a JobRunner (interval
   * `jobsIntervalMs`, else JOBS_INTERVAL_MS, default 60000 ms, 0 = off) that close() stops.
   */
  jobs?: readonly ScheduledJob[];
  jobsIntervalMs?: number;
  /**
   * Checked on every request before any resolver runs: the identity as the subgraph honours it
   * (a PARTNER identity with its membership, see `auth/membership.ts`), or UNAUTHENTICATED.
   * Without it a PARTNER identity may do nothing (`can` requires a membership).
   */
  verifyIdentity?: (identity: Identity) => Promise<Identity>;
  /**
   * How this subgraph resolves an API key a caller presents through another router (the router
   * contract, `auth/router-contract.ts`); without it such a key is UNAUTHENTICATED.
   */
  apiKeyLookup?: ApiKeyLookup;
}

export interface RunningSubgraph extends RunningHttpServer {
  /** The subgraph's outbox dispatcher, when it has an outbox. */
  outbox?: OutboxDispatcher;
  /** The subgraph's job runner, when it has jobs. */
  jobs?: JobRunner;
}

/**
 * Starts one subgraph: every request must carry an identity the gateway signed for it, or come
 * through another router under the router contract (`auth/router-contract.ts`).
 */
export async function listenSubgraph(service: SubgraphService, port: number): Promise<RunningSubgraph> {
  cursorSecret(); // unset in production: refuse to start rather than fail the first page
  // Metrics at /metrics; spans continue the gateway's trace (its traceparent) when tracing is on.
  const observability = new ServiceObservability(service.name, { trustIncomingTrace: true });
  observability.metrics.observePool(service.dataSource);
  if (service.outbox) observability.metrics.observeOutbox(() => outboxBacklog(service.dataSource));
  const apollo = new ApolloServer<RequestContext>({
    schema: service.schema,
    includeStacktraceInErrorResponses: false,
    // Our drain (`shutdown.ts`) handles SIGTERM; Apollo's own handler would stop serving first.
    stopOnTerminationSignals: false,
    formatError: maskErrors(service.name),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      // The gateway bounds every input; here only a depth that no graphql-js recursion overflows.
      inputLimitsPlugin<RequestContext>(SUBGRAPH_INPUT_BOUNDS),
      operationResolutionPlugin(),
      textInputPlugin(),
      ...noStorePlugins(),
      observability.plugin<RequestContext>(),
    ],
  });
  await apollo.start();
  const routerContract = new RouterContract(
    service.name,
    new ApiKeyVerifier(
      service.apiKeyLookup ?? (async () => null),
      intFromEnv('API_KEY_CACHE_MS', 30_000),
      10_000,
      intFromEnv('API_KEY_NEGATIVE_CACHE_MS', 30_000),
    ),
  );
  const running = await serveGraphQL(apollo, {
    port,
    service: service.name,
    observability,
    readiness: () => databaseReadiness(service.dataSource),
    context: async (req, request) => {
      const header = req.headers[IDENTITY_HEADER];
      // Our gateway's signed identity; else, from another router, its credential and the caller's token.
      const forwarded =
        header === undefined && presentsRouterToken(req)
          ? await routerContract.authenticate(req, request)
          : await verifyForwardedIdentity(Array.isArray(header) ? header[0] : header, service.name);
      const identity = service.verifyIdentity ? await service.verifyIdentity(forwarded) : forwarded;
      const scope = currentRequest();
      if (scope) scope.actor = { sub: identity.sub, role: identity.role };
      return requestContext(service, {
        identity,
        requestId: String(req.headers['x-request-id'] ?? randomUUID()),
        idempotencyKey: req.headers[IDEMPOTENCY_KEY_HEADER],
      });
    },
  });
  const outbox =
    service.outbox &&
    new OutboxDispatcher(service.dataSource, service.outbox, {
      actor: { sub: `service:${service.name}:outbox`, role: 'SERVICE' },
      probes: service.outboxProbes,
    });
  const jobs =
    service.jobs && service.jobs.length > 0
      ? new JobRunner(service.dataSource, service.jobs, {
          intervalMs: service.jobsIntervalMs,
          actor: { sub: `service:${service.name}:jobs`, role: 'SERVICE' },
        })
      : undefined;
  if (!outbox && !jobs) return running;
  outbox?.start();
  jobs?.start();
  return {
    ...running,
    ...(outbox ? { outbox } : {}),
    ...(jobs ? { jobs } : {}),
    async close() {
      await jobs?.stop();
      await outbox?.stop();
      await running.close();
    },
  };
}
