import { defineConfig } from '@graphql-hive/gateway';

/**
 * Hive Gateway in front of the subgraphs, by configuration only (the router contract, README
 * "Any router"): it serves the committed supergraph unchanged, passes the caller's Authorization
 * header on and adds each subgraph's router credential from the environment.
 *
 *   npm run hive-gateway   # = hive-gateway supergraph supergraph.graphql --config-path gateway/hive-gateway.config.ts
 *
 * It listens on PORT (default 4000, the CLI's own setting).
 *
 * The defaults are the subgraphs' development defaults; in production set every variable.
 */
const env = (name: string, fallback: string): string => process.env[name] || fallback;

const subgraphs: Record<string, { url: string; routerToken: string }> = {
  customers: {
    url: env('CUSTOMERS_URL', 'http://localhost:4001/graphql'),
    routerToken: env('CUSTOMERS_ROUTER_TOKEN', 'dev-only-customers-router-token'),
  },
  partners: {
    url: env('PARTNERS_URL', 'http://localhost:4002/graphql'),
    routerToken: env('PARTNERS_ROUTER_TOKEN', 'dev-only-partners-router-token'),
  },
};

export const gatewayConfig = defineConfig({
  // Where each subgraph is, overriding the URL baked into supergraph.graphql (CUSTOMERS_URL / PARTNERS_URL).
  transportEntries: Object.fromEntries(
    Object.entries(subgraphs).map(([name, { url }]) => [name, { location: url }]),
  ),
  propagateHeaders: {
    // Header propagation of Authorization and Idempotency-Key (when the caller sent them) and one
    // static header per subgraph.
    fromClientToSubgraphs: ({ request, subgraphName }) => ({
      ...(request.headers.has('authorization')
        ? { authorization: request.headers.get('authorization')! }
        : {}),
      ...(request.headers.has('idempotency-key')
        ? { 'idempotency-key': request.headers.get('idempotency-key')! }
        : {}),
      'x-router-token': subgraphs[subgraphName]?.routerToken ?? '',
    }),
  },
  // What our gateway refuses before planning, as far as Hive Gateway has it by configuration.
  disableIntrospection: {}, // for everyone (our gateway allows it to authenticated callers)
  maxDepth: 10,
  maxTokens: 1000,
  blockFieldSuggestions: true,
  upstreamTimeout: 10_000,
});
