import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { PROJECT_ROOT } from '@sales-graph/shared/paths';

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts `scripts/serve.ts <service>` in a child `node` (TypeScript transpiled on load, no build).
 * NODE_ENV is not `test`: Apollo Server installs its own signal handlers everywhere else.
 */
export function startService(service: string, env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    ['-r', join(PROJECT_ROOT, 'scripts/ts-run.cjs'), join(PROJECT_ROOT, 'scripts/serve.ts'), service],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_ENV: 'development', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening at (http:\/\/localhost:(\d+)\/graphql)/.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (more: Buffer) => (output += more.toString()));
        resolve({ child, url: match[1], port: Number(match[2]), output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`${service} exited (${code}) before listening:\n${output}`)));
  });
}

/** Runs `scripts/serve.ts <service>` to its exit (e.g. a refused start): its code and output. */
export async function runToExit(service: string, env: Record<string, string | undefined>) {
  const child = spawn(
    process.execPath,
    ['-r', join(PROJECT_ROOT, 'scripts/ts-run.cjs'), join(PROJECT_ROOT, 'scripts/serve.ts'), service],
    { cwd: PROJECT_ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exit) => resolve(exit)));
  return { code, output };
}

/** Whether a new TCP connection to the port is refused (the server stopped accepting). */
export const refusesConnections = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

/**
 * Polls `condition` until it holds: a state of another process (e.g. statements blocked on a
 * lock) that sends no event. No attempt count or deadline decides the outcome: the state holds
 * or the test's own timeout names the step (`what`, logged if it never does).
 */
export async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const stuck = setTimeout(() => console.error(`still waiting for: ${what}`), 60_000);
  try {
    // The pause only spaces the probes (each opens a connection); it decides nothing.
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    clearTimeout(stuck);
  }
}

/** Resolves once the output of `service` has a line matching `pattern` (an event, not a poll). */
export function outputLine(service: ServiceProcess, pattern: RegExp): Promise<void> {
  if (pattern.test(service.output())) return Promise.resolve();
  return new Promise((resolve) => {
    const onData = () => {
      if (!pattern.test(service.output())) return;
      service.child.stdout!.off('data', onData);
      service.child.stderr!.off('data', onData);
      resolve();
    };
    service.child.stdout!.on('data', onData);
    service.child.stderr!.on('data', onData);
  });
}

/**
 * The in-flight barrier: a transaction that holds an ACCESS EXCLUSIVE lock on a table, so every
 * request that reads it waits, until `release()`. `waiting()` counts the statements blocked on it.
 */
export async function holdTable(databaseUrl: string, table: string) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  return {
    async waiting(): Promise<number> {
      const probe = new Client({ connectionString: databaseUrl });
      await probe.connect();
      try {
        const { rows } = await probe.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
          [pid],
        );
        return rows[0].n;
      } finally {
        await probe.end();
      }
    },
    async release() {
      await client.query('COMMIT');
      await client.end();
    },
  };
}
