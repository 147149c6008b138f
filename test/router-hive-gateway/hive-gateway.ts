import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT, SUPERGRAPH_FILE } from '@sales-graph/shared/paths';
import { freePort } from '@sales-graph/shared/free-port';

export const HIVE_CONFIG = join(PROJECT_ROOT, 'gateway', 'hive-gateway.config.ts');
const HIVE_BIN = join(PROJECT_ROOT, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');

export interface RunningHiveGateway {
  url: string;
  /** Everything it printed so far. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Stock Hive Gateway as its CLI runs it, `hive-gateway supergraph supergraph.graphql --config-path
 * gateway/hive-gateway.config.ts`, with `env` added to this process's environment. Resolves once it
 * says it listens; rejects if it exits first.
 */
export async function startHiveGateway(env: Record<string, string>): Promise<RunningHiveGateway> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [HIVE_BIN, 'supergraph', SUPERGRAPH_FILE, '--config-path', HIVE_CONFIG, '--host', '127.0.0.1'],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Listening on/i.test(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`hive-gateway exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    output: () => output,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
