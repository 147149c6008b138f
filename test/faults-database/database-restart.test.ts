import { databaseProxy, type DatabaseProxy } from '../support/database-proxy';
import {
  HEADLINE,
  expectFullHeadline,
  seedHeadlineCustomer,
  type HeadlineData,
} from '../security-limits/support';
import { codes, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * PostgreSQL stopped and started again under load, for each subgraph's database in turn, with
 * every process left running: while the database is away the graph answers (HTTP 200, no 5xx)
 * with SERVICE_UNAVAILABLE where that database's data was asked and keeps the other subgraph's
 * data; once it is back, answers resume in full without restarting anything.
 *
 * The databases sit behind TCP proxies the test cuts and restores (the shared server keeps
 * running for the other test files). "Under load" is a batch of requests whose first part has
 * been answered when the cut happens; the assertions hold whichever side of the cut each of the
 * rest falls on, so nothing depends on timing.
 */
const LOAD = 60;
const PARTNERS_LIST = `{ partners(first: 5) { totalCount edges { node { id name tier } } } }`;
const CUSTOMERS_LIST = `{ customers(first: 5) { totalCount edges { node { id name } } } }`;

let graph: TestGraph;
const proxies: Partial<Record<'customers' | 'partners', DatabaseProxy>> = {};
let customerId: string;

beforeAll(async () => {
  graph = await startTestGraph({
    databaseUrl: async (subgraph, url) => {
      proxies[subgraph] = await databaseProxy(url);
      return proxies[subgraph].url;
    },
  });
  customerId = await seedHeadlineCustomer(graph);
});

afterAll(async () => {
  await graph?.stop();
  for (const proxy of Object.values(proxies)) await proxy.close();
});

/** Sends `LOAD` copies of `query`; `midway` runs once a third of them have been answered. */
async function underLoad<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  midway: () => Promise<void>,
) {
  let answered = 0;
  let fired: Promise<void> | undefined;
  const answers = await Promise.all(
    Array.from({ length: LOAD }, () =>
      graph.query<T>(query, variables).then(async (answer) => {
        answered += 1;
        if (answered === Math.floor(LOAD / 3)) fired = midway();
        return answer;
      }),
    ),
  );
  await fired;
  return answers;
}

describe.each(['customers', 'partners'] as const)('the %s database stops and comes back', (down) => {
  const healthyList = down === 'customers' ? PARTNERS_LIST : CUSTOMERS_LIST;
  const downList = down === 'customers' ? CUSTOMERS_LIST : PARTNERS_LIST;

  test('while it is away: no 5xx, SERVICE_UNAVAILABLE for its data, the other side answered in full', async () => {
    expectFullHeadline(await graph.query<HeadlineData>(HEADLINE, { id: customerId }));

    const duringCut = await underLoad(downList, {}, () => proxies[down]!.cut());
    // Before the cut a request succeeds; after it, it answers the retryable code. Nothing else.
    for (const answer of duringCut) {
      expect(answer.status).toBeLessThan(500);
      if (answer.errors) expect(codes(answer)).toEqual(['SERVICE_UNAVAILABLE']);
      else expect(answer.data).toBeTruthy();
    }
    const away = await graph.query(downList);
    expect(away.status).toBe(200);
    expect(codes(away)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(JSON.stringify(away)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|terminat/i);

    // The healthy subgraph keeps serving, many at once.
    const healthy = await Promise.all(Array.from({ length: LOAD }, () => graph.query(healthyList)));
    expect(healthy.filter((answer) => answer.status >= 500)).toHaveLength(0);
    expect(healthy.filter((answer) => answer.errors !== undefined)).toHaveLength(0);

    // Readiness says so; liveness does not (a restart would not help).
    const server = graph[down];
    expect((await fetch(new URL('/readyz', server.url))).status).toBe(503);
    expect((await fetch(new URL('/livez', server.url))).status).toBe(200);
  });

  test('once it is back: answers resume in full, no process restarted', async () => {
    const before = { gateway: graph.gateway.url, subgraph: graph[down].url };
    await proxies[down]!.restore();
    const connectionsBefore = proxies[down]!.connections();

    // The first request after the restart is answered in full, and so is load after it (ten at a
    // time: the pool holds five connections, and a longer queue would test the pool's wait limit).
    expectFullHeadline(await graph.query<HeadlineData>(HEADLINE, { id: customerId }));
    for (let batch = 0; batch < LOAD / 10; batch += 1) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => graph.query<HeadlineData>(HEADLINE, { id: customerId })),
      );
      for (const answer of answers) expectFullHeadline(answer);
    }
    expect(proxies[down]!.connections()).toBeGreaterThan(connectionsBefore); // it reconnected
    expect((await fetch(new URL('/readyz', graph[down].url))).status).toBe(200);
    expect({ gateway: graph.gateway.url, subgraph: graph[down].url }).toEqual(before);
  });
});
