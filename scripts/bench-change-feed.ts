/**
 * The change feed on a large data set: the trigger's cost per row of a bulk UPDATE of deals
 * (the same statement with the feed trigger on and off), and the events per second a reader gets
 * (readChanges on the database, and `crmChanges(first: 500)` through the gateway as ANALYST).
 * Runs on a COPY of the 1,000,000-deal database (it writes):
 *   createdb -h 127.0.0.1 -U postgres -T sales_large sales_large_feed
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
 *     node --require ./scripts/ts-run.cjs scripts/bench-change-feed.ts \
 *     postgres://postgres@127.0.0.1:5432/sales_large_feed [rows=100000] [runs=3]
 *   dropdb -h 127.0.0.1 -U postgres sales_large_feed
 */
import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { as } from '../test/support/identities';
import { migrate } from '@sales-graph/shared/db/datasource';
import { readChanges } from '@sales-graph/shared/feed/index';
import { sealCursor } from '@sales-graph/shared/graphql/cursor';
import { createCustomersDataSource } from '../subgraphs/customers/src/datasource';
import { createPartnersDataSource } from '../subgraphs/partners/src/datasource';
import { startTestGraph } from '../test/support/graph';
import { readFeed } from '../test/support/feed';

const [url, rowsArg = '100000', runsArg = '3'] = process.argv.slice(2);
const rows = Number(rowsArg);
const runs = Number(runsArg);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(dataSource: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  return dataSource.transaction(async (manager) => {
    await manager.query('SET LOCAL statement_timeout = 0');
    const started = performance.now();
    await manager.query(sql, params);
    return performance.now() - started;
  });
}

async function lastPosition(crm: DataSource): Promise<string> {
  const [{ p }] = (await crm.query(`SELECT coalesce(max(position), 0)::text AS p FROM crm.change_feed`)) as {
    p: string;
  }[];
  return p;
}

async function main() {
  if (!url || !process.env.TEST_DATABASE_URL)
    throw new Error('usage: see the comment at the top of the file');
  const crm = await createCustomersDataSource(url, 4).initialize();
  const prm = await createPartnersDataSource(url, 4).initialize();
  await migrate(crm);
  await migrate(prm);
  const [{ deals }] = (await crm.query(`SELECT count(*)::int AS deals FROM crm.deals`)) as {
    deals: number;
  }[];
  console.log(`deals: ${deals}; bulk UPDATE of ${rows} deals, ${runs} runs each way`);

  // The same set of rows every run; each run writes a new value, so every row really changes.
  const update = (run: string) =>
    `UPDATE crm.deals SET next_step = 'bench ${run}' WHERE id IN (SELECT id FROM crm.deals ORDER BY id LIMIT ${rows})`;
  await timed(crm, update('warm-up')); // reads the rows into the cache
  const start = await lastPosition(crm);
  const on: number[] = [];
  const off: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    await crm.query(`ALTER TABLE crm.deals DISABLE TRIGGER deals_change_feed`);
    off.push(await timed(crm, update(`off ${run}`)));
    await crm.query(`ALTER TABLE crm.deals ENABLE TRIGGER deals_change_feed`);
    on.push(await timed(crm, update(`on ${run}`)));
  }
  // The trigger's own time, as PostgreSQL measures it (less noisy than the difference above on a
  // loaded machine): EXPLAIN ANALYZE of one more run reports each trigger's total time and calls.
  const explained = await crm.transaction(async (manager) => {
    await manager.query('SET LOCAL statement_timeout = 0');
    const [row] = (await manager.query(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${update('explain')}`,
    )) as {
      'QUERY PLAN': {
        'Execution Time': number;
        Triggers: { 'Trigger Name': string; Time: number; Calls: number }[];
      }[];
    }[];
    return row['QUERY PLAN'][0];
  });
  const trigger = explained.Triggers.find((t) => t['Trigger Name'] === 'deals_change_feed')!;
  console.log(
    `EXPLAIN ANALYZE: UPDATE ${rows} rows ${explained['Execution Time'].toFixed(0)} ms, of it the feed trigger ` +
      `${trigger.Time.toFixed(0)} ms for ${trigger.Calls} calls = ${((trigger.Time * 1000) / trigger.Calls).toFixed(1)} µs/row`,
  );
  await crm.query('VACUUM ANALYZE crm.change_feed');
  const events = BigInt(await lastPosition(crm)) - BigInt(start);
  const perRow = ((median(on) - median(off)) * 1000) / rows;
  console.log(
    `UPDATE ${rows} rows: trigger off p50 ${median(off).toFixed(0)} ms, on p50 ${median(on).toFixed(0)} ms ` +
      `(${off.map((v) => v.toFixed(0)).join('/')} vs ${on.map((v) => v.toFixed(0)).join('/')}): ` +
      `trigger cost ${perRow.toFixed(1)} µs/row; ${events} events written`,
  );

  // Reading the events back: straight from the database, 500 a page.
  const total = Number(events);
  let after = start;
  let read = 0;
  let started = performance.now();
  while (read < total) {
    const page = await readChanges(crm.manager, 'crm', { afterPosition: after, limit: 500, types: ['Deal'] });
    if (!page.length) break;
    read += page.length;
    after = page.at(-1)!.position;
  }
  const direct = (read / (performance.now() - started)) * 1000;
  console.log(
    `readChanges (500 a page): ${read} events in ${((performance.now() - started) / 1000).toFixed(1)} s = ${direct.toFixed(0)} events/s`,
  );

  // Through the gateway, as a BI key would: crmChanges(first: 500), cursor to cursor.
  const graph = await startTestGraph({ databaseUrl: () => url });
  try {
    const limit = Math.min(total, 100_000);
    let cursor: string | null = sealCursor([start, 'feed:crm']);
    let got = 0;
    let pages = 0;
    started = performance.now();
    while (got < limit && cursor) {
      const page = await readFeed(graph, 'crmChanges', as.analyst, {
        after: cursor,
        types: ['DEAL'],
        first: 500,
      });
      got += page.events.length;
      pages += 1;
      if (!page.hasNextPage) break;
      cursor = page.endCursor;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `crmChanges through the gateway (first: 500): ${got} events, ${pages} pages in ${seconds.toFixed(1)} s = ` +
        `${(got / seconds).toFixed(0)} events/s (${((seconds * 1000) / pages).toFixed(0)} ms a page)`,
    );
  } finally {
    await graph.stop();
    await crm.destroy();
    await prm.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
