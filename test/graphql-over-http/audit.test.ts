import { serverAudits } from 'graphql-http';
import { as, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * The gateway as a GraphQL-over-HTTP server: every audit of the `graphql-http` package (the
 * reference implementation of the spec) passes, with an ADMIN token on each request.
 */
describe('GraphQL over HTTP (graphql-http serverAudits)', () => {
  let graph: TestGraph;
  let authorization: string;
  beforeAll(async () => {
    graph = await startTestGraph();
    authorization = `Bearer ${await graph.token(as.admin)}`;
  });
  afterAll(() => graph?.stop());

  const authenticatedFetch: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', authorization);
    return fetch(input, { ...init, headers });
  };

  for (const audit of serverAudits({ url: () => graph.gateway.url, fetchFn: authenticatedFetch })) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect({ status: result.status, reason: result.status === 'ok' ? '' : result.reason }).toEqual({
        status: 'ok',
        reason: '',
      });
    });
  }
});
