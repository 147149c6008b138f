import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configProblems, type ServiceName } from '@sales-graph/shared/config';
import { PROJECT_ROOT } from '@sales-graph/shared/paths';

/** No Docker engine runs here, so docker-compose.yml and the Dockerfile are kept honest by reading them. */
const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<
    string,
    {
      build?: string;
      command?: string[];
      environment?: Record<string, string>;
      depends_on?: unknown;
      env_file?: string | string[];
      restart?: string;
      healthcheck?: { test?: string[] };
    }
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

/** The services `scripts/serve.ts` runs, by compose name. */
const served = Object.entries(compose.services).filter(
  ([, service]) => service.command?.[1] === 'dist/scripts/serve.js',
);
/** What `.env.example` sets (the env file every service reads). */
const example = Object.fromEntries(
  read('.env.example')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

test('every served service, with the .env.example settings, passes its start-up configuration check', () => {
  expect(served.map(([name]) => name).sort()).toEqual(['customers', 'gateway', 'partners']);
  for (const [name, service] of served) {
    const kind = service.command![2] as ServiceName;
    const env = { ...example, ...service.environment };
    // e.g. customers calls partners: without PARTNERS_URL it would refuse to start.
    expect({ name, problems: configProblems(kind, env) }).toEqual({ name, problems: [] });
  }
});

test('every served service has a /readyz healthcheck on its own port and restarts unless stopped', () => {
  for (const [name, service] of served) {
    const port = service.environment?.PORT ?? service.environment?.[`${name.toUpperCase()}_PORT`];
    expect({ name, healthcheck: service.healthcheck?.test?.join(' ') }).toEqual({
      name,
      healthcheck: expect.stringContaining(`http://localhost:${port}/readyz`),
    });
    expect({ name, restart: service.restart }).toEqual({ name, restart: 'unless-stopped' });
  }
  expect(compose.services.gateway.depends_on).toEqual({
    customers: { condition: 'service_healthy' },
    partners: { condition: 'service_healthy' },
  });
});

test('no secret sits in the compose file: they come from .env (ignored by git and docker), .env.example names each', () => {
  for (const [name, service] of Object.entries(compose.services)) {
    for (const [key, value] of Object.entries(service.environment ?? {})) {
      if (!/SECRET|PASSWORD/.test(key)) continue;
      expect({ name, key, value }).toEqual({
        name,
        key,
        value: expect.stringMatching(/^\$\{[A-Z_]+(:\?[^}]*)?\}$/),
      });
    }
    for (const value of Object.values(service.environment ?? {}))
      expect({ name, value }).not.toEqual({ name, value: expect.stringMatching(/postgres:postgres@/) });
  }
  for (const [name, service] of served)
    expect({ name, envFile: service.env_file }).toEqual({ name, envFile: '.env' });
  for (const secret of [
    'JWT_SECRET',
    'CUSTOMERS_SUBGRAPH_SECRET',
    'PARTNERS_SUBGRAPH_SECRET',
    'CURSOR_SECRET',
    'POSTGRES_PASSWORD',
  ])
    expect(Object.keys(example)).toContain(secret);
  expect(read('.gitignore').split('\n')).toContain('.env');
  expect(read('.dockerignore').split('\n')).toContain('.env');
});
