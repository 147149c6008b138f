import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROUTER_TOKEN_HEADER } from '@sales-graph/shared/auth/router-contract';
import { DEV_ROUTER_TOKENS, type SubgraphName } from '@sales-graph/shared/config';
import { PROJECT_ROOT } from '@sales-graph/shared/paths';

/**
 * The committed router configurations speak the router contract: Hive Gateway's is proven end to
 * end beside this file; Apollo Router's (no binary here) is checked against the contract as written.
 */
const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), 'utf8');
const SUBGRAPHS = Object.keys(DEV_ROUTER_TOKENS) as SubgraphName[];

test('the supergraph names exactly the subgraphs that have a router credential', () => {
  const graphs = [...read('supergraph.graphql').matchAll(/@join__graph\(name: "(\w+)"/g)].map((m) => m[1]);
  expect(graphs.sort()).toEqual([...SUBGRAPHS].sort());
});

test('gateway/router.yaml: Authorization and Idempotency-Key propagated, each subgraph its own credential from the environment', () => {
  const config = parse(read('gateway/router.yaml'));
  expect(config.headers.all.request).toEqual([
    { propagate: { named: 'authorization' } },
    { propagate: { named: 'idempotency-key' } },
  ]);
  for (const name of SUBGRAPHS) {
    const variable = `${name.toUpperCase()}_ROUTER_TOKEN`;
    expect(config.headers.subgraphs[name].request).toEqual([
      { insert: { name: ROUTER_TOKEN_HEADER, value: `\${env.${variable}:-${DEV_ROUTER_TOKENS[name]}}` } },
    ]);
    expect(config.override_subgraph_url[name]).toMatch(
      new RegExp(`^\\$\\{env\\.${name.toUpperCase()}_URL:-`),
    );
  }
  expect(config.supergraph.introspection).toBe(false);
});

test('gateway/hive-gateway.config.ts is configuration only, with the development defaults of the subgraphs', () => {
  const source = read('gateway/hive-gateway.config.ts');
  const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
  expect(imports).toEqual(['@graphql-hive/gateway']);
  expect(source).not.toMatch(/plugins\s*:/);
  for (const name of SUBGRAPHS) {
    expect(source).toContain(`env('${name.toUpperCase()}_ROUTER_TOKEN', '${DEV_ROUTER_TOKENS[name]}')`);
  }
  expect(source).toContain(`'${ROUTER_TOKEN_HEADER}'`);
});

test('npm run hive-gateway is the stock CLI on the committed supergraph and this configuration', () => {
  const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
  expect(scripts['hive-gateway']).toBe(
    'hive-gateway supergraph supergraph.graphql --config-path gateway/hive-gateway.config.ts',
  );
});
