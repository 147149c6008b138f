import { parse, type OperationDefinitionNode } from 'graphql';
import { SignJWT } from 'jose';
import { jwtSecret } from '@sales-graph/shared/config';
import { DEFAULT_QUERY_LIMITS, operationCost } from '../../gateway/src/limits';
import { EXPORT_PAGE_SIZE, MAX_PAGE_SIZE } from '@sales-graph/shared/graphql/page-size';
import {
  attributeDeal,
  codes,
  createCustomer,
  createDeal,
  partnerUser,
  postGraphQL,
  seedPartner,
  startTestGraph,
  type GraphQLResponse,
  type TestGraph,
} from '../support';
import { clientSchema } from '../support/string-inputs';

/**
 * Bulk reads for BI (issue 12, item 5): an API key ADMIN gave the export scope (`canExport`)
 * reads root lists in keyset pages of up to 1,000 rows through the gateway; every other caller
 * keeps pages of at most 100. The gateway's cost limit lets an export-scoped caller ask 1,000 flat
 * rows while a nested list under them still counts once per row (refused), and only ADMIN grants
 * the scope. A partner's export key reads only its own partner's rows.
 */
let graph: TestGraph;
let customerId: string;
let partnerA: string;
let partnerB: string;
const sourcedByA: string[] = [];
const sourcedByB: string[] = [];
const key: Record<string, string> = {};
const keyId: Record<string, string> = {};
/** Deals generated in bulk before the walk (plus the five sourced ones through the API). */
const GENERATED = 2_400;

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id canExport } } }`;
const PAGE = `query($first: Int, $after: String, $filter: DealFilter) {
  deals(first: $first, after: $after, filter: $filter) {
    edges { node { id title amount currency stage createdAt updatedAt } }
    pageInfo { hasNextPage endCursor } } }`;
/** Few fields a row: a page of 1,000 of them fits the cost limit, so the subgraph's page check answers. */
const NARROW = `query($first: Int) { deals(first: $first) { edges { node { id } } } }`;
interface Page {
  deals: {
    edges: { node: { id: string; title: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
const withKey = <T = Page>(apiKey: string, query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL<T>(graph.gateway.url, query, variables, { authorization: `Bearer ${apiKey}` });

async function createKey(
  name: string,
  input: Record<string, unknown>,
  as?: Parameters<TestGraph['query']>[2],
) {
  const created = await graph.query<{
    createApiKey: { key: string; apiKey: { id: string; canExport: boolean } };
  }>(CREATE_KEY, { input: { name, ...input } }, as);
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  key[name] = created.data!.createApiKey.key;
  keyId[name] = created.data!.createApiKey.apiKey.id;
  return created.data!.createApiKey.apiKey;
}

/** Every deal id an API key reads, walking `first`-row pages by cursor; `between` runs after each page. */
async function walk(
  apiKey: string,
  first: number,
  between: (page: number) => Promise<void> = async () => {},
) {
  const seen: string[] = [];
  const sizes: number[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const response: GraphQLResponse<Page> = await withKey(apiKey, PAGE, { first, after });
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    const { edges, pageInfo } = response.data!.deals;
    seen.push(...edges.map((edge) => edge.node.id));
    sizes.push(edges.length);
    if (!pageInfo.hasNextPage) return { seen, sizes };
    after = pageInfo.endCursor;
    await between(page);
  }
  throw new Error('too many pages');
}

beforeAll(async () => {
  graph = await startTestGraph({ gateway: { apiKeyCacheMs: 0 } });
  customerId = (await createCustomer(graph, 'Bulk Customer')).id;
  partnerA = await seedPartner(graph, { name: 'Bulk Partner A' });
  partnerB = await seedPartner(graph, { name: 'Bulk Partner B' });
  // Generated deals, created one second apart over the last hours (so creation order is theirs).
  await graph.crm.transaction(async (manager) => {
    await manager.query(`SET LOCAL statement_timeout = 0`);
    await manager.query(
      `INSERT INTO crm.deals (title, amount, currency, stage, customer_id, created_at, updated_at)
       SELECT 'Bulk ' || g, (g % 5000 + 1)::numeric(18,2), 'EUR', 'PROSPECTING', $1,
         now() - make_interval(secs => 100000 - g), now() - make_interval(secs => 100000 - g)
       FROM generate_series(1, $2) g`,
      [customerId, GENERATED],
    );
  });
  for (const [list, partner, count] of [
    [sourcedByA, () => partnerA, 3],
    [sourcedByB, () => partnerB, 2],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const deal = await createDeal(graph, { customerId, title: `Sourced ${i}` });
      await attributeDeal(graph, deal.id, partner());
      list.push(deal.id);
    }
  }
  await createKey('bi-export', { role: 'ANALYST', canExport: true });
  await createKey('bi-plain', { role: 'ANALYST' });
  await createKey('a-export', { role: 'PARTNER', partnerId: partnerA, canExport: true });
}, 180_000);
afterAll(async () => {
  await graph?.stop();
});

describe('an export-scoped key pulls a whole type in 1,000-row pages', () => {
  test('the scope is on the key, shown to ADMIN', async () => {
    const listed = await graph.query<{ apiKeys: { edges: { node: { id: string; canExport: boolean } }[] } }>(
      `{ apiKeys(first: 10) { edges { node { id canExport } } } }`,
    );
    const scopes = Object.fromEntries(
      listed.data!.apiKeys.edges.map((edge) => [edge.node.id, edge.node.canExport]),
    );
    expect(scopes[keyId['bi-export']]).toBe(true);
    expect(scopes[keyId['bi-plain']]).toBe(false);
    expect(scopes[keyId['a-export']]).toBe(true);
  });

  test('walks every deal exactly once while deals are created, changed and deleted between pages', async () => {
    const before = (await graph.crm.query(`SELECT id FROM crm.deals WHERE deleted_at IS NULL`)) as {
      id: string;
    }[];
    const initial = new Set(before.map((row) => row.id));
    expect(initial.size).toBe(GENERATED + 5);
    const created: string[] = [];
    const deleted: string[] = [];
    const changed: string[] = [];
    const { seen, sizes } = await walk(key['bi-export'], EXPORT_PAGE_SIZE, async (page) => {
      // Between pages: a new deal (through the API), a change to a deal already read and to one
      // not yet read, and a deletion of a deal not yet read.
      created.push((await createDeal(graph, { customerId, title: `During walk ${page}` })).id);
      const [early] = before.slice(page * 10, page * 10 + 1);
      const [late] = before.slice(-(page + 1) * 10);
      for (const row of [early, late]) {
        const moved = await graph.query(
          `mutation($id: ID!) { updateDeal(id: $id, input: { title: "Changed" }) { id } }`,
          {
            id: row.id,
          },
        );
        expect(moved.errors).toBeUndefined();
        changed.push(row.id);
      }
      const [{ id: gone }] = (await graph.crm.query(
        `WITH gone AS (UPDATE crm.deals SET deleted_at = now() WHERE id = (
           SELECT id FROM crm.deals WHERE deleted_at IS NULL AND title LIKE 'Bulk %' ORDER BY created_at DESC, id DESC LIMIT 1)
         RETURNING id) SELECT id FROM gone`,
      )) as { id: string }[];
      deleted.push(gone);
    });
    // Pages of 1,000 (the last one the rest).
    expect(sizes.slice(0, -1).every((size) => size === EXPORT_PAGE_SIZE)).toBe(true);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    // Never a row twice; every row that lived through the walk exactly once; rows deleted before
    // their page came are not read; rows created during the walk come at its end (creation order).
    expect(new Set(seen).size).toBe(seen.length);
    const seenSet = new Set(seen);
    const survivors = [...initial].filter((id) => !deleted.includes(id));
    expect(survivors.filter((id) => !seenSet.has(id))).toEqual([]);
    expect(deleted.filter((id) => seenSet.has(id))).toEqual([]);
    expect(created.every((id) => seenSet.has(id))).toBe(true);
    expect(changed.every((id) => seenSet.has(id) || deleted.includes(id))).toBe(true);
    expect(seen.length).toBe(survivors.length + created.length);
  });

  test('an incremental pull in UPDATED_AT order, 1,000 rows a page, keyset on (updatedAt, id)', async () => {
    const since = new Date(Date.now() - 200_000 * 1000).toISOString();
    const response = await withKey<{ deals: { edges: { node: { id: string; updatedAt: string } }[] } }>(
      key['bi-export'],
      `query($since: DateTimeISO!) { deals(first: 1000, filter: { updatedAt: { gte: $since } }, orderBy: { field: UPDATED_AT }) {
        edges { node { id updatedAt } } } }`,
      { since },
    );
    expect(response.errors).toBeUndefined();
    const stamps = response.data!.deals.edges.map((edge) => edge.node.updatedAt);
    expect(stamps).toHaveLength(1000);
    expect([...stamps].sort()).toEqual(stamps);
  });

  test('1,001 rows is BAD_USER_INPUT even with the scope', async () => {
    expect(codes(await withKey(key['bi-export'], NARROW, { first: EXPORT_PAGE_SIZE + 1 }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    // Wider rows at 1,001 are refused by the gateway's cost limit before a subgraph is asked.
    expect(codes(await withKey(key['bi-export'], PAGE, { first: EXPORT_PAGE_SIZE + 1 }))).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
  });
});

describe('without the scope the page stays at most 100', () => {
  test('a key without the export scope asking 1,000 rows gets BAD_USER_INPUT; 100 is fine', async () => {
    const refused = await withKey(key['bi-plain'], `{ deals(first: 1000) { edges { node { id } } } }`);
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.data ?? null).toBeNull();
    const fine = await withKey(key['bi-plain'], PAGE, { first: MAX_PAGE_SIZE });
    expect(fine.errors).toBeUndefined();
    expect(fine.data!.deals.edges).toHaveLength(MAX_PAGE_SIZE);
  });

  test('a user token (even ADMIN) keeps 100: the scope belongs to keys, and a token claim is ignored', async () => {
    expect(codes(await graph.query(`{ deals(first: 1000) { edges { node { id } } } }`))).toEqual([
      'BAD_USER_INPUT',
    ]);
    // A validly signed user token that claims the scope: the claim is not read from user tokens.
    const token = await new SignJWT({ role: 'ANALYST', canExport: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user:forger')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(jwtSecret()));
    const forged = await postGraphQL(
      graph.gateway.url,
      `{ deals(first: 1000) { edges { node { id } } } }`,
      {},
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(codes(forged)).toEqual(['BAD_USER_INPUT']);
  });

  test('nested lists keep 100 for an export-scoped key', async () => {
    const nested = await withKey(
      key['bi-export'],
      `query($id: ID!) { customer(id: $id) { deals(first: 1000) { edges { node { id } } } } }`,
      {
        id: customerId,
      },
    );
    expect(codes(nested)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('only ADMIN grants the export scope', () => {
  test('a partner admin cannot mint an export key, nor grant the scope to its key; nothing is written', async () => {
    const admin = await partnerUser(graph, partnerA);
    const [{ n: before }] = (await graph.prm.query(`SELECT count(*)::int AS n FROM prm.api_keys`)) as {
      n: number;
    }[];
    const minted = await graph.query(
      CREATE_KEY,
      { input: { name: 'sneaky', role: 'PARTNER', canExport: true } },
      admin,
    );
    expect(codes(minted)).toEqual(['FORBIDDEN']);
    const [{ n: after }] = (await graph.prm.query(`SELECT count(*)::int AS n FROM prm.api_keys`)) as {
      n: number;
    }[];
    expect(after).toBe(before);

    const own = await createKey('a-plain', { role: 'PARTNER' }, admin);
    expect(own.canExport).toBe(false);
    const grant = `mutation($id: ID!, $on: Boolean!) { setApiKeyExportScope(id: $id, canExport: $on) { id canExport } }`;
    expect(codes(await graph.query(grant, { id: keyId['a-plain'], on: true }, admin))).toEqual(['FORBIDDEN']);
    for (const role of ['CHANNEL_MANAGER', 'ANALYST', 'SALES'] as const) {
      expect(
        codes(await graph.query(grant, { id: keyId['a-plain'], on: true }, { sub: `user:${role}`, role })),
      ).toEqual(['FORBIDDEN']);
    }
    const [row] = (await graph.prm.query(`SELECT can_export FROM prm.api_keys WHERE id = $1`, [
      keyId['a-plain'],
    ])) as {
      can_export: boolean;
    }[];
    expect(row.can_export).toBe(false);
  });

  test('ADMIN grants and withdraws it; the key follows (cache off in this test)', async () => {
    const grant = `mutation($id: ID!, $on: Boolean!) { setApiKeyExportScope(id: $id, canExport: $on) { id canExport } }`;
    expect(codes(await withKey(key['bi-plain'], NARROW, { first: 1000 }))).toEqual(['BAD_USER_INPUT']);
    const granted = await graph.query(grant, { id: keyId['bi-plain'], on: true });
    expect(granted.data).toEqual({ setApiKeyExportScope: { id: keyId['bi-plain'], canExport: true } });
    const big = await withKey(key['bi-plain'], PAGE, { first: 1000 });
    expect(big.errors).toBeUndefined();
    expect(big.data!.deals.edges).toHaveLength(1000);
    await graph.query(grant, { id: keyId['bi-plain'], on: false });
    expect(codes(await withKey(key['bi-plain'], NARROW, { first: 1000 }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe("a partner's export key reads only its own partner's rows", () => {
  test('its walk, a filter naming the other partner’s deals, and the other side’s cursor', async () => {
    const { seen } = await walk(key['a-export'], EXPORT_PAGE_SIZE);
    expect(seen.sort()).toEqual([...sourcedByA].sort());
    const named = await withKey(key['a-export'], PAGE, { first: 1000, filter: { id: { in: sourcedByB } } });
    expect(named.data!.deals.edges).toEqual([]);
    // A cursor from ADMIN's walk over everything still pages only A's rows.
    const admin = await withKey(key['bi-export'], PAGE, { first: 10 });
    const after = admin.data!.deals.pageInfo.endCursor;
    const paged = await withKey(key['a-export'], PAGE, { first: 1000, after });
    expect(paged.data!.deals.edges.every((edge) => sourcedByA.includes(edge.node.id))).toBe(true);
    expect(graph.scopeViolations()).toEqual([]);
  });
});

describe('the gateway cost limit: flat 1,000-row pages fit the scope, nested fan-out does not', () => {
  const schema = clientSchema();
  const cost = (query: string, maxRootPageSize?: number) => {
    const document = parse(query);
    return operationCost(schema, document, document.definitions[0] as OperationDefinitionNode, {
      maxRootPageSize,
    });
  };
  const FLAT = `{ deals(first: 1000) { totalCount edges { cursor node { id title amount currency stage expectedCloseDate closedAt createdAt updatedAt } } pageInfo { endCursor hasNextPage } } }`;
  const NESTED = `{ customers(first: 1000) { edges { node { id deals(first: 10) { edges { node { id } } } } } } }`;

  test('a flat 1,000-row page costs as a 100-row page for the scope, and as 1,000 rows for anyone else', () => {
    expect(cost(FLAT, EXPORT_PAGE_SIZE)).toBe(cost(FLAT.replace('first: 1000', 'first: 100')));
    expect(cost(FLAT, EXPORT_PAGE_SIZE)).toBeLessThan(DEFAULT_QUERY_LIMITS.maxCost);
    expect(cost(FLAT)).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
    // The same page through a fragment on Query costs the same (fragment costs are kept apart by
    // where they are spread, so a root discount never reaches a nested spread).
    const viaRootFragment = `{ ...Q } fragment Q on Query ${FLAT}`;
    expect(cost(viaRootFragment, EXPORT_PAGE_SIZE)).toBe(cost(FLAT, EXPORT_PAGE_SIZE));
    // Above the scope's page the discount stops: 1,001 flat rows count as 1,001.
    expect(cost(FLAT.replace('first: 1000', 'first: 1001'), EXPORT_PAGE_SIZE)).toBe(
      cost(FLAT.replace('first: 1000', 'first: 1001')),
    );
  });

  test('a nested list under a 1,000-row page counts per row, scope or not', () => {
    expect(cost(NESTED, EXPORT_PAGE_SIZE)).toBe(cost(NESTED));
    expect(cost(NESTED, EXPORT_PAGE_SIZE)).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
    // Through a fragment too.
    const viaFragment = `{ customers(first: 1000) { edges { node { ...C } } } } fragment C on Customer { id deals(first: 10) { edges { node { id } } } }`;
    expect(cost(viaFragment, EXPORT_PAGE_SIZE)).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
  });

  test('through the gateway: the export key’s flat page passes, its nested fan-out is refused', async () => {
    const flat = await withKey(key['bi-export'], FLAT);
    expect(flat.errors).toBeUndefined();
    const nested = await withKey(key['bi-export'], NESTED);
    expect(codes(nested)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(nested.errors![0].message).toMatch(/cost limit/i);
    // The same flat page without the scope is refused by the cost limit before any subgraph is asked.
    const plain = await withKey(key['bi-plain'], FLAT);
    expect(codes(plain)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});
