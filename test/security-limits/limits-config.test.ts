import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { startGateway } from '../../gateway/src/gateway';
import { DEFAULT_QUERY_LIMITS, operationCost, queryLimitsFromEnv } from '../../gateway/src/limits';
import { signUserToken } from '@sales-graph/shared/auth/identity';
import type { RunningHttpServer } from '@sales-graph/shared/http';
import { SUPERGRAPH_FILE } from '@sales-graph/shared/paths';
import { HEADLINE, codes } from './support';
import { ADMIN, postGraphQL } from '../support';

/** The pure parts of the query limits: the cost estimate and how each limit is configured. */
const schema = buildSchema(readFileSync(SUPERGRAPH_FILE, 'utf8'), { assumeValidSDL: true });
const cost = (query: string, variables?: Record<string, unknown>) => {
  const document = parse(query);
  return operationCost(schema, document, getOperationAST(document)!, { variables });
};

describe('operationCost', () => {
  test('the headline query costs 753 at 50 deals a page, 1503 at the largest page', () => {
    expect(cost(HEADLINE)).toBe(753);
    expect(cost(HEADLINE.replace('first: 50', 'first: 100'))).toBe(1503);
    expect(cost(HEADLINE)).toBeLessThan(DEFAULT_QUERY_LIMITS.maxCost);
  });

  test('a page size passed as a variable counts as its value; no page size as the default page of 20', () => {
    const query = 'query($n: Int) { customers(first: $n) { edges { node { name } } } }';
    expect(cost(query, { n: 100 })).toBe(1 + 100 * 3);
    expect(cost(query, { n: 5 })).toBe(1 + 5 * 3);
    expect(cost(query, {})).toBe(1 + 20 * 3);
    expect(cost('{ customers { edges { node { name } } } }')).toBe(1 + 20 * 3);
  });

  test('fragments cost what they select wherever they are spread, and cycles end', () => {
    const inline = cost('{ customers(first: 10) { edges { node { name domain } } } }');
    expect(
      cost('{ customers(first: 10) { edges { node { ...F } } } } fragment F on Customer { name domain }'),
    ).toBe(inline);
    expect(cost('{ customers(first: 10) { edges { node { ... on Customer { name domain } } } } }')).toBe(
      inline,
    );
    expect(
      cost(
        '{ customers(first: 1) { edges { node { ...A } } } } fragment A on Customer { ...B } fragment B on Customer { ...A }',
      ),
    ).toBeGreaterThan(0);
  });

  test('nested pages multiply', () => {
    const nested = `{ partners(first: 25) { edges { node { sourcedDeals(first: 25) { edges { node {
      sourcedBy { sourcedDeals(first: 25) { edges { node { title } } } } } } } } } } }`;
    expect(cost(nested)).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
  });
});

describe('configuration', () => {
  const NAMES = [
    'GRAPHQL_MAX_DEPTH',
    'GRAPHQL_MAX_ALIASES',
    'GRAPHQL_MAX_TOKENS',
    'GRAPHQL_MAX_DIRECTIVES',
    'GRAPHQL_MAX_COST',
  ];
  const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const name of NAMES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  test('each limit reads its environment variable, with the defaults otherwise', () => {
    for (const name of NAMES) delete process.env[name];
    expect(queryLimitsFromEnv()).toEqual(DEFAULT_QUERY_LIMITS);
    NAMES.forEach((name, i) => (process.env[name] = String(i + 1)));
    expect(queryLimitsFromEnv()).toEqual({
      maxDepth: 1,
      maxAliases: 2,
      maxTokens: 3,
      maxDirectives: 4,
      maxCost: 5,
    });
    process.env.GRAPHQL_MAX_COST = 'lots';
    expect(() => queryLimitsFromEnv()).toThrow(/GRAPHQL_MAX_COST/);
  });

  describe('through a gateway', () => {
    let stub: Server;
    let gateway: RunningHttpServer;
    let token: string;
    beforeAll(async () => {
      // The subgraph is never asked: every operation here is refused or answered at the gateway.
      stub = createServer((_req, res) => res.writeHead(500).end());
      await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/graphql`;
      process.env.GRAPHQL_MAX_DEPTH = '3';
      gateway = await startGateway({
        port: 0,
        subgraphUrls: { customers: url, partners: url },
        limits: { maxAliases: 1, maxTokens: 0 },
      });
      token = await signUserToken(ADMIN);
    });
    afterAll(async () => {
      await gateway?.close();
      await new Promise((resolve) => stub?.close(resolve));
    });
    const ask = (query: string) => postGraphQL(gateway.url, query, {}, { authorization: `Bearer ${token}` });

    test('limits from the environment and from options apply; 0 switches one off', async () => {
      const deep = await ask('{ customers { edges { node { name } } } }');
      expect(codes(deep)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(deep.errors![0].message).toBe('Query depth limit of 3 exceeded, found 4.');

      const aliases = await ask(
        '{ a: __typename b: __schema { queryType { name } } c: __type(name: "Query") { name } }',
      );
      expect(aliases.errors![0].message).toBe('Aliases limit of 1 exceeded, found 2.');

      const manyTokens = await ask(`{ ${'__typename '.repeat(2000)} }`);
      expect(manyTokens.errors).toBeUndefined();
    });
  });
});
