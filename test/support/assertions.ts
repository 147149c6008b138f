import type { GraphQLResponse, TestGraph } from './graph';
import type { Identity } from '@sales-graph/shared/auth/identity';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Data = Record<string, any>;

/** The `extensions.code` of each error of a response (empty when it has none). */
export const codes = (response: Pick<GraphQLResponse, 'errors'>) =>
  (response.errors ?? []).map((error) => error.extensions?.code);

/** The code of a response's first error. */
export const codeOf = (response: Pick<GraphQLResponse, 'errors'>) => response.errors?.[0]?.extensions?.code;

/** The data of a response that must have no errors; fails with the errors printed otherwise. */
export function ok<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length) throw new Error(`Unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data as T;
}

/** Runs an operation through the gateway (ADMIN by default) and answers its data (see `ok`). */
export async function must<T = Data>(
  graph: TestGraph,
  query: string,
  variables: Record<string, unknown> = {},
  identity?: Identity,
): Promise<T> {
  return ok(await graph.query<T>(query, variables, identity));
}

/** Runs an operation that must fail (any error); answers the response to look at its errors. */
export async function fails<T = Data>(
  graph: TestGraph,
  query: string,
  variables: Record<string, unknown> = {},
  identity?: Identity,
): Promise<GraphQLResponse<T>> {
  const response = await graph.query<T>(query, variables, identity);
  expect(response.errors?.length).toBeGreaterThan(0);
  return response;
}

/**
 * A file's shorthands on its graph (read when called, so it may be assigned in `beforeAll`), as
 * `fallback` unless another identity is given: `const { ok, fails } = client(() => graph, as.sales)`.
 * `ok` answers the data (failing with the errors printed), `fails` the response with its errors.
 */
export const client = (graph: () => TestGraph, fallback?: Identity) => ({
  ok: <T = Data>(
    query: string,
    variables: Record<string, unknown> = {},
    identity: Identity | undefined = fallback,
  ) => must<T>(graph(), query, variables, identity),
  fails: <T = Data>(
    query: string,
    variables: Record<string, unknown> = {},
    identity: Identity | undefined = fallback,
  ) => fails<T>(graph(), query, variables, identity),
  query: <T = Data>(
    query: string,
    variables: Record<string, unknown> = {},
    identity: Identity | undefined = fallback,
  ) => graph().query<T>(query, variables, identity),
});

/** Fails unless the response carries an error with `code` (and answers the response). */
export function expectCode<T>(response: GraphQLResponse<T>, code: string): GraphQLResponse<T> {
  expect(codes(response)).toContain(code);
  return response;
}

/** The one error of a response that must have exactly one. */
export function errorOf(response: Pick<GraphQLResponse, 'errors'>) {
  expect(response.errors).toHaveLength(1);
  return response.errors![0];
}
