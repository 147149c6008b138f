import type { Identity } from '@sales-graph/shared/auth/identity';
import { divideHalfEven, fromCents, toCents } from '@sales-graph/shared/money';
import { DAY_MS } from '@sales-graph/shared/time';
import {
  as,
  createCustomer,
  createDeal,
  createLead,
  expectCode,
  must,
  partnerUser,
  seedPartner,
  startTestGraph,
  type TestGraph,
} from '../support';
import { applyAttributionChanges } from '../../subgraphs/customers/src/partner-deals/partner-attributions';
import { reconcileDealChannels } from '../../subgraphs/customers/src/partner-deals/deal-channel';

/**
 * `salesAnalytics` through the gateway on a varied data set (three currencies, every stage,
 * partners of three tiers sourcing and influencing deals, owners, regions, industries, dates):
 * for every dimension and every pair of dimensions its rows and totals equal, exactly, the sums
 * the test computes from the deals list read through the API (channel and partner as the PRM
 * answers them: `sourcedBy`, the lead's `referredBy` / `assignedPartner`). A partner user sees
 * only its own deals; other partners' deals never reach it, whatever it filters by. Bad input is
 * a typed error. The deals' channel columns agree with the projection (reconciliation: zero
 * drift), move once per attribution version, and a drift injected behind the triggers is found
 * and repaired.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const ANALYST = as.analyst;
const DIMENSIONS = [
  'STAGE',
  'CHANNEL',
  'PARTNER',
  'PARTNER_TIER',
  'OWNER',
  'REGION',
  'INDUSTRY',
  'CURRENCY',
  'TIME_BUCKET',
] as const;
type Dimension = (typeof DIMENSIONS)[number];
const BUCKETS = [
  { field: 'CREATED', unit: 'WEEK' },
  { field: 'EXPECTED_CLOSE', unit: 'MONTH' },
  { field: 'CLOSED', unit: 'QUARTER' },
] as const;
type Bucket = (typeof BUCKETS)[number];

const ROW = `currency stage channel partner { id } partnerTier ownerId region industry periodStart
  dealCount amount weightedAmount wonAmount wonCount lostCount winRate averageCycleDays averageDealSize`;
const analyticsQuery = (
  row: string,
) => `query($g: [SalesDimension!]!, $f: DealFilter, $t: SalesTimeBucketInput) {
  salesAnalytics(groupBy: $g, filter: $f, timeBucket: $t) { groupedBy rows { ${row} } totals { ${row} } } }`;
const ANALYTICS = analyticsQuery(ROW);
// A partner user may not read `ownerId` (a staff id) anywhere: FORBIDDEN, as on a deal.
const PARTNER_ANALYTICS = analyticsQuery(ROW.replace('ownerId ', ''));

let graph: TestGraph;
let gold: string;
let silver: string;
let platinum: string;

interface Fact {
  id: string;
  customerId: string;
  cents: bigint;
  currency: string;
  stage: string;
  percent: bigint;
  ownerId: string | null;
  region: string | null;
  industry: string | null;
  channel: string;
  partnerId: string | null;
  partnerTier: string | null;
  createdAt: Date;
  closedAt: Date | null;
  expectedCloseDate: string | null;
}

/** Every live deal as the API answers it (the PRM's attribution included): the oracle's input. */
async function facts(): Promise<Fact[]> {
  const data = await must<Json>(
    graph,
    `{ deals(first: 100) { totalCount edges { node { id amount currency stage probability ownerId createdAt closedAt
        expectedCloseDate customer { id region industry } sourcedBy { id tier }
        lead { referredBy { id tier } assignedPartner { id tier } } } } } }`,
    {},
    ANALYST,
  );
  expect(data.deals.edges.length).toBe(data.deals.totalCount);
  return data.deals.edges.map(({ node }: Json): Fact => {
    const influencer = node.lead?.referredBy ?? node.lead?.assignedPartner ?? null;
    const partner = node.sourcedBy ?? influencer;
    return {
      id: node.id,
      customerId: node.customer.id,
      cents: toCents(node.amount),
      currency: node.currency,
      stage: node.stage,
      percent: BigInt(Math.round(node.probability * 100)),
      ownerId: node.ownerId,
      region: node.customer?.region ?? null,
      industry: node.customer?.industry ?? null,
      channel: node.sourcedBy ? 'PARTNER_SOURCED' : influencer ? 'PARTNER_INFLUENCED' : 'DIRECT',
      partnerId: partner?.id ?? null,
      partnerTier: partner?.tier ?? null,
      createdAt: new Date(node.createdAt),
      closedAt: node.closedAt ? new Date(node.closedAt) : null,
      expectedCloseDate: node.expectedCloseDate,
    };
  });
}

/** The first day of the UTC period holding `day`, as YYYY-MM-DD. */
function periodStart(day: Date | null, unit: Bucket['unit']): string | null {
  if (!day) return null;
  const y = day.getUTCFullYear();
  const m = day.getUTCMonth();
  const start =
    unit === 'WEEK'
      ? new Date(Date.UTC(y, m, day.getUTCDate() - ((day.getUTCDay() + 6) % 7)))
      : new Date(Date.UTC(y, unit === 'MONTH' ? m : m - (m % 3), 1));
  return start.toISOString().slice(0, 10);
}

function keyOf(fact: Fact, dimension: Dimension, bucket?: Bucket): [string, unknown] {
  switch (dimension) {
    case 'STAGE':
      return ['stage', fact.stage];
    case 'CHANNEL':
      return ['channel', fact.channel];
    case 'PARTNER':
      return ['partner', fact.partnerId ? { id: fact.partnerId } : null];
    case 'PARTNER_TIER':
      return ['partnerTier', fact.partnerTier];
    case 'OWNER':
      return ['ownerId', fact.ownerId];
    case 'REGION':
      return ['region', fact.region];
    case 'INDUSTRY':
      return ['industry', fact.industry];
    case 'CURRENCY':
      return ['currency', fact.currency];
    case 'TIME_BUCKET': {
      const date =
        bucket!.field === 'CREATED'
          ? fact.createdAt
          : bucket!.field === 'CLOSED'
            ? fact.closedAt
            : fact.expectedCloseDate
              ? new Date(`${fact.expectedCloseDate}T00:00:00Z`)
              : null;
      return ['periodStart', periodStart(date, bucket!.unit)];
    }
  }
}

const EMPTY_KEYS = {
  stage: null,
  channel: null,
  partner: null,
  partnerTier: null,
  ownerId: null,
  region: null,
  industry: null,
  periodStart: null,
};

/** The rows the answer must hold, computed here from the deals (sorted for comparison). */
function expected(deals: readonly Fact[], dimensions: readonly Dimension[], bucket?: Bucket): Json[] {
  const groups = new Map<string, { keys: Json; deals: Fact[] }>();
  for (const fact of deals) {
    const keys: Json = { ...EMPTY_KEYS, currency: fact.currency };
    for (const dimension of dimensions) {
      const [name, value] = keyOf(fact, dimension, bucket);
      keys[name] = value;
    }
    const id = JSON.stringify(keys);
    if (!groups.has(id)) groups.set(id, { keys, deals: [] });
    groups.get(id)!.deals.push(fact);
  }
  return sorted(
    [...groups.values()].map(({ keys, deals: group }) => {
      const sum = (of: (fact: Fact) => bigint) => group.reduce((total, fact) => total + of(fact), 0n);
      const won = group.filter((fact) => fact.stage === 'CLOSED_WON');
      const lost = group.filter((fact) => fact.stage === 'CLOSED_LOST');
      const cents = sum((fact) => fact.cents);
      const cycleMs = won.reduce(
        (total, fact) => total + (fact.closedAt!.getTime() - fact.createdAt.getTime()),
        0,
      );
      return {
        ...keys,
        dealCount: group.length,
        amount: fromCents(cents),
        weightedAmount: fromCents(
          divideHalfEven(
            sum((fact) => fact.cents * fact.percent),
            100n,
          ),
        ),
        wonAmount: fromCents(won.reduce((total, fact) => total + fact.cents, 0n)),
        wonCount: won.length,
        lostCount: lost.length,
        winRate: won.length + lost.length === 0 ? null : won.length / (won.length + lost.length),
        averageCycleDays: won.length === 0 ? null : cycleMs / won.length / DAY_MS,
        averageDealSize: fromCents(divideHalfEven(cents, BigInt(group.length))),
      };
    }),
  );
}

/** Rows in one order, whatever order their fields came in. */
const sortKey = (row: Json) =>
  JSON.stringify([
    row.currency,
    row.stage,
    row.channel,
    row.partner?.id ?? null,
    row.partnerTier,
    row.ownerId,
    row.region,
    row.industry,
    row.periodStart,
    row.amount,
  ]);
const sorted = (rows: Json[]): Json[] => [...rows].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));

/** Floats compared to 9 places (the answer divides in the database's order, the oracle in its own). */
function comparable(rows: Json[]): Json[] {
  return sorted(
    rows.map((row) => ({
      ...row,
      winRate: row.winRate === null ? null : Number(row.winRate.toFixed(9)),
      averageCycleDays: row.averageCycleDays === null ? null : Number(row.averageCycleDays.toFixed(9)),
    })),
  );
}

async function analytics(
  dimensions: readonly string[],
  options: { bucket?: Bucket; filter?: Json; identity?: Identity } = {},
) {
  return (
    await must<Json>(
      graph,
      options.identity?.role === 'PARTNER' ? PARTNER_ANALYTICS : ANALYTICS,
      { g: dimensions, f: options.filter ?? null, t: options.bucket ?? null },
      options.identity ?? ANALYST,
    )
  ).salesAnalytics;
}

async function checkGrouping(deals: Fact[], dimensions: Dimension[], bucket?: Bucket, identity?: Identity) {
  const answer = await analytics(dimensions, { bucket, identity });
  const partner = identity?.role === 'PARTNER';
  const seen = (rows: Json[]) => (partner ? rows.map(({ ownerId: _hidden, ...row }) => row) : rows);
  const label = `${dimensions.join(' × ')}${bucket ? ` (${bucket.field}/${bucket.unit})` : ''}`;
  expect({ label, rows: comparable(answer.rows) }).toEqual({
    label,
    rows: comparable(seen(expected(deals, dimensions, bucket))),
  });
  expect({ label, totals: comparable(answer.totals) }).toEqual({
    label,
    totals: comparable(seen(expected(deals, []))),
  });
}

const attributeDeal = (dealId: string, partnerId: string | null) =>
  must(
    graph,
    `mutation($d: ID!, $p: ID) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`,
    {
      d: dealId,
      p: partnerId,
    },
  );
const attributeLead = (leadId: string, assigned: string | null, referred: string | null) =>
  must(
    graph,
    `mutation($l: ID!, $a: ID, $r: ID) { attributeLeadToPartner(input: { leadId: $l, assignedPartnerId: $a, referredByPartnerId: $r }) { id } }`,
    { l: leadId, a: assigned, r: referred },
  );

const sourced = new Map<string, string[]>();

beforeAll(async () => {
  graph = await startTestGraph();
  gold = await seedPartner(graph, { name: 'Gold Analytics Partners', tier: 'GOLD' });
  silver = await seedPartner(graph, { name: 'Silver Analytics Partners', tier: 'SILVER' });
  platinum = await seedPartner(graph, { name: 'Platinum Analytics Partners', tier: 'PLATINUM' });
  const customers = [
    await createCustomer(graph, { name: 'Acme Analytics', region: 'EMEA', industry: 'Manufacturing' }),
    await createCustomer(graph, { name: 'Globex Analytics', region: 'NA', industry: 'Software' }),
    await createCustomer(graph, { name: 'Initech Analytics', region: 'NA', industry: 'Finance' }),
    await createCustomer(graph, { name: 'Umbrella Analytics' }),
  ];
  const stages = ['PROSPECTING', 'QUALIFICATION', 'PROPOSAL', 'NEGOTIATION', 'CLOSED_WON', 'CLOSED_LOST'];
  const currencies = ['EUR', 'USD', 'GBP'];
  const owners = ['user:sales-1', 'user:sales-2', 'user:sales-3'];
  const partners = [gold, silver, platinum];
  for (let n = 0; n < 42; n++) {
    const stage = stages[n % stages.length];
    // Amounts with odd cents, so that the weighted amount has to round (x.xx × 0.75, × 0.1 …).
    const amount = `${1000 + ((n * 7919) % 90000)}.${String((n * 37) % 100).padStart(2, '0')}`;
    const lead =
      n % 5 === 2 ? await createLead(graph, { name: `Lead ${n}`, customerId: customers[n % 4].id }) : null;
    const deal = await createDeal(graph, {
      customerId: customers[n % customers.length].id,
      title: `Analytics deal ${n}`,
      amount,
      currency: currencies[(n * 5) % currencies.length],
      stage,
      ownerId: n % 7 === 6 ? null : owners[n % owners.length],
      expectedCloseDate:
        n % 6 === 5 ? null : `2026-0${1 + (n % 9)}-${String(1 + ((n * 3) % 28)).padStart(2, '0')}`,
      leadId: lead?.id ?? null,
      lostReason: stage === 'CLOSED_LOST' ? 'Budget' : null,
    });
    // History: created (and closed) on different days, weeks, months and quarters.
    await graph.crm.query(
      `UPDATE crm.deals SET created_at = created_at - make_interval(days => $2::int),
         closed_at = closed_at - make_interval(days => $3::int) WHERE id = $1`,
      [deal.id, 30 + ((n * 13) % 300), (n * 11) % 25],
    );
    if (n % 3 === 0) {
      const partner = partners[(n / 3) % partners.length];
      await attributeDeal(deal.id, partner);
      sourced.set(partner, [...(sourced.get(partner) ?? []), deal.id]);
    }
    // Influence: the lead referred by one partner, assigned to another (or only assigned).
    if (lead) await attributeLead(lead.id, partners[(n + 1) % 3], n % 2 === 0 ? partners[(n + 2) % 3] : null);
  }
  // One deal attributed and then made direct again; one re-attributed to another partner.
  await attributeDeal(sourced.get(gold)![0], null);
  sourced.set(gold, sourced.get(gold)!.slice(1));
  await graph.settleBackground();
});

afterAll(async () => {
  await graph?.stop();
});

describe('salesAnalytics', () => {
  let deals: Fact[];

  beforeAll(async () => {
    deals = await facts();
    // The data set is what the test means it to be: every channel, several currencies and tiers.
    expect(new Set(deals.map((fact) => fact.channel))).toEqual(
      new Set(['DIRECT', 'PARTNER_SOURCED', 'PARTNER_INFLUENCED']),
    );
    expect(new Set(deals.map((fact) => fact.currency)).size).toBe(3);
    expect(new Set(deals.map((fact) => fact.partnerTier)).size).toBe(4);
  });

  it('answers, for every single dimension, the exact sums of the deals per group and currency', async () => {
    for (const dimension of DIMENSIONS) {
      if (dimension === 'TIME_BUCKET')
        for (const bucket of BUCKETS) await checkGrouping(deals, [dimension], bucket);
      else await checkGrouping(deals, [dimension]);
    }
    // No dimension at all: one row per currency, the totals.
    await checkGrouping(deals, []);
  });

  it('answers, for every pair of dimensions, the exact sums of the deals per group and currency', async () => {
    let pairs = 0;
    for (let i = 0; i < DIMENSIONS.length; i++)
      for (let j = i + 1; j < DIMENSIONS.length; j++) {
        const pair = [DIMENSIONS[i], DIMENSIONS[j]];
        await checkGrouping(deals, pair, pair.includes('TIME_BUCKET') ? BUCKETS[pairs % 3] : undefined);
        pairs += 1;
      }
    expect(pairs).toBe(36);
  });

  it('takes the deals list filter, and a three-dimension grouping with the time bucket', async () => {
    const filter = { stageIs: { in: ['CLOSED_WON', 'CLOSED_LOST'] } };
    const closed = deals.filter((fact) => fact.stage === 'CLOSED_WON' || fact.stage === 'CLOSED_LOST');
    const answer = await analytics(['CHANNEL', 'PARTNER_TIER', 'TIME_BUCKET'], {
      filter,
      bucket: BUCKETS[2],
    });
    expect(comparable(answer.rows)).toEqual(
      comparable(expected(closed, ['CHANNEL', 'PARTNER_TIER', 'TIME_BUCKET'], BUCKETS[2])),
    );
    expect(answer.groupedBy).toEqual(['CHANNEL', 'PARTNER_TIER', 'TIME_BUCKET', 'CURRENCY']);
    // Never across currencies: each currency has its own total row.
    expect(answer.totals.map((row: Json) => row.currency).sort()).toEqual(
      [...new Set(closed.map((fact) => fact.currency))].sort(),
    );
  });

  it('resolves the partner of a row through the gateway', async () => {
    const answer = await must<Json>(
      graph,
      `{ salesAnalytics(groupBy: [PARTNER]) { rows { partner { id name tier } dealCount } } }`,
      {},
      as.sales,
    );
    const names = answer.salesAnalytics.rows.map((row: Json) => row.partner?.name ?? null);
    expect(new Set(names)).toEqual(
      new Set([null, 'Gold Analytics Partners', 'Silver Analytics Partners', 'Platinum Analytics Partners']),
    );
  });

  it('refuses bad input with typed errors', async () => {
    const run = (variables: Json, identity: Identity = ANALYST) =>
      graph.query(ANALYTICS, variables, identity);
    expectCode(await run({ g: ['STAGE', 'STAGE'] }), 'BAD_USER_INPUT');
    expectCode(await run({ g: ['STAGE', 'CHANNEL', 'PARTNER', 'OWNER', 'REGION'] }), 'BAD_USER_INPUT');
    expectCode(await run({ g: ['TIME_BUCKET'] }), 'BAD_USER_INPUT');
    expectCode(await run({ g: ['STAGE'], t: { field: 'CREATED', unit: 'WEEK' } }), 'BAD_USER_INPUT');
    expectCode(await run({ g: ['TIME_BUCKET'], t: { field: 'CREATED', unit: 'DAY' } }), 'BAD_USER_INPUT');
    expectCode(await run({ g: ['COLOUR'] }), 'BAD_USER_INPUT');
    expectCode(await run({ g: ['STAGE'], f: { amount: { gt: 'lots' } } }), 'BAD_USER_INPUT');
    // Four dimensions besides CURRENCY are the most one query may group by.
    const four = await run({ g: ['STAGE', 'CHANNEL', 'PARTNER_TIER', 'REGION', 'CURRENCY'] });
    expect(four.errors).toBeUndefined();
  });
});

describe('salesAnalytics for a partner user', () => {
  it('counts only the deals its partner sourced, whatever it groups or filters by', async () => {
    const user = await partnerUser(graph, gold);
    const all = await facts();
    const own = all.filter((fact) => sourced.get(gold)!.includes(fact.id));
    expect(own.length).toBeGreaterThan(0);
    // What the partner reads through the deals list is exactly its sourced deals.
    const visible = await must<Json>(graph, `{ deals(first: 100) { edges { node { id } } } }`, {}, user);
    expect(new Set(visible.deals.edges.map(({ node }: Json) => node.id))).toEqual(new Set(sourced.get(gold)));
    for (const dimensions of [
      ['CHANNEL', 'PARTNER'],
      ['PARTNER_TIER', 'STAGE'],
      ['CURRENCY'],
      [],
    ] as Dimension[][])
      await checkGrouping(own, dimensions, undefined, user);
    const answer = await must<Json>(
      graph,
      `{ salesAnalytics(groupBy: [PARTNER]) { rows { partner { id name } dealCount } } }`,
      {},
      user,
    );
    expect(answer.salesAnalytics.rows.map((row: Json) => row.partner)).toEqual(
      answer.salesAnalytics.rows.map(() => ({ id: gold, name: 'Gold Analytics Partners' })),
    );

    // Naming another partner's deals or customers gives nothing of theirs.
    const theirs = [...sourced.get(silver)!, ...sourced.get(platinum)!];
    const named = await analytics(['PARTNER', 'CHANNEL'], { filter: { id: { in: theirs } }, identity: user });
    expect(named).toEqual({ groupedBy: ['PARTNER', 'CHANNEL', 'CURRENCY'], rows: [], totals: [] });
    const direct = all.find((fact) => fact.channel === 'DIRECT')!;
    const byId = await analytics(['STAGE'], { filter: { id: { eq: direct.id } }, identity: user });
    expect(byId.rows).toEqual([]);

    // Dimensions that reveal what a partner may not read are refused.
    for (const dimension of ['OWNER', 'REGION', 'INDUSTRY'])
      expectCode(await graph.query(PARTNER_ANALYTICS, { g: [dimension] }, user), 'FORBIDDEN');
    expectCode(await graph.query(ANALYTICS, { g: ['STAGE'] }, user), 'FORBIDDEN');
  });
});

describe('the deals’ channel columns', () => {
  const channelOf = async (dealId: string) =>
    (
      await graph.crm.query(`SELECT channel, channel_partner_id AS partner FROM crm.deals WHERE id = $1`, [
        dealId,
      ])
    )[0] as { channel: string; partner: string | null };

  it('agree with the projection for every deal (zero drift)', async () => {
    const report = await reconcileDealChannels(graph.crm);
    expect(report.checked).toBeGreaterThanOrEqual(42);
    expect(report).toMatchObject({ drift: 0, repaired: 0, samples: [] });
  });

  it('move once per attribution version: an older or repeated version changes nothing', async () => {
    const dealId = sourced.get(silver)![0];
    const [{ version }] = await graph.crm.query(
      `SELECT version::text AS version FROM crm.partner_attributions WHERE record_id = $1 AND role = 'SOURCED'`,
      [dealId],
    );
    const change = (partnerId: string | null, at: bigint) => [
      {
        recordId: dealId,
        role: 'SOURCED',
        partnerId,
        version: String(at),
        attributedAt: new Date().toISOString(),
      },
    ];
    expect(await applyAttributionChanges(graph.crm, change(platinum, BigInt(version) - 1n))).toBe(0);
    expect(await applyAttributionChanges(graph.crm, change(platinum, BigInt(version)))).toBe(0);
    expect(await channelOf(dealId)).toEqual({ channel: 'PARTNER_SOURCED', partner: silver });
    expect(await applyAttributionChanges(graph.crm, change(null, BigInt(version) + 1n))).toBe(1);
    expect((await channelOf(dealId)).channel).not.toBe('PARTNER_SOURCED');
    expect(await applyAttributionChanges(graph.crm, change(silver, BigInt(version) + 2n))).toBe(1);
    expect(await channelOf(dealId)).toEqual({ channel: 'PARTNER_SOURCED', partner: silver });
    // Nothing but the triggers may set them: a direct write is recomputed.
    await graph.crm.query(
      `UPDATE crm.deals SET channel = 'DIRECT', channel_partner_id = NULL WHERE id = $1`,
      [dealId],
    );
    expect(await channelOf(dealId)).toEqual({ channel: 'PARTNER_SOURCED', partner: silver });
  });

  it('a drift injected behind the triggers is found by the reconciliation and repaired', async () => {
    const dealId = sourced.get(platinum)![0];
    await graph.crm.transaction(async (manager) => {
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(
        `UPDATE crm.deals SET channel = 'DIRECT', channel_partner_id = NULL WHERE id = $1`,
        [dealId],
      );
    });
    const found = await reconcileDealChannels(graph.crm, { repair: true });
    expect(found).toMatchObject({
      drift: 1,
      repaired: 1,
      samples: [{ dealId, stored: 'DIRECT:-', expected: `PARTNER_SOURCED:${platinum}` }],
    });
    expect(await reconcileDealChannels(graph.crm)).toMatchObject({ drift: 0 });
    expect(await channelOf(dealId)).toEqual({ channel: 'PARTNER_SOURCED', partner: platinum });
  });
});

describe('Customer.insights by channel', () => {
  it("splits each customer's pipeline and won revenue by channel and currency, and names its partners of record", async () => {
    const deals = await facts();
    const customerIds = [...new Set(deals.map((fact) => fact.customerId))];
    const answer = await must<Json>(
      graph,
      `query($ids: [ID!]) { customers(first: 10, filter: { id: { in: $ids } }) { edges { node { id insights {
          byChannel { channel currency dealCount openPipelineAmount wonRevenue }
          partnersOfRecord { id name tier } } } } } }`,
      { ids: customerIds },
      as.sales,
    );
    const names = new Map([
      [gold, 'Gold Analytics Partners'],
      [silver, 'Silver Analytics Partners'],
      [platinum, 'Platinum Analytics Partners'],
    ]);
    expect(answer.customers.edges).toHaveLength(customerIds.length);
    for (const { node } of answer.customers.edges) {
      const own = deals.filter((fact) => fact.customerId === node.id);
      const groups = new Map<string, Fact[]>();
      for (const fact of own) {
        const key = `${fact.channel}|${fact.currency}`;
        groups.set(key, [...(groups.get(key) ?? []), fact]);
      }
      const sum = (facts: Fact[]) => fromCents(facts.reduce((total, fact) => total + fact.cents, 0n));
      const expectedByChannel = [...groups.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, group]) => ({
          channel: key.split('|')[0],
          currency: key.split('|')[1],
          dealCount: group.length,
          openPipelineAmount: sum(group.filter((fact) => !fact.stage.startsWith('CLOSED'))),
          wonRevenue: sum(group.filter((fact) => fact.stage === 'CLOSED_WON')),
        }));
      expect(node.insights.byChannel).toEqual(expectedByChannel);
      const partnerIds = [...new Set(own.flatMap((fact) => (fact.partnerId ? [fact.partnerId] : [])))].sort();
      expect(node.insights.partnersOfRecord).toEqual(
        partnerIds.map((id) => ({ id, name: names.get(id), tier: expect.any(String) })),
      );
    }
    expect(answer.customers.edges.some(({ node }: Json) => node.insights.partnersOfRecord.length > 1)).toBe(
      true,
    );
  });
});

describe("the deals' copy of their customer's region and industry", () => {
  it('follows the customer through a change and a deletion, and reconciles with zero drift', async () => {
    const customer = await createCustomer(graph, { name: 'Moving Co', region: 'LATAM', industry: 'Retail' });
    const deal = await createDeal(graph, { customerId: customer.id, title: 'Moving deal', amount: '10.00' });
    const segment = async () =>
      (await analytics(['REGION', 'INDUSTRY'], { filter: { id: { eq: deal.id } } })).rows.map((row: Json) => [
        row.region,
        row.industry,
      ]);
    expect(await segment()).toEqual([['LATAM', 'Retail']]);
    await must(graph, `mutation($id: ID!) { updateCustomer(id: $id, input: { region: "APAC" }) { id } }`, {
      id: customer.id,
    });
    expect(await segment()).toEqual([['APAC', 'Retail']]);
    await must(graph, `mutation($id: ID!) { deleteCustomer(id: $id) { id } }`, { id: customer.id });
    // As the deal answers it: `Deal.customer` is null once the customer is deleted.
    expect(await segment()).toEqual([[null, null]]);
    expect(await reconcileDealChannels(graph.crm)).toMatchObject({ drift: 0 });
  });
});
