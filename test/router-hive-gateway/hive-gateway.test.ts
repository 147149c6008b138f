import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { seedAll } from '../../scripts/environment';
import { ROUTER_TOKEN_HEADER } from '@sales-graph/shared/auth/router-contract';
import {
  IDENTITY_HEADER,
  signForwardedIdentity,
  signUserToken,
  type Identity,
} from '@sales-graph/shared/auth/identity';
import { jwtSecret } from '@sales-graph/shared/config';
import { startHiveGateway, type RunningHiveGateway } from './hive-gateway';
import { activePartner, ADMIN, codes, partnerUser, postGraphQL, startTestGraph } from '../support';
import type { Data, TestGraph } from '../support';

/**
 * The Hive Gateway swap: a stock Hive Gateway serving the committed supergraph.graphql unchanged,
 * configured only (gateway/hive-gateway.config.ts: the caller's Authorization passed on, one
 * static router credential per subgraph), answers the headline query exactly as our gateway does,
 * as ADMIN and as a partner (user token and API key). Beside it, the router contract refuses a
 * caller that talks to a subgraph directly with only its own token.
 */
const HEADLINE = `query Headline($id: ID!) {
  customer(id: $id) {
    id
    name
    deals(first: 50) {
      totalCount
      edges { node { id title amount currency stage sourcedBy { id name tier } lead { id source status referredBy { id name } } } }
    }
  }
}`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`;
const APPLY = `mutation Apply($input: PartnerApplicationInput!) { submitPartnerApplication(input: $input) { received reference } }`;
const ME = `{ me { sub role partner { id status } } }`;

const ROUTER_TOKENS = {
  customers: randomBytes(32).toString('base64url'),
  partners: randomBytes(32).toString('base64url'),
};
const saved = { customers: process.env.CUSTOMERS_ROUTER_TOKEN, partners: process.env.PARTNERS_ROUTER_TOKEN };

let graph: TestGraph;
let hive: RunningHiveGateway;
let customerId: string;
let partner: Identity;
let partnerKey: string;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const asUser = async (url: string, query: string, variables: Record<string, unknown>, who: Identity) =>
  postGraphQL<Data>(url, query, variables, bearer(await graph.token(who)));

async function must<T = Data>(query: string, variables: Record<string, unknown>, who: Identity = ADMIN) {
  const response = await graph.query<T>(query, variables, who);
  if (!response.data || response.errors) throw new Error(`${query}: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** A demo customer with partner-sourced and direct deals side by side, and the partner of one. */
async function headlineCustomer(): Promise<{ customerId: string; partnerId: string }> {
  const attributions: { deal_id: string; partner_id: string }[] = await graph.prm.query(
    `SELECT a.deal_id, a.partner_id FROM prm.deal_attributions a
     JOIN prm.partners p ON p.id = a.partner_id AND p.status = 'ACTIVE' WHERE a.deleted_at IS NULL`,
  );
  const sourced = new Map(attributions.map((row) => [row.deal_id, row.partner_id]));
  const deals: { id: string; customer_id: string }[] = await graph.crm.query(
    `SELECT id, customer_id FROM crm.deals WHERE deleted_at IS NULL ORDER BY customer_id, id`,
  );
  const byCustomer = new Map<string, string[]>();
  for (const deal of deals)
    byCustomer.set(deal.customer_id, [...(byCustomer.get(deal.customer_id) ?? []), deal.id]);
  for (const [id, dealIds] of byCustomer) {
    const partnerIds = dealIds.map((dealId) => sourced.get(dealId)).filter(Boolean) as string[];
    if (partnerIds.length > 0 && partnerIds.length < dealIds.length && dealIds.length <= 50) {
      return { customerId: id, partnerId: partnerIds[0] };
    }
  }
  throw new Error('the demo data has no customer with sourced and direct deals');
}

beforeAll(async () => {
  process.env.CUSTOMERS_ROUTER_TOKEN = ROUTER_TOKENS.customers;
  process.env.PARTNERS_ROUTER_TOKEN = ROUTER_TOKENS.partners;
  graph = await startTestGraph();
  await seedAll({ crm: graph.crm, prm: graph.prm, embedded: false, close: async () => undefined });
  const picked = await headlineCustomer();
  customerId = picked.customerId;
  partner = await partnerUser(graph, picked.partnerId);
  partnerKey = (await must(CREATE_KEY, { input: { name: 'portal sync', role: 'PARTNER' } }, partner))
    .createApiKey.key;
  hive = await startHiveGateway({
    CUSTOMERS_URL: graph.customers.url,
    PARTNERS_URL: graph.partners.url,
    CUSTOMERS_ROUTER_TOKEN: ROUTER_TOKENS.customers,
    PARTNERS_ROUTER_TOKEN: ROUTER_TOKENS.partners,
  });
});

afterAll(async () => {
  await hive?.close();
  await graph?.stop();
  for (const name of ['customers', 'partners'] as const) {
    const variable = `${name.toUpperCase()}_ROUTER_TOKEN`;
    if (saved[name] === undefined) delete process.env[variable];
    else process.env[variable] = saved[name];
  }
});

describe('the headline query through Hive Gateway and through our gateway', () => {
  /** Both answers for the same caller (headers), side by side. */
  const both = async (headers: Record<string, string>) => {
    const ours = await postGraphQL<Data>(graph.gateway.url, HEADLINE, { id: customerId }, headers);
    const theirs = await postGraphQL<Data>(hive.url, HEADLINE, { id: customerId }, headers);
    return { ours, theirs };
  };

  test('as ADMIN: the same data, partner-sourced and direct deals side by side', async () => {
    const { ours, theirs } = await both(bearer(await graph.token(ADMIN)));
    expect(ours.errors).toBeUndefined();
    expect(theirs.errors).toBeUndefined();
    const deals = ours.data!.customer.deals;
    const sourced = deals.edges.filter((edge: Data) => edge.node.sourcedBy).length;
    expect(sourced).toBeGreaterThan(0);
    expect(sourced).toBeLessThan(deals.totalCount);
    expect(theirs.data).toEqual(ours.data);
  });

  test('as a partner user (its token): the same data, scoped to its own partner', async () => {
    const { ours, theirs } = await both(bearer(await graph.token(partner)));
    expect(codes(ours)).toEqual([]);
    expect(ours.data!.customer.deals.totalCount).toBeGreaterThan(0);
    for (const edge of ours.data!.customer.deals.edges) {
      expect(edge.node.sourcedBy.id).toBe(partner.partnerId);
    }
    expect(theirs.data).toEqual(ours.data);
    expect(codes(theirs)).toEqual(codes(ours));
  });

  test('as a partner integration (its API key): the same data as its user', async () => {
    const { ours, theirs } = await both(bearer(partnerKey));
    expect(codes(ours)).toEqual([]);
    expect(theirs.data).toEqual(ours.data);
    const asUserToo = await postGraphQL<Data>(
      hive.url,
      HEADLINE,
      { id: customerId },
      bearer(await graph.token(partner)),
    );
    expect(theirs.data).toEqual(asUserToo.data);
  });

  test('the identity each subgraph honours is the caller itself', async () => {
    const viaHive = await postGraphQL<Data>(hive.url, ME, {}, bearer(partnerKey));
    const viaOurs = await postGraphQL<Data>(graph.gateway.url, ME, {}, bearer(partnerKey));
    expect(codes(viaHive)).toEqual([]);
    expect(viaHive.data).toEqual(viaOurs.data);
    expect(viaHive.data!.me).toMatchObject({ role: 'PARTNER', partner: { id: partner.partnerId } });
  });
});

test('an Idempotency-Key goes through Hive Gateway too: a retried mutation answers its first result', async () => {
  const create = `mutation { createCustomer(input: { name: "Retried Through Hive" }) { id name } }`;
  const headers = { ...bearer(await graph.token(ADMIN)), 'idempotency-key': 'hive-retry-1' };
  const first = await postGraphQL<Data>(hive.url, create, {}, headers);
  const retry = await postGraphQL<Data>(hive.url, create, {}, headers);
  expect(codes(first)).toEqual([]);
  expect(retry.data).toEqual(first.data);
  const rows: unknown[] = await graph.crm.query(`SELECT id FROM crm.customers WHERE name = $1`, [
    'Retried Through Hive',
  ]);
  expect(rows).toHaveLength(1);
});

describe('what Hive Gateway cannot get past the subgraphs', () => {
  test('no token: UNAUTHENTICATED, as at our gateway', async () => {
    const theirs = await postGraphQL<Data>(hive.url, HEADLINE, { id: customerId });
    expect(theirs.data?.customer ?? null).toBeNull();
    expect(codes(theirs)).toContain('UNAUTHENTICATED');
  });

  test('its configured limits: no introspection, no deep operations', async () => {
    const introspection = await postGraphQL<Data>(
      hive.url,
      `{ __schema { queryType { name } } }`,
      {},
      bearer(await graph.token(ADMIN)),
    );
    expect(introspection.data?.__schema ?? null).toBeNull();
    expect(introspection.errors?.length).toBeGreaterThan(0);
    const deep = `{ customers(first: 1) { edges { node { deals(first: 1) { edges { node { customer { deals(first: 1) { edges { node { customer { id } } } } } } } } } } } }`;
    const refused = await postGraphQL<Data>(hive.url, deep, {}, bearer(await graph.token(ADMIN)));
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.length).toBeGreaterThan(0);
  });

  test('the anonymous partner application passes, as APPLICANT, and nothing else does', async () => {
    const input = {
      companyName: 'Hive Routed Partners Ltd',
      type: 'RESELLER',
      region: 'EMEA',
      domain: 'hive-routed.example',
      contactName: 'Rita Router',
      contactEmail: 'rita@hive-routed.example',
    };
    const applied = await postGraphQL<Data>(hive.url, APPLY, { input });
    expect(codes(applied)).toEqual([]);
    expect(applied.data).toEqual({
      submitPartnerApplication: { received: true, reference: expect.any(String) },
    });
    const rows = await graph.prm.query(
      `SELECT status FROM prm.partners WHERE domain = 'hive-routed.example'`,
    );
    expect(rows).toEqual([{ status: 'APPLIED' }]);
    // Any other mutation without a token is refused by the subgraph that owns it, and writes nothing.
    const createPartner = await postGraphQL<Data>(
      hive.url,
      `mutation { createPartner(input: { name: "Hive Anonymous Partner", type: RESELLER, domain: "hive-routed-2.example" }) { id } }`,
    );
    expect(codes(createPartner)).toContain('UNAUTHENTICATED');
    const createCustomer = await postGraphQL<Data>(
      hive.url,
      `mutation { createCustomer(input: { name: "Hive Anonymous Customer", industry: "Retail", region: "EMEA" }) { id } }`,
    );
    expect(codes(createCustomer)).toContain('UNAUTHENTICATED');
    expect(
      await graph.crm.query(`SELECT 1 FROM crm.customers WHERE name = 'Hive Anonymous Customer'`),
    ).toEqual([]);
    expect(
      await graph.prm.query(`SELECT 1 FROM prm.partners WHERE domain = 'hive-routed-2.example'`),
    ).toEqual([]);
  });

  test('a suspended partner: its key is refused, its user reads but may not write', async () => {
    const partnerId = await activePartner(graph, 'Hive Suspended Partner');
    const user = await partnerUser(graph, partnerId);
    const key = (await must(CREATE_KEY, { input: { name: 'to suspend', role: 'PARTNER' } }, user))
      .createApiKey.key;
    expect(codes(await postGraphQL(hive.url, ME, {}, bearer(key)))).toEqual([]);
    await must(`mutation($id: ID!) { suspendPartner(id: $id, reason: "Unpaid invoices") { id } }`, {
      id: partnerId,
    });
    // The PRM forgets its membership answers when a partner changes: the next request sees SUSPENDED.
    const read = await asUser(hive.url, ME, {}, user);
    expect(codes(read)).toEqual([]);
    expect(read.data!.me.partner).toEqual({ id: partnerId, status: 'SUSPENDED' });
    const viaHive = await postGraphQL<Data>(hive.url, ME, {}, bearer(key));
    expect(codes(viaHive)).toContain('UNAUTHENTICATED');
    const write = await asUser(
      hive.url,
      CREATE_KEY,
      { input: { name: 'while suspended', role: 'PARTNER' } },
      user,
    );
    expect(codes(write)).toEqual(['FORBIDDEN']);
    const ours = await asUser(
      graph.gateway.url,
      CREATE_KEY,
      { input: { name: 'while suspended', role: 'PARTNER' } },
      user,
    );
    expect(codes(ours)).toEqual(['FORBIDDEN']);
  });
});

describe('the router contract, spoken to a subgraph directly', () => {
  const ME_PRM = `{ partners(first: 1) { totalCount } }`;
  const direct = (subgraph: 'customers' | 'partners', headers: Record<string, string>, query = ME_PRM) =>
    postGraphQL<Data>(graph[subgraph].url, query, {}, headers);
  const CRM_READ = `{ customers(first: 1) { totalCount } }`;
  const read = { customers: CRM_READ, partners: ME_PRM } as const;

  test.each(['customers', 'partners'] as const)(
    '%s: the router credential and a bearer: answered',
    async (name) => {
      const response = await direct(
        name,
        { ...bearer(await graph.token(ADMIN)), [ROUTER_TOKEN_HEADER]: ROUTER_TOKENS[name] },
        read[name],
      );
      expect(codes(response)).toEqual([]);
    },
  );

  test.each(['customers', 'partners'] as const)(
    '%s: a caller with only its own token is refused (no, a wrong or the other subgraph’s router credential)',
    async (name) => {
      const other = name === 'customers' ? 'partners' : 'customers';
      const token = bearer(await graph.token(ADMIN));
      const cases: Record<string, string>[] = [
        token,
        { ...token, [ROUTER_TOKEN_HEADER]: '' },
        { ...token, [ROUTER_TOKEN_HEADER]: randomBytes(32).toString('base64url') },
        { ...token, [ROUTER_TOKEN_HEADER]: `${ROUTER_TOKENS[name]}x` },
        { ...token, [ROUTER_TOKEN_HEADER]: ROUTER_TOKENS[other] },
        { ...token, [ROUTER_TOKEN_HEADER]: `dev-only-${name}-router-token` },
      ];
      for (const headers of cases) {
        const response = await direct(name, headers, read[name]);
        expect([headers[ROUTER_TOKEN_HEADER], response.status, codes(response)]).toEqual([
          headers[ROUTER_TOKEN_HEADER],
          401,
          ['UNAUTHENTICATED'],
        ]);
        expect(response.data ?? null).toBeNull();
      }
    },
  );

  test.each(['customers', 'partners'] as const)(
    '%s: the router credential with a forged, expired, service or forwarded token is refused',
    async (name) => {
      const now = Math.floor(Date.now() / 1000);
      const sign = (claims: Record<string, unknown>, secret = jwtSecret()) =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('user:mallory')
          .setIssuedAt(now - 7200)
          .setExpirationTime(now + 3600)
          .sign(new TextEncoder().encode(secret));
      const tokens = [
        await sign({ role: 'ADMIN' }, 'not-the-jwt-secret-at-all-not-it'),
        await new SignJWT({ role: 'ADMIN' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('user:mallory')
          .setIssuedAt(now - 7200)
          .setExpirationTime(now - 3600)
          .sign(new TextEncoder().encode(jwtSecret())),
        await sign({ role: 'SERVICE' }),
        await sign({ role: 'APPLICANT' }),
        // The gateway's forwarded identity is no bearer token.
        await signForwardedIdentity(ADMIN, name),
        `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ sub: 'x', role: 'ADMIN', exp: now + 60 })).toString('base64url')}.`,
        'sgk_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      ];
      for (const token of tokens) {
        const response = await direct(
          name,
          { ...bearer(token), [ROUTER_TOKEN_HEADER]: ROUTER_TOKENS[name] },
          read[name],
        );
        expect([token.slice(0, 20), codes(response)]).toEqual([token.slice(0, 20), ['UNAUTHENTICATED']]);
      }
      // Malformed Authorization headers too.
      for (const authorization of ['Basic YWRtaW46YWRtaW4=', 'Bearer', '']) {
        const response = await direct(
          name,
          { authorization, [ROUTER_TOKEN_HEADER]: ROUTER_TOKENS[name] },
          read[name],
        );
        expect([authorization, codes(response)]).toEqual([authorization, ['UNAUTHENTICATED']]);
      }
    },
  );

  test('without a bearer, the router credential admits only the application, as APPLICANT', async () => {
    const token = { [ROUTER_TOKEN_HEADER]: ROUTER_TOKENS.partners };
    for (const query of [ME_PRM, `{ _service { sdl } }`, `{ me { role } }`, `query { __typename }`]) {
      expect([query, codes(await direct('partners', token, query))]).toEqual([query, ['UNAUTHENTICATED']]);
    }
    const crm = await direct('customers', { [ROUTER_TOKEN_HEADER]: ROUTER_TOKENS.customers }, CRM_READ);
    expect(codes(crm)).toEqual(['UNAUTHENTICATED']);
  });

  test('our gateway’s signed identity still works, and wins over a router credential', async () => {
    const forwarded = { [IDENTITY_HEADER]: await signForwardedIdentity(ADMIN, 'partners') };
    expect(codes(await direct('partners', forwarded))).toEqual([]);
    // A wrong router credential beside a valid forwarded identity changes nothing...
    expect(codes(await direct('partners', { ...forwarded, [ROUTER_TOKEN_HEADER]: 'wrong' }))).toEqual([]);
    // ...and a forged forwarded identity is not rescued by a valid router credential and bearer.
    const forged = {
      [IDENTITY_HEADER]: await signForwardedIdentity(ADMIN, 'customers'),
      [ROUTER_TOKEN_HEADER]: ROUTER_TOKENS.partners,
      ...bearer(await signUserToken(ADMIN)),
    };
    expect(codes(await direct('partners', forged))).toEqual(['UNAUTHENTICATED']);
  });
});

test('with the development defaults on both sides (npm run hive-gateway as committed), the same answer', async () => {
  delete process.env.CUSTOMERS_ROUTER_TOKEN;
  delete process.env.PARTNERS_ROUTER_TOKEN;
  const devHive = await startHiveGateway({
    CUSTOMERS_URL: graph.customers.url,
    PARTNERS_URL: graph.partners.url,
  });
  try {
    const headers = bearer(await graph.token(ADMIN));
    const theirs = await postGraphQL<Data>(devHive.url, HEADLINE, { id: customerId }, headers);
    const ours = await postGraphQL<Data>(graph.gateway.url, HEADLINE, { id: customerId }, headers);
    expect(codes(theirs)).toEqual([]);
    expect(theirs.data).toEqual(ours.data);
    // The configured Hive Gateway's credentials are no longer the subgraphs': refused.
    const stale = await postGraphQL<Data>(hive.url, ME, {}, headers);
    expect(codes(stale)).toContain('UNAUTHENTICATED');
  } finally {
    await devHive.close();
  }
});
