import type { Identity } from '@sales-graph/shared/auth/identity';
import { ADMIN, postGraphQL, type GraphQLResponse, type TestGraph } from './graph';

/** Runs an operation through the gateway as `identity`, sending `Idempotency-Key: key`. */
export async function queryWithKey<T = Record<string, unknown>>(
  graph: TestGraph,
  key: string,
  query: string,
  variables: Record<string, unknown> = {},
  identity: Identity = ADMIN,
): Promise<GraphQLResponse<T>> {
  return postGraphQL<T>(graph.gateway.url, query, variables, {
    authorization: `Bearer ${await graph.token(identity)}`,
    'idempotency-key': key,
  });
}
