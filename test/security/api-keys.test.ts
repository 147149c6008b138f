import {
  startTestGraph,
  postGraphQL,
  type GraphQLResponse,
  type TestGraph,
} from '../../shared/src/testing/graph';

/** Long-lived API keys for BI tools and partner integrations: shown once, stored hashed, revocable. */
let graph: TestGraph;
let partnerA: string;
let partnerB: string;
const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => e.extensions?.code);
const withKey = (key: string, query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(graph.gateway.url, query, variables, { authorization: `Bearer ${key}` });

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name role partnerId prefix } } }`;
interface Created {
  createApiKey: {
    key: string;
    apiKey: { id: string; name: string; role: string; partnerId: string | null; prefix: string };
  };
}

beforeAll(async () => {
  graph = await startTestGraph({ gateway: { apiKeyCacheMs: 0 } });
  const partner = async (name: string) =>
    (
      await graph.query<{ createPartner: { id: string } }>(
        `mutation($n: String!) { createPartner(input: { name: $n, type: RESELLER, status: ACTIVE }) { id } }`,
        { n: name },
      )
    ).data!.createPartner.id;
  partnerA = await partner('Key Partner A');
  partnerB = await partner('Key Partner B');
  await graph.query(`mutation { createCustomer(input: { name: "Keyed Customer" }) { id } }`);
});
afterAll(async () => {
  await graph?.stop();
});

test('a BI key is shown once, stored only as a hash, and acts as a read-only analyst', async () => {
  const created = await graph.query<Created>(CREATE, { input: { name: 'Looker nightly', role: 'ANALYST' } });
  expect(created.errors).toBeUndefined();
  const { key, apiKey } = created.data!.createApiKey;
  expect(key).toMatch(/^sgk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
  expect(key.startsWith(apiKey.prefix)).toBe(true);

  const stored = await graph.prm.query(`SELECT * FROM prm.api_keys WHERE id = $1`, [apiKey.id]);
  expect(JSON.stringify(stored)).not.toContain(key.slice(38));
  const listed = await graph.query(`{ apiKeys(first: 10) { totalCount edges { node { id name prefix } } } }`);
  expect(JSON.stringify(listed)).not.toContain(key.slice(38));

  const read = await withKey(key, `{ customers(first: 5) { totalCount } }`);
  expect(read.data).toEqual({ customers: { totalCount: 1 } });
  const write = await withKey(key, `mutation { createCustomer(input: { name: "Nope" }) { id } }`);
  expect(codes(write)).toEqual(['FORBIDDEN']);
});

test('a partner integration key acts only for its partner, and a partner cannot mint keys for others', async () => {
  const asA = { sub: 'a-admin', role: 'PARTNER' as const, partnerId: partnerA };
  const own = await graph.query<Created>(CREATE, { input: { name: 'A CRM sync', role: 'PARTNER' } }, asA);
  expect(own.data?.createApiKey.apiKey).toMatchObject({ role: 'PARTNER', partnerId: partnerA });
  const r = await withKey(own.data!.createApiKey.key, `{ partners(first: 10) { edges { node { id } } } }`);
  expect(r.data).toEqual({ partners: { edges: [{ node: { id: partnerA } }] } });

  for (const input of [
    { name: 'steal', role: 'PARTNER', partnerId: partnerB },
    { name: 'escalate', role: 'ANALYST' },
    { name: 'escalate', role: 'ADMIN' },
  ]) {
    expect(codes(await graph.query(CREATE, { input }, asA))).toEqual(['FORBIDDEN']);
  }
  const listed = await graph.query<{ apiKeys: { edges: { node: { partnerId: string } }[] } }>(
    `{ apiKeys(first: 50) { edges { node { partnerId } } } }`,
    {},
    asA,
  );
  expect(new Set(listed.data!.apiKeys.edges.map((e) => e.node.partnerId))).toEqual(new Set([partnerA]));
});

test('revoked, expired, tampered and unknown keys are UNAUTHENTICATED', async () => {
  const created = await graph.query<Created>(CREATE, { input: { name: 'short lived', role: 'ANALYST' } });
  const { key, apiKey } = created.data!.createApiKey;
  const probe = (k: string) => withKey(k, `{ customers(first: 1) { totalCount } }`);
  expect((await probe(key)).errors).toBeUndefined();

  const tampered = key.slice(0, -2) + (key.endsWith('AA') ? 'BB' : 'AA');
  const unknown = `sgk_${'0'.repeat(32)}_${'A'.repeat(43)}`;
  for (const bad of [tampered, unknown, 'sgk_nonsense']) {
    const r = await probe(bad);
    expect(r.status).toBe(401);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
  }

  const revoked = await graph.query(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, {
    id: apiKey.id,
  });
  expect(revoked.errors).toBeUndefined();
  expect(codes(await probe(key))).toEqual(['UNAUTHENTICATED']);

  const other = (await graph.query<Created>(CREATE, { input: { name: 'expiring', role: 'ANALYST' } })).data!
    .createApiKey;
  await graph.prm.query(`UPDATE prm.api_keys SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
    other.apiKey.id,
  ]);
  expect(codes(await probe(other.key))).toEqual(['UNAUTHENTICATED']);
});

test('a partner cannot revoke another partner’s key, nor see it', async () => {
  const bKey = (
    await graph.query<Created>(CREATE, { input: { name: 'B sync', role: 'PARTNER', partnerId: partnerB } })
  ).data!.createApiKey;
  const asA = { sub: 'a-admin', role: 'PARTNER' as const, partnerId: partnerA };
  const r = await graph.query(
    `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`,
    { id: bKey.apiKey.id },
    asA,
  );
  expect(codes(r)).toEqual(['NOT_FOUND']);
  expect((await withKey(bKey.key, `{ partners(first: 1) { totalCount } }`)).errors).toBeUndefined();
});
