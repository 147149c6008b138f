import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { ApolloServer } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  bearerToken,
  signForwardedIdentity,
  verifyUserToken,
  IDENTITY_HEADER,
  type Identity,
} from '../../shared/src/auth/identity';
import { subgraphUrl, type SubgraphName } from '../../shared/src/config';
import { UnauthenticatedError } from '../../shared/src/errors';
import { maskErrors } from '../../shared/src/graphql/errors';
import { serveGraphQL, type RunningHttpServer } from '../../shared/src/http';
import { SUPERGRAPH_FILE } from '../../shared/src/paths';
import { playgroundRoutes } from './playground';

// @apollo/gateway reports anonymous usage unless told not to; nothing leaves this machine.
process.env.APOLLO_TELEMETRY_DISABLED = '1';

export interface GatewayContext {
  identity: Identity;
  requestId: string;
}

export interface GatewayOptions {
  port: number;
  supergraphSdl?: string;
  /** Subgraph URLs; default from CUSTOMERS_URL / PARTNERS_URL or the default ports. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
}

class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(private readonly subgraph: SubgraphName, url: string) {
    super({ url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (!context.identity) return;
    request.http?.headers.set(IDENTITY_HEADER, await signForwardedIdentity(context.identity, this.subgraph));
    request.http?.headers.set('x-request-id', context.requestId);
  }

  /**
   * A subgraph answers bad variables with HTTP 400 and a typed error; pass its code and
   * message on (e.g. BAD_USER_INPUT) instead of an opaque "400: Bad Request".
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const error = await super.errorFromResponse(response);
    const body = (error.extensions.response as { body?: { errors?: GraphQLFormattedError[] } } | undefined)?.body;
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (typeof code === 'string') return new GraphQLError(first!.message, { extensions: { code } });
    return error;
  }
}

/**
 * The gateway serves the committed supergraph (no start-up dependency on the subgraphs), checks
 * the caller's bearer token and forwards the identity to each subgraph, re-signed for it.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningHttpServer> {
  const supergraphSdl = options.supergraphSdl ?? readFileSync(SUPERGRAPH_FILE, 'utf8');
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const subgraph = name as SubgraphName;
      return new IdentityForwardingDataSource(subgraph, options.subgraphUrls?.[subgraph] ?? subgraphUrl(subgraph));
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    formatError: maskErrors('gateway'),
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  return serveGraphQL(apollo, {
    port: options.port,
    routes: { ...playgroundRoutes, '/health': (_req, res) => void res.end('ok') },
    context: async (req) => {
      const token = bearerToken(req.headers.authorization);
      if (!token) throw new UnauthenticatedError();
      return { identity: await verifyUserToken(token), requestId: String(req.headers['x-request-id'] ?? randomUUID()) };
    },
  });
}
