import { statementCounter } from '@sales-graph/shared/db/datasource';
import { codes, createCustomer, postGraphQL, seedPartner, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/** Long-lived API keys for BI tools and partner integrations: shown once, stored hashed, revocable. */
let graph: TestGraph;
let partnerA: string;
let partnerB: string;
/** A's active admin user, and an active member of A: a PARTNER token's sub is its PartnerUser.id. */
let asA: { sub: string; role: 'PARTNER'; partnerId: string };
let memberOfA: { sub: string; role: 'PARTNER'; partnerId: string };
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
  const partner = (name: string) => seedPartner(graph, { name });
  partnerA = await partner('Key Partner A');
  partnerB = await partner('Key Partner B');
  const activeUser = async (email: string, role: 'ADMIN' | 'MEMBER') => {
    const invited = await graph.query<{ invitePartnerUser: { id: string } }>(
      `mutation($input: InvitePartnerUserInput!) { invitePartnerUser(input: $input) { id } }`,
      { input: { partnerId: partnerA, email, name: email, role } },
    );
    const id = invited.data!.invitePartnerUser.id;
    const activated = await graph.query(`mutation($id: ID!) { activatePartnerUser(id: $id) { status } }`, {
      id,
    });
    expect(activated.data).toEqual({ activatePartnerUser: { status: 'ACTIVE' } });
    return { sub: id, role: 'PARTNER' as const, partnerId: partnerA };
  };
  asA = await activeUser('admin@key-a.example', 'ADMIN');
  memberOfA = await activeUser('member@key-a.example', 'MEMBER');
  await createCustomer(graph, 'Keyed Customer');
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
  const r = await graph.query(
    `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`,
    { id: bKey.apiKey.id },
    asA,
  );
  expect(codes(r)).toEqual(['NOT_FOUND']);
  expect((await withKey(bKey.key, `{ partners(first: 1) { totalCount } }`)).errors).toBeUndefined();
});

test('only an active admin user of the partner issues or revokes its keys: not a member, not a key', async () => {
  const own = (await graph.query<Created>(CREATE, { input: { name: 'A ERP sync', role: 'PARTNER' } }, asA))
    .data!.createApiKey;
  const keysOfA = async () =>
    (
      await graph.prm.query(`SELECT count(*)::int AS n FROM prm.api_keys WHERE partner_id = $1`, [partnerA])
    )[0].n as number;
  const before = await keysOfA();
  expect(
    codes(await graph.query(CREATE, { input: { name: 'member key', role: 'PARTNER' } }, memberOfA)),
  ).toEqual(['FORBIDDEN']);
  expect(
    codes(
      await graph.query(
        `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`,
        { id: own.apiKey.id },
        memberOfA,
      ),
    ),
  ).toEqual(['FORBIDDEN']);
  // A partner key is no person: it cannot mint further keys either.
  expect(codes(await withKey(own.key, CREATE, { input: { name: 'key from key', role: 'PARTNER' } }))).toEqual(
    ['FORBIDDEN'],
  );
  // A token naming no partner user, or another partner's admin acting for A, is no identity at all.
  for (const who of [
    { sub: 'partner:someone', role: 'PARTNER' as const, partnerId: partnerA },
    { ...asA, partnerId: partnerB },
  ]) {
    expect(codes(await graph.query(CREATE, { input: { name: 'x', role: 'PARTNER' } }, who))).toEqual([
      'UNAUTHENTICATED',
    ]);
  }
  expect(await keysOfA()).toBe(before);
  const revoked = await graph.query<{ revokeApiKey: { id: string; revokedAt: string | null } }>(
    `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`,
    { id: own.apiKey.id },
    asA,
  );
  expect(revoked.data!.revokeApiKey).toEqual({ id: own.apiKey.id, revokedAt: expect.any(String) });
});

test('the caller’s partner user is looked up once per request, however many admin actions it makes', async () => {
  const counter = statementCounter(graph.prm);
  counter.record();
  const r = await graph.query<{ a: { apiKey: { id: string } }; b: { apiKey: { id: string } } }>(
    `mutation {
      a: createApiKey(input: { name: "one", role: "PARTNER" }) { apiKey { id } }
      b: createApiKey(input: { name: "two", role: "PARTNER" }) { apiKey { id } }
    }`,
    {},
    asA,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data!.a.apiKey.id).not.toBe(r.data!.b.apiKey.id);
  expect(counter.statements.filter((sql) => /FROM "prm"\."partner_users"/i.test(sql))).toHaveLength(1);
});

test('a partner integration key stops working when its partner is suspended', async () => {
  const key = (
    await graph.query<Created>(CREATE, {
      input: { name: 'to suspend', role: 'PARTNER', partnerId: partnerB },
    })
  ).data!.createApiKey.key;
  const probe = () => withKey(key, `{ partners(first: 1) { totalCount } }`);
  expect((await probe()).errors).toBeUndefined();
  const suspended = await graph.query(
    `mutation($id: ID!) { suspendPartner(id: $id, reason: "Contract breach") { status } }`,
    { id: partnerB },
  );
  expect(suspended.errors).toBeUndefined();
  expect(codes(await probe())).toEqual(['UNAUTHENTICATED']);
});
