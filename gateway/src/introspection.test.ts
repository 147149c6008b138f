import { ApolloServer } from '@apollo/server';
import { introspectionPlugin, type IntrospectionMode } from './introspection';

/** The plugin alone: whatever the gateway's context lets through, only a user identity introspects. */
type Context = { identity?: { role?: unknown } };
async function codesOf(
  mode: IntrospectionMode,
  identity: Context['identity'],
  query = '{ __schema { queryType { name } } }',
) {
  const server = new ApolloServer<Context>({
    typeDefs: 'type Query { hello: String }',
    resolvers: { Query: { hello: () => 'hi' } },
    introspection: true,
    plugins: [introspectionPlugin<Context>(mode)],
  });
  await server.start();
  try {
    const response = await server.executeOperation({ query }, { contextValue: { identity } });
    const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
    return (result?.errors ?? []).map((error) => error.extensions?.code);
  } finally {
    await server.stop();
  }
}

test('authenticated: a user role introspects; no identity or a role no user token carries does not', async () => {
  expect(await codesOf('authenticated', { role: 'PARTNER' })).toEqual([]);
  expect(await codesOf('authenticated', undefined)).toEqual(['UNAUTHENTICATED']);
  expect(await codesOf('authenticated', { role: 'ANONYMOUS' })).toEqual(['UNAUTHENTICATED']);
  expect(await codesOf('authenticated', undefined, '{ hello __typename }')).toEqual([]);
});

test('off: nobody introspects, nested __type included', async () => {
  expect(await codesOf('off', { role: 'ADMIN' })).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  expect(
    await codesOf(
      'off',
      { role: 'ADMIN' },
      'query { hello ... on Query { __type(name: "Query") { name } } }',
    ),
  ).toEqual(['GRAPHQL_VALIDATION_FAILED']);
});
