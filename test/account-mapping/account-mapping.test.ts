import { createHash } from 'node:crypto';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { domainHash } from '@sales-graph/shared/domain';
import {
  as,
  client,
  codeOf,
  codes,
  createCustomer,
  createDeal,
  errorOf,
  partnerUser,
  postGraphQL,
  seedPartner,
  startTestGraph,
} from '../support';
import type { Data, TestGraph } from '../support';

/**
 * Account mapping, through the gateway, as the roles who use it: a partner's admin (or its API
 * key) uploads hashed domains; it sees the overlap with our customers only as the rules of
 * engagement allow (its own CHANNEL and SHARED accounts listed; DIRECT and another partner's
 * only as coarse counts; nothing before the minimum upload), a probe with one hash learns
 * nothing; a channel manager sees exact counts; another partner, a member user and internal
 * roles cannot upload or read it; lead distribution ranks partners mapping the account first.
 */
const { admin: ADMIN, sales: SALES, channelManager: CM } = as;
const { ok, query } = client(() => graph, ADMIN);

const UPLOAD = `mutation($h: [String!]!, $r: Boolean) { uploadAccountMapping(hashes: $h, replace: $r) { partnerId hashCount uploadsToday } }`;
const MAPPING = `query($p: ID) { accountMapping(partnerId: $p) { partnerId hashCount lastUploadedAt
  overlap { ready minimumHashes overlappingCustomers withOpenDeals direct channelThisPartner channelOtherPartners shared
    openPipeline { currency amount } accounts { customerId name ownership openDeals } } } }`;
const SET = `mutation($c: ID!, $o: CustomerOwnership!, $p: ID, $r: String!) {
  setCustomerOwnership(customerId: $c, ownership: $o, partnerId: $p, reason: $r) { id } }`;

let graph: TestGraph;
let alpha: string;
let bravo: string;
let alphaAdmin: Identity;
let alphaMember: Identity;
let bravoAdmin: Identity;
const domains: Record<string, string> = {};
const ids: Record<string, string> = {};

/** `n` hashes of domains that are nobody's customer (a partner's own book). */
const noise = (n: number, salt: string) =>
  Array.from({ length: n }, (_, i) =>
    createHash('sha256').update(`${salt}-${i}.unknown.example`).digest('hex'),
  );
/** As a partner computes it, from however it wrote the domain (README "Account mapping"). */
const hashOf = (key: string) => domainHash(`HTTPS://www.${domains[key]}./home`)!;

async function customer(
  key: string,
  ownership: 'DIRECT' | 'CHANNEL' | 'SHARED',
  owner: string | null = null,
) {
  domains[key] = `${key}.mapping.example`;
  const { id } = await createCustomer(graph, { name: `${key} Corp`, domain: domains[key] });
  ids[key] = id;
  if (ownership !== 'SHARED') await ok(SET, { c: id, o: ownership, p: owner, r: 'Account plan' }, SALES);
}

const mapping = async (identity: Identity, p: string | null = null) =>
  (await ok(MAPPING, { p }, identity)).accountMapping;

beforeAll(async () => {
  graph = await startTestGraph();
  alpha = await seedPartner(graph, { name: 'Alpha Mapping', tier: 'GOLD' });
  bravo = await seedPartner(graph, { name: 'Bravo Mapping', tier: 'GOLD' });
  alphaAdmin = await partnerUser(graph, alpha);
  alphaMember = await partnerUser(graph, alpha, { role: 'MEMBER' });
  bravoAdmin = await partnerUser(graph, bravo);
  for (let i = 1; i <= 6; i += 1) await customer(`direct${i}`, 'DIRECT');
  await customer('alphaowned', 'CHANNEL', alpha);
  await customer('bravoowned', 'CHANNEL', bravo);
  await customer('sharedone', 'SHARED');
  await customer('sharedtwo', 'SHARED');
  await customer('unmapped', 'SHARED');
  await createDeal(graph, {
    customerId: ids.sharedone,
    title: 'Open one',
    amount: '1200.50',
    currency: 'EUR',
  });
  await createDeal(graph, {
    customerId: ids.alphaowned,
    title: 'Open two',
    amount: '99.50',
    currency: 'EUR',
  });
  await createDeal(graph, {
    customerId: ids.alphaowned,
    title: 'Open USD',
    amount: '10.00',
    currency: 'USD',
  });
  await createDeal(graph, {
    customerId: ids.direct1,
    title: 'Direct open',
    amount: '5000.00',
    currency: 'EUR',
  });
  await createDeal(graph, { customerId: ids.sharedtwo, title: 'Won', amount: '700.00', stage: 'CLOSED_WON' });
}, 120_000);

afterAll(async () => {
  await graph?.stop();
});

describe('who may upload', () => {
  it('refuses a member user, internal roles, and malformed or oversized batches, writing nothing', async () => {
    const one = noise(1, 'who');
    expect(codeOf(await query(UPLOAD, { h: one }, alphaMember))).toBe('FORBIDDEN');
    for (const identity of [SALES, CM, ADMIN])
      expect(codeOf(await query(UPLOAD, { h: one }, identity))).toBe('FORBIDDEN');
    expect(codeOf(await query(UPLOAD, { h: ['abc'] }, alphaAdmin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await query(UPLOAD, { h: [...one, 'z'.repeat(64)] }, alphaAdmin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await query(UPLOAD, { h: noise(1_001, 'big') }, alphaAdmin))).toBe('BAD_USER_INPUT');
    const [{ n }] = await graph.prm.query(`SELECT count(*)::int AS n FROM prm.account_mapping_hashes`);
    expect(n).toBe(0);
  });
});

describe('anti-probing', () => {
  it('a single hash of a DIRECT customer: nothing before the minimum, no CRM answer', async () => {
    const uploaded = (await ok(UPLOAD, { h: [hashOf('direct1')], r: true }, alphaAdmin)).uploadAccountMapping;
    expect(uploaded).toMatchObject({ partnerId: alpha, hashCount: 1 });
    const { overlap } = await mapping(alphaAdmin);
    expect(overlap).toEqual({
      ready: false,
      minimumHashes: 100,
      overlappingCustomers: null,
      withOpenDeals: null,
      direct: null,
      channelThisPartner: null,
      channelOtherPartners: null,
      shared: null,
      openPipeline: [],
      accounts: [],
    });
  });

  it('padded to the minimum with unknown domains: the DIRECT match is suppressed, nothing identifying', async () => {
    await ok(UPLOAD, { h: [hashOf('direct1'), ...noise(99, 'pad')], r: true }, alphaAdmin);
    const answer = await mapping(alphaAdmin);
    expect(answer.hashCount).toBe(100);
    expect(answer.overlap).toMatchObject({
      ready: true,
      overlappingCustomers: 0,
      withOpenDeals: 0,
      direct: null,
      channelOtherPartners: null,
      shared: 0,
      channelThisPartner: 0,
      openPipeline: [],
      accounts: [],
    });
    expect(JSON.stringify(answer)).not.toContain(ids.direct1);
    // Its answer is the same as for 100 hashes matching nothing.
    await ok(UPLOAD, { h: noise(100, 'nothing'), r: true }, bravoAdmin);
    expect((await mapping(bravoAdmin)).overlap).toEqual(answer.overlap);
  });
});

describe('the overlap', () => {
  beforeAll(async () => {
    const mine = [
      'direct1',
      'direct2',
      'direct3',
      'direct4',
      'direct5',
      'direct6',
      'alphaowned',
      'bravoowned',
      'sharedone',
      'sharedtwo',
    ];
    await ok(UPLOAD, { h: [...mine.map(hashOf), ...noise(100, 'alpha')], r: true }, alphaAdmin);
  });

  it('the partner sees its own CHANNEL and SHARED accounts, and only coarse counts of the others', async () => {
    const answer = await mapping(alphaAdmin);
    expect(answer.hashCount).toBe(110);
    expect(answer.overlap).toEqual({
      ready: true,
      minimumHashes: 100,
      // 3 listed + 7 hidden rounded down to 5.
      overlappingCustomers: 8,
      // alphaowned and sharedone (listed) + direct1 alone (below 5: not counted).
      withOpenDeals: 2,
      direct: 5,
      channelThisPartner: 1,
      channelOtherPartners: null,
      shared: 2,
      openPipeline: [
        { currency: 'EUR', amount: '1300.00' },
        { currency: 'USD', amount: '10.00' },
      ],
      accounts: [
        { customerId: ids.alphaowned, name: 'alphaowned Corp', ownership: 'CHANNEL', openDeals: 2 },
        { customerId: ids.sharedone, name: 'sharedone Corp', ownership: 'SHARED', openDeals: 1 },
        { customerId: ids.sharedtwo, name: 'sharedtwo Corp', ownership: 'SHARED', openDeals: 0 },
      ],
    });
    const text = JSON.stringify(answer);
    for (const hidden of ['direct1', 'direct2', 'bravoowned', 'unmapped'])
      expect(text).not.toContain(ids[hidden]);
    expect(text).not.toContain('direct1 Corp');
  });

  it('a channel manager and an admin see the exact counts of a partner; another partner gets NOT_FOUND', async () => {
    for (const identity of [CM, ADMIN]) {
      const answer = await mapping(identity, alpha);
      expect(answer.overlap).toMatchObject({
        overlappingCustomers: 10,
        withOpenDeals: 3,
        direct: 6,
        channelThisPartner: 1,
        channelOtherPartners: 1,
        shared: 2,
      });
      expect(answer.overlap.accounts.map((a: Data) => a.customerId)).toEqual([
        ids.alphaowned,
        ids.sharedone,
        ids.sharedtwo,
      ]);
    }
    expect(codeOf(await query(MAPPING, { p: alpha }, bravoAdmin))).toBe('NOT_FOUND');
    expect(codeOf(await query(MAPPING, { p: alpha }, SALES))).toBe('FORBIDDEN');
    expect(codeOf(await query(MAPPING, {}, CM))).toBe('BAD_USER_INPUT');
    // Bravo's own mapping matches nothing of alpha's.
    expect((await mapping(bravoAdmin)).overlap.accounts).toEqual([]);
  });

  it("a partner's API key uploads for its partner; the upload is logged", async () => {
    const { key } = (
      await ok(
        `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`,
        {
          input: { name: 'crm sync', role: 'PARTNER' },
        },
        alphaAdmin,
      )
    ).createApiKey;
    const response = await postGraphQL<{ uploadAccountMapping: Data }>(
      graph.gateway.url,
      UPLOAD,
      { h: noise(3, 'key') },
      { authorization: `Bearer ${key}` },
    );
    expect(codes(response)).toEqual([]);
    expect(response.data!.uploadAccountMapping).toMatchObject({ partnerId: alpha, hashCount: 113 });
    const log: Data[] = await graph.prm.query(
      `SELECT uploaded_by, hashes, replaced FROM prm.account_mapping_uploads WHERE partner_id = $1 ORDER BY uploaded_at DESC LIMIT 1`,
      [alpha],
    );
    expect(log[0]).toMatchObject({ hashes: 3, replaced: false });
    expect(log[0].uploaded_by).toMatch(/^apikey:/);
  });

  it('refuses an upload past the daily limit (RATE_LIMITED) and one past the total cap, storing nothing', async () => {
    await graph.prm.query(
      `INSERT INTO prm.account_mapping_uploads (partner_id, uploaded_by, uploaded_at, hashes, replaced, total)
       SELECT $1, 'earlier', now() - interval '1 hour', 1, false, 1 FROM generate_series(1, 60)`,
      [bravo],
    );
    const limited = await query(UPLOAD, { h: noise(1, 'late') }, bravoAdmin);
    expect(errorOf(limited).extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await mapping(bravoAdmin)).hashCount).toBe(100);
    await graph.prm.query(`DELETE FROM prm.account_mapping_uploads WHERE partner_id = $1`, [bravo]);
    // The cap, 50,000, in 50 uploads of 1,000 (the first replaces the 100 it had).
    for (let i = 0; i < 50; i += 1) await ok(UPLOAD, { h: noise(1000, `cap${i}`), r: i === 0 }, bravoAdmin);
    expect((await mapping(bravoAdmin)).hashCount).toBe(50_000);
    expect(codeOf(await query(UPLOAD, { h: noise(1, 'over') }, bravoAdmin))).toBe('BAD_USER_INPUT');
    expect((await mapping(bravoAdmin)).hashCount).toBe(50_000);
  }, 120_000);
});

describe('feeds lead distribution', () => {
  const DISTRIBUTE = `mutation($l: ID!) { distributeLead(leadId: $l) { id partner { id } } }`;
  const lead = async (customerId: string, n: string) =>
    (
      await ok(
        `mutation($c: ID, $n: String!, $e: String!) { createLead(input: { name: $n, email: $e, source: WEB, customerId: $c }) { id } }`,
        { c: customerId, n, e: `${n}@mapping.example` },
      )
    ).createLead.id as string;

  it('offers first to the partner whose mapping holds the account; the rules of engagement still win', async () => {
    await ok(
      `mutation { createDistributionRule(input: { name: "Everyone", priority: 1, responseSlaHours: 24, maxOpenOffersPerPartner: 10 }) { id } }`,
      {},
      CM,
    );
    await customer('leadtarget', 'SHARED');
    // Without mappings the tie (no offers yet) goes to the lower id: map the account for the other.
    const [, later] = [alpha, bravo].sort();
    const laterAdmin = later === alpha ? alphaAdmin : bravoAdmin;
    await ok(UPLOAD, { h: [hashOf('leadtarget'), ...noise(100, 'lead')], r: true }, laterAdmin);
    const offer = (await ok(DISTRIBUTE, { l: await lead(ids.leadtarget, 'mapped') }, CM)).distributeLead;
    expect(offer.partner.id).toBe(later);
    // direct1 is in alpha's mapping, but a DIRECT account's lead is never offered.
    const direct = await query(DISTRIBUTE, { l: await lead(ids.direct1, 'direct') }, CM);
    expect(errorOf(direct).extensions).toMatchObject({ code: 'CONFLICT' });
  });
});
