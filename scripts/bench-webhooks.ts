/**
 * Webhook delivery lag: commit of a change → its signed delivery received by a loopback receiver,
 * with the dispatcher polling as in production (WEBHOOK_POLL_MS, default 1000 ms).
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
 *     node --require ./scripts/ts-run.cjs scripts/bench-webhooks.ts [events=2000] [perSecond=200]
 *
 * On a fresh, migrated PRM database: `events` partners, then one committed update each, spread at
 * `perSecond`; prints p50 / p95 / p99 / max lag and the deliveries per second.
 *
 * BENCH_DATABASE_URL=<a migrated copy of the scale data set> runs it there instead (the copy keeps
 * the bench's partners; the feed then reads beside a large CRM feed and 1,000,000 deals).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from '@sales-graph/shared/webhooks/signature';
import { generateSecret } from '@sales-graph/shared/webhooks/signature';
import { createTestDatabase } from '../test/support/database';
import { createPartnersDataSource } from '../subgraphs/partners/src/datasource';
import { webhookDispatcher } from '../subgraphs/partners/src/webhooks';
import { Partner, PartnerStatus, PartnerTier, PartnerType } from '../subgraphs/partners/src/partners';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const events = Number(process.argv[2] ?? 2000);
  const perSecond = Number(process.argv[3] ?? 200);
  const existing = process.env.BENCH_DATABASE_URL;
  const db = existing
    ? { url: existing, poolMax: 10, drop: async () => undefined }
    : await createTestDatabase('bench_webhooks', { migrated: 'partners' });
  const prm = await createPartnersDataSource(db.url, db.poolMax).initialize();
  const secret = generateSecret();
  const committedAt = new Map<string, number>();
  const lags: number[] = [];
  let invalid = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const seen = new Set<string>();
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      const now = Date.now();
      const headers = {
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
      };
      if (!verify(secret, headers, body, Math.floor(now / 1000))) invalid += 1;
      const { data } = JSON.parse(body) as { data: { id: string } };
      res.writeHead(204).end();
      if (seen.has(headers.id)) return;
      seen.add(headers.id);
      const at = committedAt.get(data.id);
      if (at !== undefined) lags.push(now - at);
      if (lags.length === events) done();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  try {
    // Through the entity (its name keys are derived on save), in one transaction.
    const repo = prm.getRepository(Partner);
    const saved = await prm.transaction((manager) =>
      manager.save(
        Array.from({ length: events }, (_, i) =>
          repo.create({
            name: `Bench Partner ${i + 1}`,
            type: PartnerType.RESELLER,
            status: PartnerStatus.ACTIVE,
            tier: PartnerTier.REGISTERED,
            createdBy: 'bench',
          }),
        ),
        { chunk: 200 },
      ),
    );
    const ids = saved.map((partner) => partner.id);
    // The endpoint starts after the partners' CREATED events: it receives the updates only.
    await prm.query(
      `INSERT INTO prm.webhook_endpoints (url, event_types, signing_secret, cursor_position, created_by)
       VALUES ($1, '{Partner.UPDATED}', $2, (SELECT coalesce(max(position), 0) FROM prm.change_feed), 'bench')`,
      [url, secret],
    );
    const dispatcher = webhookDispatcher(prm, { allowedHosts: ['127.0.0.1'] });
    dispatcher.start();
    const started = Date.now();
    for (let i = 0; i < ids.length; i += 1) {
      const due = started + (i * 1000) / perSecond;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      await prm.query(`UPDATE prm.partners SET region = 'bench' WHERE id = $1`, [ids[i]]);
      committedAt.set(ids[i], Date.now());
    }
    const writesDone = Date.now();
    await finished;
    const elapsed = (Date.now() - started) / 1000;
    await dispatcher.stop();
    lags.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        events,
        writesPerSecond: Math.round(events / ((writesDone - started) / 1000)),
        pollMs: Number(process.env.WEBHOOK_POLL_MS ?? 1000),
        lagMs: {
          p50: percentile(lags, 50),
          p95: percentile(lags, 95),
          p99: percentile(lags, 99),
          max: lags.at(-1),
        },
        deliveriesPerSecond: Math.round(events / elapsed),
        invalidSignatures: invalid,
      }),
    );
  } finally {
    receiver.close();
    await prm.destroy();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
