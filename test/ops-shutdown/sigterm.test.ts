import { IDENTITY_HEADER, signForwardedIdentity, signUserToken } from '@sales-graph/shared/auth/identity';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  holdTable,
  outputLine,
  refusesConnections,
  startService,
  until,
  type ServiceProcess,
} from './support';
import { ADMIN, postGraphQL } from '../support';
import type { GraphQLResponse } from '../support';

/**
 * A deploy sends SIGTERM to a service with requests in flight: each of them is answered in full,
 * new connections are refused, the pools close and the process exits 0. The requests are held
 * in flight by a lock on the table they read (a barrier the test releases), not by timing.
 */
const IN_FLIGHT = 8;
/** One statement per request (a by-id load), so the statements blocked on the lock count the requests held. */
const ONE = `query ($id: ID!) { customer(id: $id) { id name } }`;

let db: TestDatabase;
let customers: ServiceProcess | undefined;
let gateway: ServiceProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase('shutdown');
});

afterAll(async () => {
  for (const service of [gateway, customers])
    if (service && service.child.exitCode === null) service.child.kill('SIGKILL');
  await db.drop();
});

test('SIGTERM to the gateway and the subgraph: every request in flight is answered, new connections are refused, exit code 0', async () => {
  if (!process.env.TEST_DATABASE_URL) return; // the barrier needs a second connection (not PGlite's one)
  customers = await startService('customers', {
    CUSTOMERS_DATABASE_URL: db.url,
    CUSTOMERS_PORT: '0',
    DB_POOL_MAX: String(IN_FLIGHT + 2),
    DB_STATEMENT_TIMEOUT_MS: '0', // the held statements wait on the lock as long as the test says
    SHUTDOWN_GRACE_MS: '120000', // the bound is not what this test is about
  });
  gateway = await startService('gateway', {
    PORT: '0',
    CUSTOMERS_URL: customers.url,
    PARTNERS_URL: 'http://127.0.0.1:1/graphql',
    SUBGRAPH_TIMEOUT_MS: '0',
    SHUTDOWN_GRACE_MS: '120000',
    // Each request must be its own subgraph fetch in flight (identical ones would share one).
    SUBGRAPH_DEDUPLICATE_FETCHES: 'false',
  });
  const headers = { [IDENTITY_HEADER]: await signForwardedIdentity(ADMIN, 'customers') };
  const created = await postGraphQL<{ createCustomer: { id: string } }>(
    customers.url,
    `mutation { createCustomer(input: { name: "Drain Ltd" }) { id } }`,
    {},
    headers,
  );
  expect(created.errors).toBeUndefined();
  const auth = { authorization: `Bearer ${await signUserToken(ADMIN)}` };

  const barrier = await holdTable(db.url, 'crm.customers');
  const id = created.data!.createCustomer.id;
  const answers: Promise<GraphQLResponse<{ customer: { name: string } | null }>>[] = [];
  for (let i = 0; i < IN_FLIGHT; i += 1) {
    // Half through the gateway, half straight to the subgraph.
    answers.push(
      i % 2 ? postGraphQL(customers.url, ONE, { id }, headers) : postGraphQL(gateway.url, ONE, { id }, auth),
    );
  }
  await until(async () => (await barrier.waiting()) === IN_FLIGHT, `${IN_FLIGHT} requests held`);

  gateway.child.kill('SIGTERM');
  customers.child.kill('SIGTERM');
  // Each drain logs once its server has stopped accepting: from then on a new connection is refused.
  await outputLine(gateway, /\[gateway\] shutdown: no longer accepting connections/);
  await outputLine(customers, /\[customers\] shutdown: no longer accepting connections/);
  expect(await refusesConnections(gateway.port)).toBe(true);
  expect(await refusesConnections(customers.port)).toBe(true);
  // Still draining: the held requests are not answered yet.
  expect([gateway.child.exitCode, customers.child.exitCode]).toEqual([null, null]);

  await barrier.release();
  const settled = await Promise.all(
    answers.map((answer) =>
      answer.catch((error: Error): GraphQLResponse<{ customer: { name: string } | null }> => ({
        status: 0,
        errors: [{ message: String(error.cause ?? error) }],
      })),
    ),
  );
  if (process.env.DEBUG_SHUTDOWN) console.log(gateway.output(), customers.output(), JSON.stringify(settled));
  const complete = settled.filter(
    (answer) =>
      answer.status === 200 && answer.errors === undefined && answer.data?.customer?.name === 'Drain Ltd',
  );
  console.log(`in-flight requests answered during SIGTERM: ${complete.length} of ${IN_FLIGHT}`);
  expect(settled.filter((answer) => !complete.includes(answer))).toEqual([]);
  expect(await gateway.exited).toBe(0);
  expect(await customers.exited).toBe(0);
  expect(gateway.output()).toContain(`[gateway] shutdown: ${IN_FLIGHT / 2} request(s) in flight finished`);
  expect(customers.output()).toContain(`[customers] shutdown: ${IN_FLIGHT} request(s) in flight finished`);
});
