import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../shared/src/paths';

/** No Docker engine runs here, so docker-compose.yml and the Dockerfile are kept honest by reading them. */
const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<
    string,
    { build?: string; command?: string[]; environment?: Record<string, string>; depends_on?: unknown }
  >;
};
const dockerfile = read('Dockerfile');
const config = read('shared/src/config.ts');
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

test('runs PostgreSQL, both subgraphs and the gateway', () => {
  expect(Object.keys(compose.services)).toEqual(
    expect.arrayContaining(['postgres', 'customers', 'partners', 'gateway']),
  );
});

test('every service command runs a script the image builds', () => {
  expect(dockerfile).toMatch(/RUN npm run build/);
  expect(scripts.build).toContain('tsconfig.build.json');
  for (const [name, service] of Object.entries(compose.services)) {
    if (!service.build) continue;
    const [node, entry] = service.command ?? [];
    expect(node).toBe('node');
    const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    expect({ name, exists: existsSync(join(PROJECT_ROOT, source)) }).toEqual({ name, exists: true });
  }
});

test('every file the Dockerfile copies exists', () => {
  for (const line of dockerfile.split('\n').filter((l) => l.startsWith('COPY ') && !l.includes('--from'))) {
    const sources = line.split(/\s+/).slice(1, -1);
    for (const source of sources)
      expect({ source, exists: existsSync(join(PROJECT_ROOT, source)) }).toEqual({ source, exists: true });
  }
});

test('services are configured only with settings the code reads', () => {
  for (const service of Object.values(compose.services)) {
    if (!service.build) continue;
    for (const name of Object.keys(service.environment ?? {})) {
      if (['NODE_ENV'].includes(name)) continue;
      const read = config.includes(`'${name}'`) || config.includes(`env.${name}`);
      const perSubgraph = /^(CUSTOMERS|PARTNERS)_(DATABASE_URL|SUBGRAPH_SECRET|URL|PORT)$/.test(name);
      expect({ name, read: read || perSubgraph }).toEqual({ name, read: true });
    }
  }
});

test('the partners subgraph reaches the customers subgraph, and the gateway both, by service name', () => {
  expect(compose.services.partners.environment?.CUSTOMERS_URL).toBe('http://customers:4001/graphql');
  expect(compose.services.gateway.environment).toMatchObject({
    CUSTOMERS_URL: 'http://customers:4001/graphql',
    PARTNERS_URL: 'http://partners:4002/graphql',
  });
});
