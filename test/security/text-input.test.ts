import { IDENTITY_HEADER, signForwardedIdentity } from '@sales-graph/shared/auth/identity';
import { clientSchema, textInputCases } from '../support/string-inputs';
import { ADMIN, as, postGraphQL, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * Bad text is the client's error, never ours: a NUL byte (which PostgreSQL cannot store) in any
 * String input of the graph, inline or in a variable, is BAD_USER_INPUT naming the argument,
 * before any resolver runs. The operations are generated from the schema clients see: one per
 * String argument of every reachable field and per String field of every input type.
 */
let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph?.stop();
});

const NUL = 'a\u0000b';
const { cases, unreachable } = textInputCases(clientSchema(), NUL);

test('the generator reaches every String input of the schema', () => {
  expect(unreachable).toEqual([]);
  expect(cases.length).toBeGreaterThan(150);
});

test('a NUL byte in any String input is BAD_USER_INPUT naming the argument, never an internal error', async () => {
  const failures: string[] = [];
  let internal = 0;
  for (const probe of cases) {
    const response = await graph.query(probe.query, probe.variables);
    const codes = (response.errors ?? []).map((error) => error.extensions?.code);
    if (codes.includes('INTERNAL_SERVER_ERROR') || response.status >= 500) internal++;
    const refused = response.errors?.find(
      (error) => error.extensions?.code === 'BAD_USER_INPUT' && /NUL/.test(error.message),
    );
    if (!refused || response.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR')) {
      failures.push(
        `${probe.label}: HTTP ${response.status} ${JSON.stringify(response.errors ?? response.data)}`,
      );
    }
  }
  console.info(
    `NUL byte in ${cases.length} String inputs: ${internal} internal errors, ${failures.length} not refused`,
  );
  expect(failures).toEqual([]);
});

test('the refusal names the argument, for an inline literal and for a variable', async () => {
  const inline = await graph.query(`mutation { createCustomer(input: { name: "a\\u0000b" }) { id } }`);
  expect(inline.errors?.[0]).toMatchObject({
    message: expect.stringContaining('input.name'),
    extensions: { code: 'BAD_USER_INPUT', field: 'input.name' },
  });
  const variable = await graph.query(`mutation($n: String!) { createCustomer(input: { name: $n }) { id } }`, {
    n: NUL,
  });
  expect(variable.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.name' } });
  const { customers } = (
    await graph.query<{ customers: { totalCount: number } }>(`{ customers { totalCount } }`)
  ).data!;
  expect(customers.totalCount).toBe(0);
});

test('each subgraph refuses it too, before any resolver, when called directly', async () => {
  for (const [subgraph, query] of [
    ['customers', `mutation { createCustomer(input: { name: "a\\u0000b" }) { id } }`],
    ['partners', `mutation { createPartner(input: { name: "a\\u0000b", type: MSP }) { id } }`],
  ] as const) {
    const response = await postGraphQL(
      graph[subgraph].url,
      query,
      {},
      {
        [IDENTITY_HEADER]: await signForwardedIdentity(ADMIN, subgraph),
      },
    );
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  }
});

test('an unknown operationName is HTTP 400 OPERATION_RESOLUTION_FAILURE', async () => {
  const token = await graph.token(as.admin);
  for (const body of [
    { query: 'query A { customers { totalCount } }', operationName: 'B' },
    { query: 'query A { customers { totalCount } } query C { leads { totalCount } }' },
  ]) {
    const response = await fetch(graph.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    const json = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(json.errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
  }
});

test('a lone surrogate (which the audit log cannot store as jsonb) is refused like a NUL byte, and writes nothing', async () => {
  const before = await graph.crm.query(`SELECT count(*)::int AS n FROM crm.customers`);
  for (const name of ['\ud800', 'x\udc00y', 'a\ud83d']) {
    const r = await graph.query(`mutation($n: String!) { createCustomer(input: { name: $n }) { id } }`, {
      n: name,
    });
    expect(r.status).toBe(400);
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.name' } });
  }
  // A well-formed pair (an emoji) is ordinary text.
  const emoji = await graph.query<{ createCustomer: { name: string } }>(
    `mutation($n: String!) { createCustomer(input: { name: $n }) { name } }`,
    { n: 'Rocket \ud83d\ude80 GmbH' },
  );
  expect(emoji.data?.createCustomer.name).toBe('Rocket 🚀 GmbH');
  const after = await graph.crm.query(`SELECT count(*)::int AS n FROM crm.customers`);
  expect(after[0].n).toBe(before[0].n + 1);
});
