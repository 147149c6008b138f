/**
 * `npm start`'s start-up and idle memory, as issue 11 states them: the time from spawning the
 * process to its first answered query, and its resident memory (VmRSS) after 20 s idle.
 *
 *   npm run build && node --require ./scripts/ts-run.cjs scripts/bench-start.ts [starts]
 *
 * Runs package.json's own start command (after its `npm run build &&`), so the figures are those
 * of `npm start` itself, and reads the ADMIN demo token from its log. The data already under
 * `.data/` (or EMBEDDED_DATA_DIR) is used as it is: run `npm start` once first for a warm start.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(__dirname, '..');
const IDLE_MS = 20_000;

function startCommand(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const command = scripts.start.split('&&').pop()!.trim().split(/\s+/);
  if (command[0] !== 'node') throw new Error(`npm start does not end in a node command: ${scripts.start}`);
  return command.slice(1);
}

function residentMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1]) / 1024;
}

async function once(args: string[]): Promise<{ firstAnswerS: number; idleMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${log}`);
      const url = /Gateway \+ playground {2}(\S+)/.exec(log)?.[1];
      const token = /ADMIN:\n\s+(\S+)/.exec(log)?.[1];
      if (url && token) {
        const answer = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ customers(first: 1) { edges { node { id } } } }' }),
        }).then((response) => response.json() as Promise<{ data?: unknown }>);
        if (answer.data) break;
      }
      await sleep(100);
    }
    const firstAnswerS = (performance.now() - started) / 1000;
    await sleep(IDLE_MS);
    return { firstAnswerS, idleMb: residentMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function main() {
  const starts = Number(process.argv[2] ?? 3);
  const args = startCommand();
  console.log(`node ${args.join(' ')}, ${starts} start(s)`);
  for (let i = 0; i < starts; i++) {
    const { firstAnswerS, idleMb } = await once(args);
    console.log(
      `first answer ${firstAnswerS.toFixed(1)} s, resident after ${IDLE_MS / 1000} s idle ${idleMb.toFixed(0)} MB`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
