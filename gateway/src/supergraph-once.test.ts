import { readFileSync } from 'node:fs';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { SUPERGRAPH_FILE } from '@sales-graph/shared/paths';
import { OnceBuiltGateway } from './supergraph-once';

const SDL = readFileSync(SUPERGRAPH_FILE, 'utf8');

/** A gateway over `sdl` that records the services it builds (it never sends a request here). */
function gatewayOver(sdl: string, services: string[]) {
  return new OnceBuiltGateway({
    supergraphSdl: sdl,
    buildService: ({ name, url }) => {
      services.push(name);
      return new RemoteGraphQLDataSource({ url });
    },
  });
}

test('two gateways over one document share its schemas, each with services of its own', async () => {
  const firstServices: string[] = [];
  const secondServices: string[] = [];
  const first = gatewayOver(SDL, firstServices);
  const second = gatewayOver(SDL, secondServices);
  const loadedFirst = await first.load();
  const loadedSecond = await second.load();
  try {
    // The same API schema object: the second gateway built nothing of its own.
    expect(loadedSecond.schema).toBe(loadedFirst.schema);
    expect(loadedFirst.schema.getQueryType()?.getFields().customers).toBeDefined();
    expect(firstServices.sort()).toEqual(['customers', 'partners']);
    expect(secondServices.sort()).toEqual(['customers', 'partners']);
  } finally {
    await Promise.all([first.stop(), second.stop()]);
  }
});

test('another document is built on its own, and a broken one fails for every gateway', async () => {
  const other = `${SDL}\n# another document\n`;
  const shared = gatewayOver(SDL, []);
  const own = gatewayOver(other, []);
  const [a, b] = [await shared.load(), await own.load()];
  expect(b.schema).not.toBe(a.schema);
  await Promise.all([shared.stop(), own.stop()]);

  const broken = SDL.replace('type Query', 'type Query @nonsense');
  expect(broken).not.toBe(SDL);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    await expect(gatewayOver(broken, []).load()).rejects.toThrow();
  }
});
