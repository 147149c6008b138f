import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { PROJECT_ROOT } from '@sales-graph/shared/paths';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { render, resolveEnv, SERVICES, sourceOf, type Container, type Rendered, type Service } from './chart';
import { freePort } from '@sales-graph/shared/free-port';

/**
 * The rendered pods, run for real: the migration Job's command with exactly the env the Job gets,
 * then each Deployment's command with exactly its env (Secret references answered from one
 * stand-in Secret, as the kubelet would), on a fresh PostgreSQL database. Nothing from the test
 * process's own environment reaches them, so a setting the chart forgot fails here. The only
 * substitution is the cluster DNS: a Service name resolves to this machine, which is where the
 * Service would send the traffic.
 */
jest.setTimeout(180_000);

let db: TestDatabase;
let rendered: Rendered;
let secrets: Record<string, Record<string, string>>;
const running: ChildProcess[] = [];

/** Runs a container's command (its `dist/scripts/x.js` as `scripts/x.ts`, no build) with `env` only. */
function runContainer(container: Container, env: Record<string, string>, extraArgs: string[] = []) {
  const [node, entry, ...args] = container.command!;
  expect(node).toBe('node');
  const child = spawn(
    process.execPath,
    [
      '-r',
      join(PROJECT_ROOT, 'scripts/ts-run.cjs'),
      join(PROJECT_ROOT, sourceOf(entry)),
      ...args,
      ...extraArgs,
    ],
    { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/** The env of a rendered container, resolved, with the Service DNS names pointing at this machine. */
function podEnv(container: Container): Record<string, string> {
  const env = resolveEnv(container, secrets);
  for (const [name, value] of Object.entries(env))
    if (/^[A-Z]+_URL$/.test(name) && value.startsWith('http://'))
      env[name] = value.replace(/^http:\/\/[^:/]+/, 'http://127.0.0.1');
  return env;
}

/** Starts a Deployment's container and waits until it says it listens (or exits first). */
async function startPod(service: Service) {
  const pod = runContainer(rendered.container(service), podEnv(rendered.container(service)));
  running.push(pod.child);
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (/listening at /.test(pod.output())) {
        pod.child.stdout!.off('data', onData);
        resolve();
      }
    };
    pod.child.stdout!.on('data', onData);
    void pod.exited.then((code) =>
      reject(new Error(`${service} exited (${code}) before listening:\n${pod.output()}`)),
    );
  });
  return pod;
}

const containerPort = (service: Service) =>
  rendered.container(service).ports!.find((p) => p.name === 'http')!.containerPort;

/** What the kubelet's probe of `kind` would get: the status of GET <path> on the http port. */
async function probe(service: Service, kind: 'livenessProbe' | 'readinessProbe' | 'startupProbe') {
  const path = rendered.container(service)[kind]!.httpGet!.path;
  const response = await fetch(`http://127.0.0.1:${containerPort(service)}${path}`);
  return { service, kind, path, status: response.status };
}

beforeAll(async () => {
  db = await createTestDatabase('helm');
  const [gateway, customers, partners] = await Promise.all([freePort(), freePort(), freePort()]);
  rendered = render({
    gateway: { port: gateway },
    customers: { port: customers },
    partners: { port: partners },
    shutdown: { delayMs: 200, graceMs: 5000 },
  });
  const key = () => randomBytes(24).toString('hex');
  // The Secret an operator would create before `helm install` (both subgraphs on one database).
  secrets = {
    'sales-graph': {
      JWT_SECRET: key(),
      CUSTOMERS_SUBGRAPH_SECRET: key(),
      PARTNERS_SUBGRAPH_SECRET: key(),
      CURSOR_SECRET: key(),
      CUSTOMERS_DATABASE_URL: db.url,
      PARTNERS_DATABASE_URL: db.url,
    },
  };
});

afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  await db?.drop();
});

test('the migration Job, then every Deployment, start from the rendered command and env alone and answer their probes', async () => {
  // The pre-install hook: migrates both schemas of the empty database.
  const job = rendered.job().spec.template.spec.containers[0];
  const migrate = runContainer(job, resolveEnv(job, secrets));
  expect({ code: await migrate.exited, output: migrate.output() }).toEqual({
    code: 0,
    output: expect.stringContaining('Migrations applied.'),
  });
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    // Each schema has its migrations table, with every migration of the code recorded in it.
    const { rows } = await client.query<{ crm: number; prm: number }>(
      `SELECT (SELECT count(*) FROM crm.migrations)::int AS crm, (SELECT count(*) FROM prm.migrations)::int AS prm`,
    );
    expect(rows[0].crm).toBeGreaterThan(0);
    expect(rows[0].prm).toBeGreaterThan(0);
  } finally {
    await client.end();
  }

  // The subgraphs, then the gateway (which is ready once a subgraph is).
  const pods = {
    customers: await startPod('customers'),
    partners: await startPod('partners'),
    gateway: await startPod('gateway'),
  };
  for (const service of SERVICES)
    for (const kind of ['startupProbe', 'livenessProbe', 'readinessProbe'] as const)
      expect(await probe(service, kind)).toEqual({ service, kind, path: expect.any(String), status: 200 });

  // `kubectl exec deploy/…-gateway -- node dist/scripts/token.js` (NOTES.txt): a token for this
  // release's JWT_SECRET; through the gateway it reaches both subgraphs with their own secrets.
  const gatewayEnv = podEnv(rendered.container('gateway'));
  const token = runContainer(
    { ...rendered.container('gateway'), command: ['node', 'dist/scripts/token.js'] },
    gatewayEnv,
    ['--role', 'ADMIN'],
  );
  expect(await token.exited).toBe(0);
  const response = await fetch(`http://127.0.0.1:${containerPort('gateway')}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token.output().trim()}` },
    body: JSON.stringify({
      query: '{ customers(first: 1) { totalCount } partners(first: 1) { totalCount } }',
    }),
  });
  expect(await response.json()).toEqual({
    data: { customers: { totalCount: 0 }, partners: { totalCount: 0 } },
  });

  // SIGTERM, as at a rollout: each drains and exits 0 within its terminationGracePeriodSeconds.
  for (const service of ['gateway', 'customers', 'partners'] as const) {
    pods[service].child.kill('SIGTERM');
    expect({ service, code: await pods[service].exited }).toEqual({ service, code: 0 });
  }
});

test('the migration command refuses to run in production without both databases (no embedded stand-in)', async () => {
  const job = rendered.job().spec.template.spec.containers[0];
  const env = resolveEnv(job, secrets);
  delete env.PARTNERS_DATABASE_URL;
  const migrate = runContainer(job, env);
  expect({ code: await migrate.exited, output: migrate.output() }).toEqual({
    code: 1,
    output: expect.stringContaining(
      'migrate refuses to run: set PARTNERS_DATABASE_URL (or DATABASE_URL) in production',
    ),
  });
});
