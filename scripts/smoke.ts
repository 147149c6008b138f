import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm run smoke`: what a newcomer does after `npm ci && npm start` — start the whole graph as
 * `npm start` does (built code, embedded PostgreSQL in a fresh data folder unless DATABASE_URL
 * is set), take the printed admin token and customer id, and run the headline query through
 * the gateway. Prints how long the first answer took; exits non-zero if anything is off.
 */
const HEADLINE = `query($id: ID!) { customer(id: $id) { id name deals(first: 50) { totalCount edges { node {
  id title amount currency stage sourcedBy { id name tier } lead { id source status referredBy { id name } } } } } } }`;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sales-graph-smoke-'));
  const port = Number(process.env.SMOKE_PORT ?? 4300);
  const started = Date.now();
  const child = spawn(process.execPath, [join(__dirname, 'start.js')], {
    env: {
      ...process.env,
      EMBEDDED_DATA_DIR: dataDir,
      PORT: String(port),
      CUSTOMERS_PORT: String(port + 1),
      PARTNERS_PORT: String(port + 2),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = () => {
    child.kill('SIGINT');
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 10 * 60_000;
    while (!/customer .* \(id [0-9a-f-]{36}\)/.test(output)) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const token = /ADMIN:\s+(\S+)/.exec(output)![1];
    const customerId = /\(id ([0-9a-f-]{36})\)/.exec(output)![1];
    const response = await fetch(`http://localhost:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: HEADLINE, variables: { id: customerId } }),
    });
    const body = (await response.json()) as {
      data?: { customer: { deals: { totalCount: number; edges: { node: { sourcedBy: unknown } }[] } } };
      errors?: unknown;
    };
    const deals = body.data?.customer.deals;
    if (body.errors || !deals || deals.totalCount === 0)
      throw new Error(`headline query failed: ${JSON.stringify(body)}`);
    const sourced = deals.edges.filter((edge) => edge.node.sourcedBy).length;
    if (sourced === 0 || sourced === deals.totalCount) {
      throw new Error(`expected partner-sourced and direct deals side by side: ${JSON.stringify(body)}`);
    }
    console.log(
      `smoke: first headline answer ${((Date.now() - started) / 1000).toFixed(1)}s after start; ` +
        `${deals.totalCount} deals, ${sourced} partner-sourced, ${deals.totalCount - sourced} direct`,
    );
  } finally {
    stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
