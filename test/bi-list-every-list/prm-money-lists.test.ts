import type { Identity } from '@sales-graph/shared/auth/identity';
import { codes, partnerUser, postGraphQL, seedPartner, startTestGraph, type TestGraph } from '../support';
import { listReader, type ListPage } from '../support/lists';

/**
 * The PRM's money lists as root BI lists (issue 12, item 6): `commissionPayouts`, `mdfRequests`
 * and `mdfClaims` take `filter` (partner, status, the period, amount, updatedAt), `orderBy` and,
 * for requests, `search`, through the one list helper. Every partner's rows for CHANNEL_MANAGER,
 * ANALYST and ADMIN; a partner user and a partner API key see only their own partner's, whatever
 * their filter names and whichever cursor they send.
 */
let graph: TestGraph;
const id: Record<string, string> = {};
let partnerA: Identity;
let partnerB: Identity;
let keyA: string;
const CM: Identity = { sub: 'user:channel', role: 'CHANNEL_MANAGER' };
const ANALYST: Identity = { sub: 'user:analyst', role: 'ANALYST' };
const SALES: Identity = { sub: 'user:sales', role: 'SALES' };

const listQuery = (list: string, filter: string, order: string, fields: string, search = false) =>
  `query($first: Int, $after: String, $filter: ${filter}, $orderBy: ${order}${search ? ', $search: String' : ''}) {
    ${list}(first: $first, after: $after, filter: $filter, orderBy: $orderBy${search ? ', search: $search' : ''}) {
      totalCount edges { cursor node { id partnerId ${fields} } } pageInfo { hasNextPage endCursor } } }`;
const Q = {
  commissionPayouts: listQuery(
    'commissionPayouts',
    'CommissionPayoutFilter',
    'CommissionPayoutOrder',
    'periodFrom periodTo amount currency dealCount',
  ),
  mdfRequests: listQuery(
    'mdfRequests',
    'MdfRequestFilter',
    'MdfRequestOrder',
    'activity status amount',
    true,
  ),
  mdfClaims: listQuery('mdfClaims', 'MdfClaimFilter', 'MdfClaimOrder', 'status amount paidAt'),
};
type List = keyof typeof Q;
const { page, ids, walk } = listReader(() => graph, Q);
const list = (...keys: string[]) => keys.map((key) => id[key]);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const withKey = (key: string, query: string, variables: Record<string, unknown>) =>
  postGraphQL<Record<string, ListPage>>(graph.gateway.url, query, variables, {
    authorization: `Bearer ${key}`,
  });

/** Inserts one row (created and updated `minutes` ago) and answers its id. */
async function insert(table: string, values: Record<string, unknown>, minutes: number): Promise<string> {
  const columns = Object.keys(values);
  const [row] = (await graph.prm.query(
    `INSERT INTO prm.${table} (${columns.join(', ')}, created_at, updated_at)
     VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}, now() - make_interval(mins => $${columns.length + 1}), now() - make_interval(mins => $${columns.length + 1}))
     RETURNING id`,
    [...Object.values(values), minutes],
  )) as { id: string }[];
  return row.id;
}

beforeAll(async () => {
  graph = await startTestGraph({ gateway: { apiKeyCacheMs: 0 } });
  id.partnerA = await seedPartner(graph, { name: 'Money Partner A', tier: 'GOLD' });
  id.partnerB = await seedPartner(graph, { name: 'Money Partner B', tier: 'SILVER' });
  partnerA = await partnerUser(graph, id.partnerA);
  partnerB = await partnerUser(graph, id.partnerB);
  const created = await graph.query<{ createApiKey: { key: string } }>(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`,
    { input: { name: 'A BI sync', role: 'PARTNER' } },
    partnerA,
  );
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  keyA = created.data!.createApiKey.key;

  // Payouts: A for Q1 and Q2, B for Q1 (created 50, 40, 30 minutes ago).
  const payout = (partner: string, from: string, to: string, amount: string, minutes: number) =>
    insert(
      'commission_payouts',
      { partner_id: id[partner], period_from: from, period_to: to, amount, currency: 'EUR', deal_count: 2 },
      minutes,
    );
  id.payA1 = await payout('partnerA', '2026-01-01', '2026-03-31', '1200.50', 50);
  id.payB1 = await payout('partnerB', '2026-01-01', '2026-03-31', '800.00', 40);
  id.payA2 = await payout('partnerA', '2026-04-01', '2026-06-30', '99.99', 30);

  const budget = await insert(
    'mdf_budgets',
    {
      name: 'EMEA 2026',
      period_from: '2026-01-01',
      period_to: '2026-12-31',
      amount: '100000.00',
      currency: 'EUR',
    },
    60,
  );
  const allocation = (partner: string) =>
    insert(
      'mdf_allocations',
      { budget_id: budget, partner_id: id[partner], amount: '20000.00', currency: 'EUR', requested: '0.00' },
      60,
    );
  const allocA = await allocation('partnerA');
  const allocB = await allocation('partnerB');
  const request = (
    partner: string,
    alloc: string,
    activity: string,
    status: string,
    amount: string,
    minutes: number,
  ) =>
    insert(
      'mdf_requests',
      {
        allocation_id: alloc,
        partner_id: id[partner],
        activity,
        amount,
        currency: 'EUR',
        status,
        reviewed_at: status === 'SUBMITTED' ? null : minutesAgo(minutes - 1),
      },
      minutes,
    );
  id.reqA1 = await request('partnerA', allocA, 'Spring webinar series', 'APPROVED', '5000.00', 50);
  id.reqB1 = await request('partnerB', allocB, 'Trade show booth', 'APPROVED', '7000.00', 40);
  id.reqA2 = await request('partnerA', allocA, 'Paid search campaign', 'SUBMITTED', '1500.00', 30);
  id.reqB2 = await request('partnerB', allocB, 'Webinar on security', 'REJECTED', '900.00', 20);

  const claim = (partner: string, req: string, status: string, amount: string, minutes: number) =>
    insert(
      'mdf_claims',
      {
        request_id: id[req],
        partner_id: id[partner],
        amount,
        currency: 'EUR',
        proof: ['https://proof.example/' + req],
        status,
        paid_at: status === 'PAID' ? minutesAgo(minutes - 1) : null,
      },
      minutes,
    );
  id.claimA1 = await claim('partnerA', 'reqA1', 'PAID', '2500.00', 45);
  id.claimB1 = await claim('partnerB', 'reqB1', 'SUBMITTED', '3000.00', 35);
  id.claimA2 = await claim('partnerA', 'reqA1', 'SUBMITTED', '1000.00', 25);
  // A's first payout and first request changed 5 minutes ago: an incremental sync sees them.
  await graph.prm.query(
    `UPDATE prm.commission_payouts SET updated_at = now() - interval '5 minutes' WHERE id = $1`,
    [id.payA1],
  );
  await graph.prm.query(
    `UPDATE prm.mdf_requests SET updated_at = now() - interval '5 minutes' WHERE id = $1`,
    [id.reqA1],
  );
}, 120_000);
afterAll(async () => {
  await graph?.stop();
});

describe('internal roles read every partner’s rows, filtered and ordered', () => {
  test('creation order by default, for ADMIN, CHANNEL_MANAGER and ANALYST', async () => {
    for (const who of [undefined, CM, ANALYST]) {
      expect(await ids('commissionPayouts', {}, who)).toEqual(list('payA1', 'payB1', 'payA2'));
      expect(await ids('mdfRequests', {}, who)).toEqual(list('reqA1', 'reqB1', 'reqA2', 'reqB2'));
      expect(await ids('mdfClaims', {}, who)).toEqual(list('claimA1', 'claimB1', 'claimA2'));
    }
  });

  test('payouts: by partner, the period, exact amounts; ordered by period and amount', async () => {
    expect(await ids('commissionPayouts', { filter: { partnerId: { eq: id.partnerB } } })).toEqual(
      list('payB1'),
    );
    // Payouts of a period: those covering any day of Q2 2026.
    expect(
      await ids('commissionPayouts', {
        filter: { periodFrom: { lte: '2026-06-30' }, periodTo: { gte: '2026-04-01' } },
      }),
    ).toEqual(list('payA2'));
    expect(await ids('commissionPayouts', { filter: { amount: { gte: '800', lt: '1200.50' } } })).toEqual(
      list('payB1'),
    );
    expect(await walk('commissionPayouts', { orderBy: { field: 'AMOUNT', direction: 'DESC' } }, 1)).toEqual(
      list('payA1', 'payB1', 'payA2'),
    );
    // payA1 and payB1 share their period: the id breaks the tie (descending too).
    expect(
      await walk('commissionPayouts', { orderBy: { field: 'PERIOD_FROM', direction: 'DESC' } }, 2),
    ).toEqual([id.payA2, ...list('payA1', 'payB1').sort().reverse()]);
  });

  test('requests: by partner, status, the request date, activity search; ordered by amount and decision', async () => {
    expect(await ids('mdfRequests', { filter: { partnerId: { in: [id.partnerA] } } })).toEqual(
      list('reqA1', 'reqA2'),
    );
    expect(await ids('mdfRequests', { filter: { status: { in: ['APPROVED', 'REJECTED'] } } })).toEqual(
      list('reqA1', 'reqB1', 'reqB2'),
    );
    expect(
      await ids('mdfRequests', { filter: { createdAt: { gte: minutesAgo(35), lt: minutesAgo(25) } } }),
    ).toEqual(list('reqA2'));
    expect(await ids('mdfRequests', { search: 'WEBINAR' })).toEqual(list('reqA1', 'reqB2'));
    expect(await walk('mdfRequests', { orderBy: { field: 'AMOUNT' } }, 1)).toEqual(
      list('reqB2', 'reqA2', 'reqA1', 'reqB1'),
    );
    // Undecided ones last ascending (keyset over a nullable column).
    expect(await walk('mdfRequests', { orderBy: { field: 'REVIEWED_AT' } }, 1)).toEqual(
      list('reqA1', 'reqB1', 'reqB2', 'reqA2'),
    );
  });

  test('claims: by partner, status, request and paid date; ordered by paidAt', async () => {
    expect(await ids('mdfClaims', { filter: { status: { eq: 'SUBMITTED' } } })).toEqual(
      list('claimB1', 'claimA2'),
    );
    expect(await ids('mdfClaims', { filter: { requestId: { eq: id.reqA1 } } })).toEqual(
      list('claimA1', 'claimA2'),
    );
    expect(await ids('mdfClaims', { filter: { paidAt: { gte: minutesAgo(60) } } })).toEqual(list('claimA1'));
    expect(
      await ids('mdfClaims', {
        filter: { and: [{ partnerId: { eq: id.partnerA } }, { not: { status: { eq: 'PAID' } } }] },
      }),
    ).toEqual(list('claimA2'));
    // Unpaid ones first descending, their tie broken by id (descending too).
    expect(await walk('mdfClaims', { orderBy: { field: 'PAID_AT', direction: 'DESC' } }, 1)).toEqual([
      ...list('claimA2', 'claimB1').sort().reverse(),
      id.claimA1,
    ]);
  });

  test('incremental sync: updatedAt since, ordered UPDATED_AT, in pages', async () => {
    const since = minutesAgo(10);
    const sync = { filter: { updatedAt: { gte: since } }, orderBy: { field: 'UPDATED_AT' } };
    expect(await walk('commissionPayouts', sync, 1)).toEqual(list('payA1'));
    expect(await walk('mdfRequests', sync, 1)).toEqual(list('reqA1'));
    expect(await walk('mdfClaims', sync, 1)).toEqual([]);
    expect(
      await walk('mdfClaims', { filter: { updatedAt: { lt: since } }, orderBy: { field: 'UPDATED_AT' } }, 2),
    ).toEqual(list('claimA1', 'claimB1', 'claimA2'));
  });
});

describe('a partner sees only its own rows: user and API key, filter and cursor', () => {
  const OWN: Record<List, string[]> = {
    commissionPayouts: ['payA1', 'payA2'],
    mdfRequests: ['reqA1', 'reqA2'],
    mdfClaims: ['claimA1', 'claimA2'],
  };
  const OTHER: Record<List, string> = {
    commissionPayouts: 'payB1',
    mdfRequests: 'reqB1',
    mdfClaims: 'claimB1',
  };
  const lists = Object.keys(Q) as List[];

  test.each(lists)('%s: a partner user and its API key read exactly their own', async (name) => {
    expect(await ids(name, {}, partnerA)).toEqual(list(...OWN[name]));
    const keyed = await withKey(keyA, Q[name], { first: 100 });
    expect(keyed.errors).toBeUndefined();
    expect(keyed.data![name].edges.map((edge) => edge.node.id)).toEqual(list(...OWN[name]));
    expect(keyed.data![name].totalCount).toBe(OWN[name].length);
  });

  test.each(lists)("%s: a filter naming another partner's id or row answers nothing", async (name) => {
    const filters = [
      { partnerId: { eq: id.partnerB } },
      { partnerId: { in: [id.partnerB, id.partnerA] } },
      { id: { eq: id[OTHER[name]] } },
      { or: [{ partnerId: { eq: id.partnerB } }, { id: { in: [id[OTHER[name]]] } }] },
      { not: { partnerId: { eq: id.partnerA } } },
    ];
    for (const filter of filters) {
      const own = filter.partnerId?.in ? list(...OWN[name]) : [];
      expect([filter, await ids(name, { filter }, partnerA)]).toEqual([filter, own]);
      const keyed = await withKey(keyA, Q[name], { first: 100, filter });
      expect([filter, keyed.data![name].edges.map((edge) => edge.node.id)]).toEqual([filter, own]);
    }
    // A made-up partner id answers exactly as another partner's real one.
    expect(
      await ids(name, { filter: { partnerId: { eq: '00000000-0000-4000-8000-000000000000' } } }, partnerA),
    ).toEqual([]);
  });

  test.each(lists)("%s: another partner's cursor walks only the caller's own rows", async (name) => {
    // B's own cursor (pointing at B's first row), and ADMIN's cursors over everyone's rows.
    const theirs = await page(name, { first: 1 }, partnerB);
    const cursors = [
      theirs.edges[0].cursor,
      ...(await page(name, { first: 100 })).edges.map((edge) => edge.cursor),
    ];
    for (const after of cursors) {
      const seen = (await page(name, { first: 100, after }, partnerA)).edges.map((edge) => edge.node.id);
      expect(seen.every((row) => list(...OWN[name]).includes(row))).toBe(true);
      const keyed = await withKey(keyA, Q[name], { first: 100, after });
      const keyedIds = keyed.data![name].edges.map((edge) => edge.node.id);
      expect(keyedIds.every((row) => list(...OWN[name]).includes(row))).toBe(true);
    }
    // Walking its own pages one row at a time gives its own rows exactly once.
    const walked: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const result: ListPage = await page(name, { first: 1, after }, partnerA);
      walked.push(...result.edges.map((edge) => edge.node.id));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(walked).toEqual(list(...OWN[name]));
    expect(graph.scopeViolations()).toEqual([]);
  });

  test('roles without the subject are refused; bad input is BAD_USER_INPUT', async () => {
    for (const name of lists) {
      expect([name, codes(await graph.query(Q[name], { first: 10 }, SALES))]).toEqual([name, ['FORBIDDEN']]);
    }
    for (const [name, vars] of [
      ['commissionPayouts', { filter: { periodFrom: { gt: '2026-06-30', lt: '2026-01-01' } } }],
      ['commissionPayouts', { filter: { partnerId: { eq: 'partner-1' } } }],
      ['mdfRequests', { filter: { status: { eq: 'PAID' } } }],
      ['mdfRequests', { search: 'x'.repeat(201) }],
      ['mdfClaims', { orderBy: { field: 'ACTIVITY' } }],
      ['mdfClaims', { after: 'not-a-cursor' }],
    ] as [List, Record<string, unknown>][]) {
      expect([name, vars, codes(await graph.query(Q[name], { first: 10, ...vars }))]).toEqual([
        name,
        vars,
        ['BAD_USER_INPUT'],
      ]);
    }
  });
});
