import { listReader, type ListPage } from '../support/lists';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { startTestGraph, type GraphQLResponse, type TestGraph } from '../support/graph';
import { partnerUser } from '../support/partner-user';
import { seedPartner } from '../support/partners';

/**
 * A BI tool (and a partner's integration) reading the PRM root lists through the gateway with the
 * one list mechanism the CRM lists have: `filter` (and / or / not, enum lists, periods, updatedAt
 * ranges for incremental sync), `orderBy` with keyset pages, `search`; defaults unchanged; bad
 * filters BAD_USER_INPUT; and a partner's filter never widening its row scope.
 */
let graph: TestGraph;
let partnerA: Identity;
const id: Record<string, string> = {};
const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const at = (hours: number) => new Date(T0 + hours * 3600_000).toISOString();

async function admin<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) {
  const response = await graph.query<T>(query, variables);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!;
}
const codes = (response: GraphQLResponse) => (response.errors ?? []).map((error) => error.extensions?.code);

type Page = ListPage;

/** One list query with every list argument, selecting `fields`. */
function listQuery(list: string, type: string, fields: string, search = true): string {
  const searchVar = search ? ', $search: String' : '';
  const searchArg = search ? ', search: $search' : '';
  return `query($first: Int, $after: String, $filter: ${type}Filter, $orderBy: ${type}Order${searchVar}) {
    ${list}(first: $first, after: $after, filter: $filter, orderBy: $orderBy${searchArg}) {
      totalCount edges { cursor node { id ${fields} } } pageInfo { hasNextPage endCursor } } }`;
}
const Q = {
  partners: listQuery('partners', 'Partner', 'name tier'),
  partnersAtRisk: listQuery('partnersAtRisk', 'Partner', 'name'),
  dealRegistrations: listQuery(
    'dealRegistrations',
    'DealRegistration',
    'prospectCompanyName estimatedAmount',
  ),
  leadOffers: listQuery('leadOffers', 'LeadOffer', 'status respondBy', false),
  distributionRules: listQuery('distributionRules', 'DistributionRule', 'name priority'),
  apiKeys: listQuery('apiKeys', 'ApiKey', 'name'),
};
type List = keyof typeof Q;

const { ids, walk } = listReader(() => graph, Q);
const set = (...keys: string[]) => keys.map((key) => id[key]).sort();
const sorted = (values: string[]) => [...values].sort();

/** Rows written straight into the PRM (as the demo seeds do), with the stamps a test needs. */
async function insert(table: string, values: Record<string, unknown>): Promise<string> {
  const columns = Object.keys(values);
  const [row] = (await graph.prm.query(
    `INSERT INTO prm.${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    Object.values(values),
  )) as { id: string }[];
  return row.id;
}

beforeAll(async () => {
  graph = await startTestGraph();
  const partners: [string, string, string, string, string | null][] = [
    ['pA', 'Acme Resellers', 'RESELLER', 'GOLD', 'EMEA'],
    ['pB', 'Bolt Distribution', 'DISTRIBUTOR', 'SILVER', 'AMER'],
    ['pC', 'Cobalt Referrals', 'REFERRAL', 'REGISTERED', 'EMEA'],
    ['pD', 'Delta MSP', 'MSP', 'PLATINUM', null],
  ];
  for (const [key, name, type, tier, region] of partners) {
    id[key] = await seedPartner(graph, { name, type: type as 'RESELLER', tier: tier as 'GOLD', region });
  }
  id.pE = await seedPartner(graph, { name: 'Echo Suspended', status: 'SUSPENDED', region: 'APAC' });
  // Creation and change times spread out, so periods and orders are deterministic.
  for (const [i, key] of ['pA', 'pB', 'pC', 'pD', 'pE'].entries()) {
    await graph.prm.query(`UPDATE prm.partners SET created_at = $2, updated_at = $3 WHERE id = $1`, [
      id[key],
      at(i),
      at(100 - i),
    ]);
  }
  await insert('partner_tier_flags', {
    partner_id: id.pA,
    tier: 'GOLD',
    reasons: JSON.stringify(['revenue']),
    flagged_on: '2026-01-10',
    drops_on: '2026-02-10',
  });
  await insert('partner_tier_flags', {
    partner_id: id.pB,
    tier: 'SILVER',
    reasons: JSON.stringify(['win rate']),
    flagged_on: '2026-01-10',
    drops_on: '2026-02-10',
  });

  // Registrations: [key, partner, company, domain, amount, status, submitted (h), decided (h)].
  const registrations: [string, string, string, string | null, string, string, number, number | null][] = [
    ['r1', 'pA', 'Initech GmbH', 'initech.example', '48000.00', 'SUBMITTED', 1, null],
    ['r2', 'pA', 'Globex Corp', 'globex.example', '12000.00', 'APPROVED', 2, 30],
    ['r3', 'pB', 'Initrode AG', 'initrode.example', '99000.00', 'REJECTED', 3, 20],
    ['r4', 'pB', 'Umbrella plc', null, '5000.50', 'UNDER_REVIEW', 4, null],
    ['r5', 'pC', 'Hooli Inc', 'hooli.example', '75000.00', 'RETURNED', 5, 40],
  ];
  for (const [
    i,
    [key, partner, company, domain, amount, status, submitted, decided],
  ] of registrations.entries()) {
    id[key] = await insert('deal_registrations', {
      partner_id: id[partner],
      prospect_company_name: company,
      prospect_company_key: company.toLowerCase(),
      prospect_domain: domain,
      estimated_amount: amount,
      currency: 'EUR',
      expected_close_date: `2026-0${3 + i}-15`,
      status,
      submitted_at: at(submitted),
      decided_at: decided === null ? null : at(decided),
      protected_until: status === 'APPROVED' ? at(24 * 90) : null,
      created_at: at(i),
      updated_at: at(50 - i),
    });
  }

  const rule = await insert('distribution_rules', {
    name: 'EMEA first',
    priority: 20,
    enabled: true,
    response_sla_hours: 48,
    max_open_offers_per_partner: 10,
    created_at: at(0),
  });
  id.rule1 = rule;
  id.rule2 = await insert('distribution_rules', {
    name: 'Anything else',
    priority: 10,
    enabled: false,
    response_sla_hours: 24,
    max_open_offers_per_partner: 5,
    created_at: at(1),
  });
  id.rule3 = await insert('distribution_rules', {
    name: 'Big accounts',
    priority: 30,
    enabled: true,
    min_tier: 'GOLD',
    response_sla_hours: 72,
    max_open_offers_per_partner: 3,
    created_at: at(2),
  });

  // Offers: [key, partner, status, offered (h)].
  const offers: [string, string, string, number][] = [
    ['o1', 'pA', 'OFFERED', 1],
    ['o2', 'pA', 'DECLINED', 2],
    ['o3', 'pB', 'ACCEPTED', 3],
    ['o4', 'pB', 'EXPIRED', 4],
    ['o5', 'pC', 'OFFERED', 5],
  ];
  for (const [i, [key, partner, status, offered]] of offers.entries()) {
    id[key] = await insert('lead_offers', {
      lead_id: `00000000-0000-4000-8000-00000000000${i + 1}`,
      partner_id: id[partner],
      rule_id: rule,
      status,
      offered_at: at(offered),
      respond_by: at(offered + 48 - 10 * i),
      responded_at: status === 'OFFERED' ? null : at(offered + 1),
      decline_reason: status === 'DECLINED' ? 'not our region' : null,
      offered_by: 'system',
      created_at: at(i),
      updated_at: at(60 - i),
    });
  }

  // API keys: [key, partner, name, expires, revoked].
  const keys: [string, string | null, string, string | null, string | null][] = [
    ['k1', 'pA', 'Acme CRM sync', null, null],
    ['k2', 'pA', 'Acme old sync', null, at(10)],
    ['k3', 'pB', 'Bolt portal', at(-1), null],
    ['k4', null, 'Looker nightly', at(24 * 365 * 10), null],
  ];
  for (const [i, [key, partner, name, expires, revoked]] of keys.entries()) {
    id[key] = await insert('api_keys', {
      name,
      role: partner ? 'PARTNER' : 'ANALYST',
      partner_id: partner ? id[partner] : null,
      secret_hash: `hash-${key}`,
      prefix: `sk_${key}`,
      expires_at: expires,
      revoked_at: revoked,
      created_at: at(i),
    });
  }
  partnerA = await partnerUser(graph, id.pA);
}, 180_000);
afterAll(async () => {
  await graph?.stop();
});

describe('defaults are unchanged', () => {
  test('lists without arguments answer the rows in the order they always did', async () => {
    expect(await ids('partners', {})).toEqual(['pA', 'pB', 'pC', 'pD', 'pE'].map((key) => id[key]));
    expect(await ids('dealRegistrations', {})).toEqual(['r1', 'r2', 'r3', 'r4', 'r5'].map((key) => id[key]));
    expect(await ids('leadOffers', {})).toEqual(['o1', 'o2', 'o3', 'o4', 'o5'].map((key) => id[key]));
    expect(await ids('apiKeys', {})).toEqual(['k1', 'k2', 'k3', 'k4'].map((key) => id[key]));
    // Distribution rules: the order they are tried in (priority), as before.
    expect(await ids('distributionRules', {})).toEqual([id.rule2, id.rule1, id.rule3]);
  });

  test('the first plain filter fields still work as they did', async () => {
    const { dealRegistrations } = await admin<{ dealRegistrations: Page }>(
      `query($f: DealRegistrationFilter) { dealRegistrations(filter: $f) { totalCount edges { node { id } } } }`,
      { f: { status: 'APPROVED', partnerId: id.pA, prospectDomain: 'https://www.GLOBEX.example/about' } },
    );
    expect(dealRegistrations.edges.map((edge) => edge.node.id)).toEqual([id.r2]);
    expect(await ids('dealRegistrations', { filter: { prospectDomain: '' } })).toHaveLength(5);
    expect(await ids('leadOffers', { filter: { status: 'OFFERED', partnerId: id.pC } })).toEqual([id.o5]);
    expect(await ids('leadOffers', { filter: { leadId: '00000000-0000-4000-8000-000000000002' } })).toEqual([
      id.o2,
    ]);
  });
});

describe('partners', () => {
  test('by type, tier, status and region, with and / or / not', async () => {
    expect(await ids('partners', { filter: { type: { eq: 'DISTRIBUTOR' } } })).toEqual([id.pB]);
    expect(sorted(await ids('partners', { filter: { tier: { in: ['GOLD', 'PLATINUM'] } } }))).toEqual(
      set('pA', 'pD'),
    );
    expect(await ids('partners', { filter: { status: { eq: 'SUSPENDED' } } })).toEqual([id.pE]);
    expect(sorted(await ids('partners', { filter: { region: { eq: 'EMEA' } } }))).toEqual(set('pA', 'pC'));
    const filter = {
      or: [{ region: { eq: 'AMER' } }, { tier: { eq: 'PLATINUM' } }],
      not: { type: { eq: 'MSP' } },
    };
    expect(await ids('partners', { filter })).toEqual([id.pB]);
  });

  test('name search, orderBy NAME DESC walked by cursor, updatedAt period for sync', async () => {
    expect(sorted(await ids('partners', { search: 'RE' }))).toEqual(set('pA', 'pC'));
    const byName = await walk('partners', { orderBy: { field: 'NAME', direction: 'DESC' } }, 2);
    expect(byName).toEqual(['pE', 'pD', 'pC', 'pB', 'pA'].map((key) => id[key]));
    const changed = { updatedAt: { gte: at(97), lt: at(100) } };
    expect(await ids('partners', { filter: changed, orderBy: { field: 'UPDATED_AT' } })).toEqual([
      id.pD,
      id.pC,
      id.pB,
    ]);
  });

  test('partnersAtRisk takes the same filter, search and order', async () => {
    expect(sorted(await ids('partnersAtRisk', {}))).toEqual(set('pA', 'pB'));
    expect(await ids('partnersAtRisk', { filter: { tier: { eq: 'SILVER' } } })).toEqual([id.pB]);
    expect(await ids('partnersAtRisk', { search: 'acme' })).toEqual([id.pA]);
    expect(await ids('partnersAtRisk', { orderBy: { field: 'NAME', direction: 'DESC' } })).toEqual([
      id.pB,
      id.pA,
    ]);
  });
});

describe('deal registrations', () => {
  test('by partner, status list, and the submitted / decided / created periods', async () => {
    expect(
      sorted(await ids('dealRegistrations', { filter: { partnerIdIs: { in: [id.pB, id.pC] } } })),
    ).toEqual(set('r3', 'r4', 'r5'));
    expect(
      sorted(await ids('dealRegistrations', { filter: { statusIs: { in: ['APPROVED', 'REJECTED'] } } })),
    ).toEqual(set('r2', 'r3'));
    expect(await ids('dealRegistrations', { filter: { submittedAt: { gte: at(2), lt: at(4) } } })).toEqual([
      id.r2,
      id.r3,
    ]);
    expect(sorted(await ids('dealRegistrations', { filter: { decidedAt: { gte: at(25) } } }))).toEqual(
      set('r2', 'r5'),
    );
    expect(await ids('dealRegistrations', { filter: { createdAt: { gt: at(3) } } })).toEqual([id.r5]);
    expect(
      await ids('dealRegistrations', { filter: { estimatedAmount: { gte: '5000.50', lte: '12000' } } }),
    ).toEqual([id.r2, id.r4]);
  });

  test('search by the prospect company or domain; orderBy ESTIMATED_AMOUNT DESC in pages', async () => {
    expect(sorted(await ids('dealRegistrations', { search: 'INIT' }))).toEqual(set('r1', 'r3'));
    expect(await ids('dealRegistrations', { search: 'hooli.exa' })).toEqual([id.r5]);
    const byAmount = await walk(
      'dealRegistrations',
      { orderBy: { field: 'ESTIMATED_AMOUNT', direction: 'DESC' } },
      2,
    );
    expect(byAmount).toEqual(['r3', 'r5', 'r1', 'r2', 'r4'].map((key) => id[key]));
    // Undecided registrations come last ascending, across pages.
    const byDecision = await walk('dealRegistrations', { orderBy: { field: 'DECIDED_AT' } }, 2);
    expect(byDecision.slice(0, 3)).toEqual([id.r3, id.r2, id.r5]);
    expect(sorted(byDecision.slice(3))).toEqual(set('r1', 'r4'));
  });
});

describe('lead offers, distribution rules and API keys', () => {
  test('offers by partner, status and the offered / respond-by periods; orderBy RESPOND_BY', async () => {
    expect(
      sorted(
        await ids('leadOffers', {
          filter: { partnerIdIs: { eq: id.pB }, statusIs: { in: ['ACCEPTED', 'EXPIRED'] } },
        }),
      ),
    ).toEqual(set('o3', 'o4'));
    expect(await ids('leadOffers', { filter: { offeredAt: { gte: at(2), lte: at(3) } } })).toEqual([
      id.o2,
      id.o3,
    ]);
    expect(
      await ids('leadOffers', {
        filter: { respondedAt: { gte: at(0) } },
        orderBy: { field: 'RESPOND_BY', direction: 'DESC' },
      }),
    ).toEqual([id.o2, id.o3, id.o4]);
    expect(await walk('leadOffers', { orderBy: { field: 'RESPOND_BY' } }, 2)).toEqual(
      ['o5', 'o4', 'o3', 'o2', 'o1'].map((key) => id[key]),
    );
  });

  test('rules by enabled and tier, name search, orderBy NAME', async () => {
    expect(await ids('distributionRules', { filter: { enabled: true } })).toEqual([id.rule1, id.rule3]);
    expect(await ids('distributionRules', { filter: { minTier: { eq: 'GOLD' } } })).toEqual([id.rule3]);
    expect(await ids('distributionRules', { search: 'first' })).toEqual([id.rule1]);
    expect(await ids('distributionRules', { orderBy: { field: 'NAME' } })).toEqual([
      id.rule2,
      id.rule3,
      id.rule1,
    ]);
  });

  test('API keys by partner and by the status their dates give', async () => {
    expect(await ids('apiKeys', { filter: { status: { eq: 'ACTIVE' } } })).toEqual([id.k1, id.k4]);
    expect(await ids('apiKeys', { filter: { status: { eq: 'REVOKED' } } })).toEqual([id.k2]);
    expect(await ids('apiKeys', { filter: { status: { in: ['EXPIRED'] } } })).toEqual([id.k3]);
    expect(await ids('apiKeys', { filter: { partnerId: id.pA, status: { eq: 'ACTIVE' } } })).toEqual([id.k1]);
    expect(await ids('apiKeys', { search: 'sync', orderBy: { field: 'NAME', direction: 'DESC' } })).toEqual([
      id.k2,
      id.k1,
    ]);
  });
});

describe('a partner’s filter never widens its row scope', () => {
  test('filtering by another partner’s id finds nothing, without an error', async () => {
    for (const list of ['dealRegistrations', 'leadOffers', 'apiKeys'] as const) {
      const response = await graph.query<Record<string, Page>>(
        Q[list],
        { filter: { partnerIdIs: { eq: id.pB } } },
        partnerA,
      );
      expect([list, response.errors, response.data![list].totalCount, response.data![list].edges]).toEqual([
        list,
        undefined,
        0,
        [],
      ]);
    }
    expect(await ids('dealRegistrations', { filter: { partnerId: id.pB } }, partnerA)).toEqual([]);
    expect(await ids('partners', { filter: { id: { eq: id.pB } } }, partnerA)).toEqual([]);
    expect(await ids('partnersAtRisk', { filter: { id: { in: [id.pA, id.pB] } } }, partnerA)).toEqual([
      id.pA,
    ]);
  });

  test('an or / not that matches other partners’ rows still answers only its own', async () => {
    const wide = {
      or: [{ partnerIdIs: { eq: id.pB } }, { statusIs: { in: ['REJECTED', 'RETURNED', 'SUBMITTED'] } }],
    };
    expect(await ids('dealRegistrations', { filter: wide }, partnerA)).toEqual([id.r1]);
    expect(
      await ids('dealRegistrations', { filter: { not: { partnerIdIs: { eq: id.pA } } } }, partnerA),
    ).toEqual([]);
    expect(await ids('dealRegistrations', { search: 'e' }, partnerA)).toEqual([id.r1, id.r2]);
    expect(
      await ids('leadOffers', { filter: { or: [{ partnerId: id.pC }, { status: 'OFFERED' }] } }, partnerA),
    ).toEqual([id.o1]);
    expect(
      await ids(
        'partners',
        { filter: { or: [{ region: { eq: 'AMER' } }, { tier: { eq: 'GOLD' } }] } },
        partnerA,
      ),
    ).toEqual([id.pA]);
    expect(await ids('apiKeys', { filter: { not: { status: { eq: 'REVOKED' } } } }, partnerA)).toEqual([
      id.k1,
    ]);
  });
});

describe('bad filters are BAD_USER_INPUT', () => {
  test.each([
    ['an unknown enum value', 'partners', { filter: { tier: { eq: 'DIAMOND' } } }],
    ['an unknown order field', 'dealRegistrations', { orderBy: { field: 'PARTNER_NAME' } }],
    ['an inverted period', 'dealRegistrations', { filter: { submittedAt: { gte: at(10), lt: at(5) } } }],
    [
      'an inverted amount range',
      'dealRegistrations',
      { filter: { estimatedAmount: { gt: '100', lt: '99.99' } } },
    ],
    [
      'an inverted period in an or',
      'leadOffers',
      { filter: { or: [{ offeredAt: { gt: at(2), lte: at(1) } }] } },
    ],
    ['a malformed partner id', 'dealRegistrations', { filter: { partnerId: 'partner-b' } }],
    ['a malformed id in a list', 'leadOffers', { filter: { partnerIdIs: { in: [id.pA, 'nope'] } } }],
    ['a malformed lead id', 'leadOffers', { filter: { leadId: 'lead-1' } }],
    ['a malformed key partner id', 'apiKeys', { filter: { partnerId: '123' } }],
    ['an invalid domain', 'dealRegistrations', { filter: { prospectDomain: 'not a domain' } }],
    ['an overlong search', 'partners', { search: 'x'.repeat(201) }],
    ['an empty contains', 'distributionRules', { filter: { name: { contains: ' ' } } }],
  ] as [string, List, Record<string, unknown>][])('%s', async (_label, list, variables) => {
    const response = await graph.query(Q[list], variables);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  });
});
