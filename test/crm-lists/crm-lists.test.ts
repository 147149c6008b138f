import { listReader, type ListNode } from '../support/lists';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { as, client, codes, createCustomer, partnerUser, seedPartner, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * The CRM root lists through the gateway: filters (and / or / not over fields, every operator,
 * date ranges), orderBy with keyset pages in both directions, search, refusal of abusive filters,
 * field policies (a partner, an analyst) and partner row scope under an `or`, and a BI-style
 * incremental sync by updatedAt.
 */
let graph: TestGraph;
const id: Record<string, string> = {};
let partnerA: Identity;
const { analyst: ANALYST } = as;

const { ok: admin } = client(() => graph);

type Node = ListNode;

/** One list query: `list(first, after, filter, orderBy, search)` selecting `fields`. */
function listQuery(list: string, filterType: string, orderType: string, fields: string): string {
  return `query($first: Int, $after: String, $filter: ${filterType}, $orderBy: ${orderType}, $search: String) {
    ${list}(first: $first, after: $after, filter: $filter, orderBy: $orderBy, search: $search) {
      totalCount edges { cursor node { id ${fields} } } pageInfo { hasNextPage endCursor } } }`;
}
const Q = {
  customers: listQuery('customers', 'CustomerFilter', 'CustomerOrder', 'name'),
  leads: listQuery('leads', 'LeadFilter', 'LeadOrder', 'name score'),
  deals: listQuery('deals', 'DealFilter', 'DealOrder', 'title amount expectedCloseDate updatedAt'),
  tickets: listQuery('tickets', 'TicketFilter', 'TicketOrder', 'subject'),
  activities: listQuery('activities', 'ActivityFilter', 'ActivityOrder', 'subject'),
};

const { page, ids, walkNodes: walk } = listReader(() => graph, Q);
const set = (...keys: string[]) => keys.map((key) => id[key]).sort();
const sorted = (values: string[]) => [...values].sort();

beforeAll(async () => {
  graph = await startTestGraph();
  const customers: [string, string, string, string, string, string][] = [
    ['acme', 'Acme Rockets', 'acme-rockets.example', 'Aerospace', 'EMEA', 'CUSTOMER'],
    ['globex', 'Globex Corp', 'globex.example', 'Energy', 'AMER', 'PROSPECT'],
    ['initech', 'Initech', 'initech.example', 'Software', 'AMER', 'OPPORTUNITY'],
    ['umbrella', 'Umbrella 50%_Off', 'umbrella.example', 'Pharma', 'APAC', 'CHURNED'],
    ['labs', 'acme labs', 'labs-of-acme.example', 'Software', 'EMEA', 'CUSTOMER'],
  ];
  for (const [key, name, domain, industry, region, stage] of customers) {
    id[key] = (await createCustomer(graph, { name, domain, industry, region, lifecycleStage: stage })).id;
  }
  const deals: [string, string, string, string, string, string | null][] = [
    ['d1', 'acme', 'Rocket engines', '1000.00', 'PROSPECTING', '2026-01-15'],
    ['d2', 'acme', 'Launch pad', '2500.00', 'PROPOSAL', '2026-02-10'],
    ['d3', 'globex', 'Globex power plant', '1000.00', 'NEGOTIATION', null],
    ['d4', 'globex', 'Globex grid', '1000.00', 'PROSPECTING', '2026-03-01'],
    ['d5', 'initech', 'Initech licences', '500.00', 'QUALIFICATION', '2026-01-31'],
    ['d6', 'initech', 'Initech support', '2500.00', 'PROPOSAL', null],
    ['d7', 'initech', 'TPS reports', '1000.00', 'PROSPECTING', '2026-02-10'],
  ];
  for (const [key, customer, title, amount, stage, close] of deals) {
    id[key] = (
      await admin<{ createDeal: { id: string } }>(
        `mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`,
        {
          i: {
            customerId: id[customer],
            title,
            amount,
            currency: 'EUR',
            stage,
            expectedCloseDate: close,
            ownerId: key === 'd2' ? 'user:owner-2' : 'user:owner-1',
          },
        },
      )
    ).createDeal.id;
  }
  const leads: [string, string, string | null, string, string, string][] = [
    ['l1', 'Ada Lovelace', 'Acme Rockets', 'ada@acme-rockets.example', 'WEB', 'NEW'],
    ['l2', 'Grace Hopper', 'Globex', 'grace@navy.example', 'EVENT', 'CONTACTED'],
    ['l3', 'Alan Turing', null, 'alan@bletchley.example', 'REFERRAL', 'QUALIFIED'],
    ['l4', 'Linus', 'Initech', 'linus@kernel.example', 'PARTNER', 'NEW'],
  ];
  for (const [key, name, company, email, source, status] of leads) {
    id[key] = (
      await admin<{ createLead: { id: string } }>(
        `mutation($i: CreateLeadInput!) { createLead(input: $i) { id } }`,
        { i: { name, company, email, source, status } },
      )
    ).createLead.id;
  }
  const tickets: [string, string, string, string][] = [
    ['t1', 'acme', 'Login broken', 'HIGH'],
    ['t2', 'globex', 'Invoice question', 'LOW'],
    ['t3', 'initech', 'Login slow', 'URGENT'],
  ];
  for (const [key, customer, subject, priority] of tickets) {
    id[key] = (
      await admin<{ openTicket: { id: string } }>(
        `mutation($i: OpenTicketInput!) { openTicket(input: $i) { id } }`,
        { i: { customerId: id[customer], subject, priority } },
      )
    ).openTicket.id;
  }
  await admin(`mutation($id: ID!) { updateTicketStatus(id: $id, status: PENDING) { id } }`, { id: id.t2 });
  const activities: [string, string, string, string][] = [
    ['a1', 'acme', 'CALL', 'Kickoff call'],
    ['a2', 'globex', 'EMAIL', 'Pricing email'],
    ['a3', 'initech', 'NOTE', 'Kickoff notes'],
  ];
  for (const [key, customer, type, subject] of activities) {
    id[key] = (
      await admin<{ logActivity: { id: string } }>(
        `mutation($i: LogActivityInput!) { logActivity(input: $i) { id } }`,
        { i: { customerId: id[customer], type, subject } },
      )
    ).logActivity.id;
  }

  // Partner A sourced d1 (so sees Acme by name); partner B sourced d3.
  for (const key of ['A', 'B']) {
    id[`partner${key}`] = await seedPartner(graph, { name: `Lists Partner ${key}`, tier: 'GOLD' });
  }
  for (const [deal, partner] of [
    ['d1', 'partnerA'],
    ['d3', 'partnerB'],
  ]) {
    await admin(
      `mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`,
      { d: id[deal], p: id[partner] },
    );
  }
  partnerA = await partnerUser(graph, id.partnerA);
});
afterAll(async () => {
  await graph?.stop();
});

describe('and / or / not', () => {
  test('fields of one filter AND together', async () => {
    const filter = { amount: { eq: '1000.00' }, stageIs: { eq: 'PROSPECTING' } };
    expect(sorted(await ids('deals', { filter }))).toEqual(set('d1', 'd4', 'd7'));
  });

  test('or of ands, with a not', async () => {
    const filter = {
      or: [
        { and: [{ amount: { gte: '2500.00' } }, { stage: 'PROPOSAL' }] },
        { title: { startsWith: 'globex' }, not: { stageIs: { eq: 'NEGOTIATION' } } },
      ],
    };
    expect(sorted(await ids('deals', { filter }))).toEqual(set('d2', 'd6', 'd4'));
  });

  test('not over a missing value: a deal without a close date matches neither X nor not X', async () => {
    const early = { expectedCloseDate: { lt: '2026-02-01' } };
    expect(sorted(await ids('deals', { filter: early }))).toEqual(set('d1', 'd5'));
    expect(sorted(await ids('deals', { filter: { not: early } }))).toEqual(set('d2', 'd4', 'd7'));
  });

  test('not narrows, and a top-level field ANDs with an or', async () => {
    expect(sorted(await ids('deals', { filter: { not: { amount: { eq: '1000.00' } } } }))).toEqual(
      set('d2', 'd5', 'd6'),
    );
    const filter = {
      customerIdIs: { in: [id.initech, id.globex] },
      or: [{ stageIs: { in: ['PROPOSAL', 'QUALIFICATION'] } }, { title: { contains: 'GRID' } }],
    };
    expect(sorted(await ids('deals', { filter }))).toEqual(set('d4', 'd5', 'd6'));
  });

  test('empty and / or / not', async () => {
    expect(await ids('deals', { filter: { or: [] } })).toEqual([]);
    expect((await ids('deals', { filter: { and: [] } })).length).toBe(7);
    expect(await ids('deals', { filter: { not: {} } })).toEqual([]);
  });

  test('five levels of nesting are fine (the filter itself is level 1)', async () => {
    // 1 filter → 2 not → 3 and → 4 or → 5 not: NOT(NOT(amount < 1000)) = amount < 1000
    const filter = { not: { and: [{ or: [{ not: { amount: { lt: '1000.00' } } }] }] } };
    expect(await ids('deals', { filter })).toEqual([id.d5]);
  });
});

describe('every operator', () => {
  test('StringFilter: eq is exact, in, contains and startsWith ignore case', async () => {
    expect(await ids('customers', { filter: { name: { eq: 'Initech' } } })).toEqual([id.initech]);
    expect(await ids('customers', { filter: { name: { eq: 'initech' } } })).toEqual([]);
    expect(sorted(await ids('customers', { filter: { region: { in: ['AMER', 'APAC'] } } }))).toEqual(
      set('globex', 'initech', 'umbrella'),
    );
    expect(sorted(await ids('customers', { filter: { name: { contains: 'ACME' } } }))).toEqual(
      set('acme', 'labs'),
    );
    expect(await ids('customers', { filter: { name: { startsWith: 'acme' } } })).toEqual([id.acme, id.labs]);
    expect(await ids('customers', { filter: { domain: { startsWith: 'LABS-' } } })).toEqual([id.labs]);
    // % and _ are literal characters, not wildcards.
    expect(await ids('customers', { filter: { name: { contains: '50%_' } } })).toEqual([id.umbrella]);
    expect(await ids('customers', { filter: { name: { contains: '%' } } })).toEqual([id.umbrella]);
    expect(await ids('customers', { filter: { name: { contains: 'o_k' } } })).toEqual([]);
  });

  test('IntFilter on lead scores', async () => {
    const all = (await page('leads', {})).edges.map((edge) => edge.node as Node & { score: number });
    expect(all.length).toBe(4);
    const pivot = all[1].score;
    const expectIds = (predicate: (score: number) => boolean) =>
      sorted(all.filter((lead) => predicate(lead.score)).map((lead) => lead.id));
    expect(sorted(await ids('leads', { filter: { score: { eq: pivot } } }))).toEqual(
      expectIds((s) => s === pivot),
    );
    expect(sorted(await ids('leads', { filter: { score: { in: [pivot, 101] } } }))).toEqual(
      expectIds((s) => s === pivot),
    );
    expect(sorted(await ids('leads', { filter: { score: { gt: pivot } } }))).toEqual(
      expectIds((s) => s > pivot),
    );
    expect(sorted(await ids('leads', { filter: { score: { gte: pivot } } }))).toEqual(
      expectIds((s) => s >= pivot),
    );
    expect(sorted(await ids('leads', { filter: { score: { lt: pivot } } }))).toEqual(
      expectIds((s) => s < pivot),
    );
    expect(sorted(await ids('leads', { filter: { score: { lte: pivot } } }))).toEqual(
      expectIds((s) => s <= pivot),
    );
  });

  test('DecimalFilter on deal amounts, exactly', async () => {
    expect(sorted(await ids('deals', { filter: { amount: { gt: '999.99', lt: '2500' } } }))).toEqual(
      set('d1', 'd3', 'd4', 'd7'),
    );
    expect(sorted(await ids('deals', { filter: { amount: { gte: '1000', lte: '2500.00' } } }))).toEqual(
      set('d1', 'd2', 'd3', 'd4', 'd6', 'd7'),
    );
    expect(sorted(await ids('deals', { filter: { amount: { in: ['500', '2500.00'] } } }))).toEqual(
      set('d2', 'd5', 'd6'),
    );
  });

  test('DateFilter ranges on expected close dates (deals without one never match)', async () => {
    const january = { expectedCloseDate: { gte: '2026-01-01', lte: '2026-01-31' } };
    expect(sorted(await ids('deals', { filter: january }))).toEqual(set('d1', 'd5'));
    expect(sorted(await ids('deals', { filter: { expectedCloseDate: { eq: '2026-02-10' } } }))).toEqual(
      set('d2', 'd7'),
    );
    expect(sorted(await ids('deals', { filter: { expectedCloseDate: { gt: '2026-02-10' } } }))).toEqual(
      set('d4'),
    );
    expect(sorted(await ids('deals', { filter: { expectedCloseDate: { lt: '2026-01-31' } } }))).toEqual(
      set('d1'),
    );
  });

  test('DateTimeFilter ranges on createdAt', async () => {
    const all = await walk('customers', { orderBy: { field: 'CREATED_AT' } }, 100);
    const stamps = (
      await admin<{ customers: { edges: { node: { id: string; createdAt: string } }[] } }>(
        `{ customers(first: 100) { edges { node { id createdAt } } } }`,
      )
    ).customers.edges.map((edge) => edge.node);
    expect(stamps.map((s) => s.id)).toEqual(all.map((row) => row.id));
    const from = stamps[1].createdAt;
    const to = stamps[3].createdAt;
    const inRange = stamps.filter((s) => s.createdAt >= from && s.createdAt < to).map((s) => s.id);
    expect(await ids('customers', { filter: { createdAt: { gte: from, lt: to } } })).toEqual(inRange);
    const after = stamps.filter((s) => s.createdAt > from).map((s) => s.id);
    expect(await ids('customers', { filter: { createdAt: { gt: from } } })).toEqual(after);
    const upTo = stamps.filter((s) => s.createdAt <= from).map((s) => s.id);
    expect(await ids('customers', { filter: { createdAt: { lte: from } } })).toEqual(upTo);
    expect(await ids('customers', { filter: { createdAt: { eq: stamps[2].createdAt } } })).toEqual(
      stamps.filter((s) => s.createdAt === stamps[2].createdAt).map((s) => s.id),
    );
  });

  test('IdFilter and enum filters', async () => {
    expect(sorted(await ids('deals', { filter: { id: { in: [id.d2, id.d5] } } }))).toEqual(set('d2', 'd5'));
    expect(await ids('deals', { filter: { id: { eq: id.d7 } } })).toEqual([id.d7]);
    expect(await ids('deals', { filter: { ownerId: { eq: 'user:owner-2' } } })).toEqual([id.d2]);
    expect(
      sorted(await ids('customers', { filter: { lifecycleStage: { in: ['CUSTOMER', 'CHURNED'] } } })),
    ).toEqual(set('acme', 'labs', 'umbrella'));
    expect(await ids('leads', { filter: { sourceIs: { eq: 'REFERRAL' } } })).toEqual([id.l3]);
    expect(sorted(await ids('tickets', { filter: { priorityIs: { in: ['HIGH', 'URGENT'] } } }))).toEqual(
      set('t1', 't3'),
    );
    expect(await ids('activities', { filter: { typeIs: { eq: 'NOTE' } } })).toEqual([id.a3]);
  });

  test('the older plain fields keep working, alone and inside and/or', async () => {
    expect(sorted(await ids('deals', { filter: { stage: 'PROPOSAL', customerId: id.initech } }))).toEqual(
      set('d6'),
    );
    expect(sorted(await ids('leads', { filter: { status: 'NEW', source: 'PARTNER' } }))).toEqual(set('l4'));
    expect(await ids('tickets', { filter: { status: 'PENDING' } })).toEqual([id.t2]);
    expect(await ids('tickets', { filter: { customerId: id.acme, priority: 'HIGH' } })).toEqual([id.t1]);
    expect(await ids('activities', { filter: { customerId: id.globex, type: 'EMAIL' } })).toEqual([id.a2]);
    expect(sorted(await ids('activities', { filter: { or: [{ type: 'CALL' }, { type: 'NOTE' }] } }))).toEqual(
      set('a1', 'a3'),
    );
    expect((await ids('activities', { filter: { updatedSince: '2000-01-01T00:00:00.000Z' } })).length).toBe(
      3,
    );
    expect(await ids('activities', { filter: { updatedBefore: '2000-01-01T00:00:00.000Z' } })).toEqual([]);
  });
});

describe('ordering with pages', () => {
  const byKey =
    <T>(key: (row: T) => [unknown, string], direction: 'ASC' | 'DESC') =>
    (a: T, b: T) => {
      const [va, ia] = key(a);
      const [vb, ib] = key(b);
      const cmp = (x: unknown, y: unknown): number => {
        if (x === y) return 0;
        // PostgreSQL: NULLs last ascending, first descending.
        if (x === null) return 1;
        if (y === null) return -1;
        return (x as number | string) < (y as number | string) ? -1 : 1;
      };
      const result = cmp(va, vb) || cmp(ia, ib);
      return direction === 'ASC' ? result : -result;
    };

  test.each([
    ['ASC', 2],
    ['DESC', 2],
    ['ASC', 3],
    ['DESC', 1],
  ] as const)(
    'deals by AMOUNT %s, %i a page: every deal once, ties broken by id',
    async (direction, first) => {
      const rows = await walk('deals', { orderBy: { field: 'AMOUNT', direction } }, first);
      expect(rows.length).toBe(7);
      expect(new Set(rows.map((row) => row.id)).size).toBe(7);
      const expected = [...rows].sort(byKey<Node>((row) => [Number(row.amount), row.id], direction));
      expect(rows.map((row) => row.id)).toEqual(expected.map((row) => row.id));
      // Four deals share 1000.00: the page boundary falls among them and nothing is lost.
      expect(rows.filter((row) => row.amount === '1000.00').length).toBe(4);
    },
  );

  test.each([
    ['ASC', 2],
    ['DESC', 2],
    ['DESC', 3],
  ] as const)('deals by EXPECTED_CLOSE_DATE %s (with NULLs), %i a page', async (direction, first) => {
    const rows = await walk('deals', { orderBy: { field: 'EXPECTED_CLOSE_DATE', direction } }, first);
    expect(rows.length).toBe(7);
    const expected = [...rows].sort(byKey<Node>((row) => [row.expectedCloseDate ?? null, row.id], direction));
    expect(rows.map((row) => row.id)).toEqual(expected.map((row) => row.id));
    const nulls = rows.filter((row) => row.expectedCloseDate === null).map((row) => row.id);
    expect(sorted(nulls)).toEqual(set('d3', 'd6'));
    if (direction === 'ASC') expect(rows.slice(-2).map((row) => row.id)).toEqual(nulls);
    else expect(rows.slice(0, 2).map((row) => row.id)).toEqual(nulls);
  });

  test('customers by NAME both ways, and a filtered, ordered page count', async () => {
    const asc = await walk('customers', { orderBy: { field: 'NAME', direction: 'ASC' } }, 2);
    const desc = await walk('customers', { orderBy: { field: 'NAME', direction: 'DESC' } }, 2);
    expect(desc.map((row) => row.id)).toEqual([...asc].reverse().map((row) => row.id));
    expect(asc.length).toBe(5);
    const first = await page('customers', {
      first: 1,
      filter: { region: { in: ['AMER', 'EMEA'] } },
      orderBy: { field: 'NAME', direction: 'DESC' },
    });
    expect(first.totalCount).toBe(4);
    expect(first.pageInfo.hasNextPage).toBe(true);
  });

  test('leads by SCORE, tickets by SLA_DUE_AT, activities by OCCURRED_AT', async () => {
    const leads = await walk('leads', { orderBy: { field: 'SCORE', direction: 'DESC' } }, 1);
    expect(leads.map((row) => row.id)).toEqual(
      [...leads].sort(byKey<Node>((row) => [row.score, row.id], 'DESC')).map((row) => row.id),
    );
    expect((await walk('tickets', { orderBy: { field: 'SLA_DUE_AT' } }, 1)).length).toBe(3);
    const activities = await walk('activities', { orderBy: { field: 'OCCURRED_AT', direction: 'DESC' } }, 2);
    expect(activities.map((row) => row.id)).toEqual([id.a3, id.a2, id.a1]);
  });

  test('a cursor from another order is bad input, not a server error', async () => {
    const byAmount = await page('deals', { first: 1, orderBy: { field: 'AMOUNT' } });
    const response = await graph.query(Q.deals, {
      first: 1,
      after: byAmount.pageInfo.endCursor,
      orderBy: { field: 'UPDATED_AT' },
    });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('search', () => {
  test('customers by name or domain, ignoring case', async () => {
    expect(sorted(await ids('customers', { search: 'ACME' }))).toEqual(set('acme', 'labs'));
    expect(await ids('customers', { search: 'globex.EXAMPLE' })).toEqual([id.globex]);
    expect(await ids('customers', { search: '  initech ' })).toEqual([id.initech]);
    expect((await ids('customers', { search: '' })).length).toBe(5);
  });

  test('leads by name, company or e-mail; deals, tickets and activities by title / subject', async () => {
    expect(await ids('leads', { search: 'bletchley' })).toEqual([id.l3]);
    expect(sorted(await ids('leads', { search: 'acme' }))).toEqual(set('l1'));
    expect(await ids('leads', { search: 'initech' })).toEqual([id.l4]);
    expect(sorted(await ids('deals', { search: 'initech' }))).toEqual(set('d5', 'd6'));
    expect(sorted(await ids('tickets', { search: 'login' }))).toEqual(set('t1', 't3'));
    expect(sorted(await ids('activities', { search: 'KICKOFF' }))).toEqual(set('a1', 'a3'));
  });

  test('search combines with a filter and an order', async () => {
    const rows = await page('deals', {
      search: 'globex',
      filter: { stageIs: { eq: 'PROSPECTING' } },
      orderBy: { field: 'AMOUNT', direction: 'DESC' },
    });
    expect(rows.edges.map((edge) => edge.node.id)).toEqual([id.d4]);
  });
});

describe('bad filters are BAD_USER_INPUT', () => {
  const nest = (levels: number): Record<string, unknown> =>
    levels === 1 ? { amount: { gt: '1' } } : { not: nest(levels - 1) };
  test.each([
    ['six levels of nesting', { filter: nest(6) }],
    ['51 conditions', { filter: { or: Array.from({ length: 51 }, (_, i) => ({ title: { eq: `t${i}` } })) } }],
    ['an in list of 501', { filter: { title: { in: Array.from({ length: 501 }, (_, i) => `t${i}`) } } }],
    ['an empty contains', { filter: { title: { contains: '' } } }],
    ['a blank startsWith', { filter: { title: { startsWith: '  ' } } }],
    [
      'an invalid id',
      { filter: { customerIdIs: { in: ['11111111-1111-4111-8111-111111111111', 'not-an-id'] } } },
    ],
    ['an invalid legacy customerId', { filter: { customerId: 'not-an-id' } }],
    ['a NUL character', { filter: { title: { eq: 'a\u0000b' } } }],
    ['an overlong search', { search: 'x'.repeat(201) }],
    ['a malformed amount', { filter: { amount: { gt: '12.345' } } }],
    ['a malformed date', { filter: { expectedCloseDate: { gte: '2026-02-30' } } }],
  ])('%s', async (_label, variables) => {
    const response = await graph.query(Q.deals, variables);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('who may filter on what', () => {
  test('a partner’s scope survives an `or` that matches other partners’ deals', async () => {
    const filter = {
      or: [{ title: { contains: 'globex' } }, { amount: { gte: '0' } }, { id: { eq: id.d3 } }],
    };
    expect(await ids('deals', { filter }, partnerA)).toEqual([id.d1]);
    expect(await ids('deals', { filter: { not: { id: { eq: id.d1 } } } }, partnerA)).toEqual([]);
    expect(await ids('deals', { search: 'e' }, partnerA)).toEqual([id.d1]);
    const customers = { or: [{ name: { contains: 'globex' } }, { name: { startsWith: 'a' } }] };
    expect(await ids('customers', { filter: customers }, partnerA)).toEqual([id.acme]);
  });

  test('a partner may not filter, search or order customers by what it cannot read', async () => {
    const forbidden = [
      { filter: { domain: { eq: 'globex.example' } } },
      { filter: { or: [{ name: { eq: 'x' } }, { industry: { eq: 'Energy' } }] } },
      { filter: { updatedAt: { gte: '2000-01-01T00:00:00.000Z' } } },
      { orderBy: { field: 'UPDATED_AT' } },
    ];
    for (const variables of forbidden) {
      const response = await graph.query(Q.customers, variables, partnerA);
      expect(codes(response)).toEqual(['FORBIDDEN']);
    }
    // Search covers the name only: a domain fragment finds nothing.
    expect(await ids('customers', { search: 'acme-rockets.example' }, partnerA)).toEqual([]);
    expect(await ids('customers', { search: 'rockets' }, partnerA)).toEqual([id.acme]);
  });

  test('an analyst may not probe redacted names or e-mails through a filter or search', async () => {
    const response = await graph.query(Q.leads, { filter: { email: { contains: 'navy' } } }, ANALYST);
    expect(codes(response)).toEqual(['FORBIDDEN']);
    expect(await ids('leads', { search: 'navy' }, ANALYST)).toEqual([]);
    expect(await ids('leads', { search: 'grace' }, ANALYST)).toEqual([]);
    expect(await ids('leads', { search: 'globex' }, ANALYST)).toEqual([id.l2]);
  });
});

test('BI-style incremental sync by updatedAt picks up a deal changed after the first sync', async () => {
  const orderBy = { field: 'UPDATED_AT', direction: 'ASC' };
  const sync = async (since: string | null) => {
    const filter = since ? { updatedAt: { gte: since } } : null;
    return walk('deals', { filter, orderBy }, 3);
  };
  // Every deal so far was stamped a minute ago (a pinned instant, not a sleep): the change below
  // lands strictly after the first sync's high-water mark.
  await graph.crm.query(`UPDATE crm.deals SET updated_at = updated_at - interval '1 minute'`);
  const first = await sync(null);
  expect(sorted(first.map((row) => row.id))).toEqual(set('d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'));
  const stamps = first.map((row) => String(row.updatedAt));
  expect(stamps).toEqual([...stamps].sort());
  const highWater = stamps[stamps.length - 1];

  await admin(`mutation($id: ID!) { moveDealStage(id: $id, stage: QUALIFICATION) { id } }`, { id: id.d1 });

  // `gte` the high-water mark: rows stamped in the same millisecond are re-read, never missed.
  const second = await sync(highWater);
  const changed = second.filter((row) => String(row.updatedAt) > highWater).map((row) => row.id);
  expect(changed).toEqual([id.d1]);
  expect(second[second.length - 1].id).toBe(id.d1);
  expect(second.every((row) => String(row.updatedAt) >= highWater)).toBe(true);
  // Nothing changed since: the next sync from the new mark returns only the last row again.
  const third = await sync(String(second[second.length - 1].updatedAt));
  expect(third.map((row) => row.id)).toEqual([id.d1]);
});
