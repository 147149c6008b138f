import type { Identity } from '@sales-graph/shared/auth/identity';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import {
  as,
  createCustomer,
  createDeal,
  expectCode,
  ok,
  partnerUser,
  seedPartner,
  staff,
  startTestGraph,
  type TestGraph,
} from '../support';

/**
 * Forecast (issue 14 item 5) through the gateway, as the people who use it. A sales manager sets
 * the quarter's quotas of the two reps of their team (not their own, not another team's, no
 * overlap); the ADMIN sets the team's. The manager reads the team forecast: per category count,
 * amount and weighted amount, won and lost, open pipeline, quota, attainment, gap and coverage,
 * per member, per currency and converted into USD at a date, every figure pinned by the hand
 * computation in the comments. The ADMIN takes the weekly snapshot (twice: one snapshot), deals
 * move, and `forecastChanges` lists exactly the deals that changed with before and after, and
 * the category deltas. A rep of another team and a partner user are refused everywhere; the
 * weekly job takes the next week's snapshot once and drops those past retention.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let graph: TestGraph;
let partner: Identity;
const MANAGER: Identity = { ...staff('SALES', 'user:fc-manager'), name: 'Mona Manager' };
const ANA: Identity = { ...staff('SALES', 'user:fc-ana'), name: 'Ana Rep' };
const BEN: Identity = { ...staff('SALES', 'user:fc-ben'), name: 'Ben Rep' };
const OLGA: Identity = { ...staff('SALES', 'user:fc-olga'), name: 'Olga Other' };
const users: Record<string, string> = {};
const deals: Record<string, string> = {};
let team: string;
let otherTeam: string;

// The quarter of today (UTC): open deals close inside it by expected date, won and lost deals
// are closed today. Every date below is an offset from its first day, not from the clock.
const today = new Date();
const Q_START = `${today.getUTCFullYear()}-${String(Math.floor(today.getUTCMonth() / 3) * 3 + 1).padStart(2, '0')}-01`;
const day = (offset: number) =>
  new Date(Date.parse(`${Q_START}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
const NEXT_QUARTER = day(100);
const QUARTER = { type: 'QUARTER', start: Q_START };

const query = (q: string, v: Json, who: Identity) => graph.query(q, v, who);
const okAs = async (who: Identity, q: string, v: Json = {}): Promise<Json> =>
  ok(await query(q, v, who)) as Json;

const SET_QUOTA = `mutation($i: SetQuotaInput!) { setQuota(input: $i) { id userId teamId periodStart periodEnd amount currency user { sub } team { name } } }`;
const FIGURES = `currency categories { category dealCount amount weightedAmount } dealCount openDealCount openAmount
  openWeightedAmount wonCount wonAmount lostCount quota attainment gap coverage`;
const FORECAST = `query($i: ForecastInput!) { forecast(input: $i) { from to userId teamId figures { ${FIGURES} }
  members { userId user { sub } figures { ${FIGURES} } converted { ${FIGURES} } }
  converted { currency at figures { ${FIGURES} } rates { from to rate effectiveDate } } } }`;
const CHANGES = `query($i: ForecastChangesInput!) { forecastChanges(input: $i) { snapshot { id weekStart dealCount } from to
  categories { category currency countBefore countAfter countDelta amountBefore amountAfter amountDelta weightedBefore weightedAfter weightedDelta }
  deals { dealId kinds before { ownerId stage forecastCategory amount currency expectedCloseDate inPeriod } after { ownerId stage forecastCategory amount currency expectedCloseDate inPeriod } }
  hasMore endCursor } }`;

const REASSIGN = `mutation($ids: [ID!]!, $to: ID!) { reassignOwner(recordType: DEAL, ids: $ids, toUserId: $to, reason: "Territory change") { recordId } }`;

const userId = async (who: Identity) => {
  const data = await okAs(
    as.admin,
    `query($s: String!) { users(filter: { sub: { eq: $s } }) { edges { node { id } } } }`,
    {
      s: who.sub,
    },
  );
  return data.users.edges[0].node.id as string;
};

/** The five categories with zeros but those given. */
const categories = (given: Record<string, [number, string, string]>) =>
  ['PIPELINE', 'BEST_CASE', 'COMMIT', 'CLOSED', 'OMITTED'].map((category) => {
    const [dealCount, amount, weightedAmount] = given[category] ?? [0, '0.00', '0.00'];
    return { category, dealCount, amount, weightedAmount };
  });

beforeAll(async () => {
  graph = await startTestGraph();
  partner = await partnerUser(graph, await seedPartner(graph, { name: 'Forecast Probe', tier: 'GOLD' }));
  for (const person of [MANAGER, ANA, BEN, OLGA]) {
    await okAs(person, `{ users(first: 1) { totalCount } }`);
    users[person.sub] = await userId(person);
  }
  const created = await okAs(
    as.admin,
    `mutation($m: ID!) { a: createTeam(input: { name: "Forecasters", managerId: $m }) { id } }`,
    {
      m: users[MANAGER.sub],
    },
  );
  team = created.a.id;
  const other = await okAs(
    as.admin,
    `mutation($m: ID!) { createTeam(input: { name: "Elsewhere", managerId: $m }) { id } }`,
    {
      m: users[OLGA.sub],
    },
  );
  otherTeam = other.createTeam.id;
  await okAs(as.admin, `mutation($u: [ID!]!, $t: ID!) { setUsersTeam(userIds: $u, teamId: $t) { id } }`, {
    u: [users[MANAGER.sub], users[ANA.sub], users[BEN.sub]],
    t: team,
  });
  await okAs(as.admin, `mutation($u: [ID!]!, $t: ID!) { setUsersTeam(userIds: $u, teamId: $t) { id } }`, {
    u: [users[OLGA.sub]],
    t: otherTeam,
  });
  await okAs(
    as.admin,
    `mutation($r: [ExchangeRateInput!]!) { importExchangeRates(rates: $r) { currency } }`,
    {
      r: [
        { currency: 'EUR', rateToCorporate: '1.1', effectiveDate: '2026-01-01' },
        { currency: 'EUR', rateToCorporate: '1.2', effectiveDate: '2026-07-01' },
      ],
    },
  );
  const customerId = (await createCustomer(graph, 'Forecast Foods')).id;
  const deal = async (key: string, who: Identity, input: Json) => {
    deals[key] = (
      await createDeal(graph, { customerId, title: `Forecast ${key}`, currency: 'USD', ...input }, who)
    ).id;
  };
  await deal('a1', ANA, { amount: '10000.00', stage: 'PROPOSAL', expectedCloseDate: day(10) });
  await deal('a2', ANA, { amount: '3333.33', stage: 'NEGOTIATION', expectedCloseDate: day(20) });
  await deal('a3', ANA, { amount: '4000.00', stage: 'CLOSED_WON', expectedCloseDate: day(1) });
  await deal('a4', ANA, {
    amount: '1000.00',
    currency: 'EUR',
    stage: 'PROSPECTING',
    expectedCloseDate: day(5),
  });
  await deal('a5', ANA, { amount: '500.00', stage: 'PROSPECTING', expectedCloseDate: NEXT_QUARTER });
  await deal('b1', BEN, { amount: '2000.00', stage: 'QUALIFICATION', expectedCloseDate: day(30) });
  await deal('b2', BEN, {
    amount: '700.00',
    stage: 'CLOSED_LOST',
    lostReason: 'Budget',
    expectedCloseDate: day(2),
  });
  await deal('o1', OLGA, { amount: '9999.00', stage: 'NEGOTIATION', expectedCloseDate: day(15) });
});

afterAll(async () => {
  await graph?.stop();
});

describe('quotas', () => {
  it("a manager sets the quarter's quotas of their team's reps; the ADMIN the team's; audited", async () => {
    const ana = await okAs(MANAGER, SET_QUOTA, {
      i: { userId: users[ANA.sub], period: QUARTER, amount: '20000', currency: 'usd' },
    });
    expect(ana.setQuota).toMatchObject({
      userId: users[ANA.sub],
      teamId: null,
      periodStart: Q_START,
      periodEnd: day(0).slice(0, 5) + ana.setQuota.periodEnd.slice(5),
      amount: '20000.00',
      currency: 'USD',
      user: { sub: ANA.sub },
      team: null,
    });
    // Setting the same period again replaces the amount of the same quota.
    const again = await okAs(MANAGER, SET_QUOTA, {
      i: { userId: users[ANA.sub], period: QUARTER, amount: '20000.00', currency: 'USD' },
    });
    expect(again.setQuota.id).toBe(ana.setQuota.id);
    await okAs(MANAGER, SET_QUOTA, {
      i: { userId: users[BEN.sub], period: QUARTER, amount: '10000.00', currency: 'USD' },
    });
    const teamQuota = await okAs(as.admin, SET_QUOTA, {
      i: { teamId: team, period: QUARTER, amount: '40000.00', currency: 'USD' },
    });
    expect(teamQuota.setQuota).toMatchObject({ teamId: team, userId: null, team: { name: 'Forecasters' } });
    const audit = await graph.crm.query(
      `SELECT action, actor_sub, after->>'amount' AS amount FROM crm.audit_log WHERE record_type = 'Quota' ORDER BY id`,
    );
    expect(audit.filter((row: Json) => row.action === 'CREATE')).toHaveLength(3);
    expect(audit.map((row: Json) => row.actor_sub)).toEqual(
      expect.arrayContaining([MANAGER.sub, as.admin.sub]),
    );
  });

  it('refuses what a manager may not set, an overlap, and bad input, typed and writing nothing', async () => {
    const count = async () => (await graph.crm.query(`SELECT count(*)::int AS n FROM crm.quotas`))[0].n;
    const before = await count();
    const set = (who: Identity, i: Json) => query(SET_QUOTA, { i }, who);
    const base = { period: QUARTER, amount: '1.00', currency: 'USD' };
    expectCode(await set(MANAGER, { ...base, userId: users[MANAGER.sub] }), 'FORBIDDEN');
    expectCode(await set(MANAGER, { ...base, userId: users[OLGA.sub] }), 'FORBIDDEN');
    expectCode(await set(MANAGER, { ...base, teamId: team }), 'FORBIDDEN');
    expectCode(await set(ANA, { ...base, userId: users[BEN.sub] }), 'FORBIDDEN');
    expectCode(await set(as.analyst, { ...base, userId: users[BEN.sub] }), 'FORBIDDEN');
    expectCode(await set(as.marketing, { ...base, userId: users[BEN.sub] }), 'FORBIDDEN');
    expectCode(await set(partner, { ...base, userId: users[BEN.sub] }), 'FORBIDDEN');
    // A month inside Ana's quarter overlaps it.
    const overlap = await set(MANAGER, {
      ...base,
      userId: users[ANA.sub],
      period: { type: 'MONTH', start: Q_START },
    });
    expectCode(overlap, 'CONFLICT');
    for (const bad of [
      { ...base, userId: users[ANA.sub], teamId: team },
      { ...base },
      { ...base, userId: users[ANA.sub], amount: '-1.00' },
      { ...base, userId: users[ANA.sub], amount: '1.001' },
      { ...base, userId: users[ANA.sub], currency: 'XXZ' },
      { ...base, userId: users[ANA.sub], period: { type: 'QUARTER', start: day(1) } },
      { ...base, userId: users[ANA.sub], period: { from: day(10), to: day(1) } },
      { ...base, userId: users[ANA.sub], period: { from: day(0), to: day(400) } },
      {
        ...base,
        userId: users[ANA.sub],
        period: { from: day(0), to: day(1), type: 'MONTH', start: Q_START },
      },
      { ...base, userId: '00000000-0000-4000-8000-000000000000' },
      { ...base, teamId: 'not-an-id' },
    ])
      expectCode(await set(as.admin, bad), 'BAD_USER_INPUT');
    expect(await count()).toBe(before);
  });

  it('lists quotas through listPage: SALES its own team only, ANALYST all, partner and marketing nothing', async () => {
    const LIST = `query($f: QuotaFilter) { quotas(first: 50, filter: $f, orderBy: { field: UPDATED_AT, direction: ASC }) { totalCount edges { node { userId teamId amount } } } }`;
    expect((await okAs(ANA, LIST)).quotas.totalCount).toBe(3);
    expect((await okAs(as.analyst, LIST)).quotas.totalCount).toBe(3);
    expect((await okAs(OLGA, LIST)).quotas.totalCount).toBe(0);
    // An `or` in the filter does not widen the reach.
    expect(
      (await okAs(OLGA, LIST, { f: { or: [{ teamId: { eq: team } }, { userId: { eq: users[ANA.sub] } }] } }))
        .quotas.totalCount,
    ).toBe(0);
    const filtered = await okAs(as.admin, LIST, { f: { teamId: { eq: team } } });
    expect(filtered.quotas.edges.map((e: Json) => e.node)).toEqual([
      { userId: null, teamId: team, amount: '40000.00' },
    ]);
    for (const who of [partner, as.marketing, as.support, as.channelManager]) {
      const response = await query(LIST, {}, who);
      expectCode(response, 'FORBIDDEN');
      expect(response.data?.quotas ?? null).toBeNull();
    }
  });
});

// Team forecast by hand (USD; stage probabilities 10/20/50/75/100/0 %):
// a1 PROPOSAL 10000.00 → BEST_CASE, weighted 5000.00; a2 NEGOTIATION 3333.33 → COMMIT, 2499.9975;
// a3 won 4000.00 → CLOSED; b1 QUALIFICATION 2000.00 → PIPELINE 400.00; b2 lost 700.00 → OMITTED 0.
// a4 (EUR 1000.00 PROSPECTING → PIPELINE 100.00) is the EUR row; a5 closes next quarter; o1 is
// another team's. Open pipeline 10000 + 3333.33 + 2000 = 15333.33, weighted 7899.9975 → 7900.00
// (rounded once; per deal 5000 + 2500.00 + 400 would be the same here, COMMIT alone 2500.00).
// Team quota 40000.00: attainment 4000 / 40000 = 0.1, gap 36000.00, coverage 15333.33 / 36000
// = 0.42592… → 0.4259. Into USD at 2026-06-30 (EUR 1.1): PIPELINE 2000 + 1100 = 3100.00 weighted
// 400 + 110 = 510.00; open 16433.33, weighted 8010.00; coverage 16433.33 / 36000 = 0.4565.
const TEAM_USD = {
  currency: 'USD',
  categories: categories({
    PIPELINE: [1, '2000.00', '400.00'],
    BEST_CASE: [1, '10000.00', '5000.00'],
    COMMIT: [1, '3333.33', '2500.00'],
    CLOSED: [1, '4000.00', '4000.00'],
    OMITTED: [1, '700.00', '0.00'],
  }),
  dealCount: 5,
  openDealCount: 3,
  openAmount: '15333.33',
  openWeightedAmount: '7900.00',
  wonCount: 1,
  wonAmount: '4000.00',
  lostCount: 1,
  quota: '40000.00',
  attainment: 0.1,
  gap: '36000.00',
  coverage: 0.4259,
};
const TEAM_EUR = {
  currency: 'EUR',
  categories: categories({ PIPELINE: [1, '1000.00', '100.00'] }),
  dealCount: 1,
  openDealCount: 1,
  openAmount: '1000.00',
  openWeightedAmount: '100.00',
  wonCount: 0,
  wonAmount: '0.00',
  lostCount: 0,
  quota: null,
  attainment: null,
  gap: null,
  coverage: null,
};

describe('the team forecast', () => {
  it('the manager reads it per category, currency and member, pinned by hand, converted at a date', async () => {
    const { forecast } = await okAs(MANAGER, FORECAST, {
      i: { teamId: team, period: QUARTER, convert: { currency: 'USD', at: '2026-06-30' } },
    });
    expect(forecast).toMatchObject({ from: Q_START, teamId: team, userId: null });
    expect(forecast.figures).toEqual([TEAM_EUR, TEAM_USD]);
    // Members by sub: Ana (quota 20000.00, won 4000.00: 0.2, gap 16000.00, open 13333.33 → 0.8333),
    // Ben (quota 10000.00, nothing won: 0, open 2000.00 → 0.2), the manager (nothing).
    expect(forecast.members.map((m: Json) => m.user.sub)).toEqual([ANA.sub, BEN.sub, MANAGER.sub]);
    const [ana, ben, manager] = forecast.members;
    expect(ana.figures.map((f: Json) => f.currency)).toEqual(['EUR', 'USD']);
    expect(ana.figures[1]).toMatchObject({
      dealCount: 3,
      openAmount: '13333.33',
      openWeightedAmount: '7500.00',
      wonAmount: '4000.00',
      quota: '20000.00',
      attainment: 0.2,
      gap: '16000.00',
      coverage: 0.8333,
    });
    expect(ben.figures).toEqual([
      {
        currency: 'USD',
        categories: categories({ PIPELINE: [1, '2000.00', '400.00'], OMITTED: [1, '700.00', '0.00'] }),
        dealCount: 2,
        openDealCount: 1,
        openAmount: '2000.00',
        openWeightedAmount: '400.00',
        wonCount: 0,
        wonAmount: '0.00',
        lostCount: 1,
        quota: '10000.00',
        attainment: 0,
        gap: '10000.00',
        coverage: 0.2,
      },
    ]);
    expect(manager.figures).toEqual([]);
    // Ana converted: 13333.33 + 1100.00 open, quota 20000.00.
    expect(ana.converted).toMatchObject({ currency: 'USD', openAmount: '14433.33', quota: '20000.00' });
    expect(forecast.converted).toEqual({
      currency: 'USD',
      at: '2026-06-30',
      figures: {
        ...TEAM_USD,
        categories: categories({
          PIPELINE: [2, '3100.00', '510.00'],
          BEST_CASE: [1, '10000.00', '5000.00'],
          COMMIT: [1, '3333.33', '2500.00'],
          CLOSED: [1, '4000.00', '4000.00'],
          OMITTED: [1, '700.00', '0.00'],
        }),
        dealCount: 6,
        openDealCount: 4,
        openAmount: '16433.33',
        openWeightedAmount: '8010.00',
        coverage: 0.4565,
      },
      rates: [
        { from: 'EUR', to: 'USD', rate: '1.100000000000', effectiveDate: '2026-01-01' },
        { from: 'USD', to: 'USD', rate: '1.000000000000', effectiveDate: null },
      ],
    });
  });

  it('is one GROUP BY on the deals, and as many statements, whatever the number of deals', async () => {
    const logger = statementCounter(graph.crm);
    const count = async () => {
      const statements: string[] = [];
      const original = logger.logQuery.bind(logger);
      logger.logQuery = (text: string, parameters?: unknown[]) => {
        statements.push(text);
        original(text, parameters);
      };
      try {
        await okAs(MANAGER, FORECAST, { i: { teamId: team, period: QUARTER } });
      } finally {
        logger.logQuery = original;
      }
      return {
        all: statements.length,
        deals: statements.filter((q) => /"crm"\."deals"|crm\.deals/.test(q)).length,
      };
    };
    const few = await count();
    const customerId = (await createCustomer(graph, 'More Deals Ltd')).id;
    const extras: string[] = [];
    for (let n = 0; n < 5; n += 1)
      extras.push(
        (
          await createDeal(
            graph,
            {
              customerId,
              title: `extra ${n}`,
              amount: '1.00',
              currency: 'GBP',
              expectedCloseDate: day(60),
              stage: 'PROSPECTING',
            },
            BEN,
          )
        ).id,
      );
    const after = await okAs(MANAGER, FORECAST, { i: { teamId: team, period: QUARTER } });
    expect(after.forecast.figures.map((f: Json) => f.currency)).toEqual(['EUR', 'GBP', 'USD']);
    expect(await count()).toEqual(few);
    expect(few.deals).toBe(1);
    // The extras go to another team (they are not part of the story below).
    await okAs(as.admin, REASSIGN, { ids: extras, to: users[OLGA.sub] });
  });

  it("a rep reads their own and their team's forecast; not another team's, nor the company's", async () => {
    const own = await okAs(ANA, FORECAST, { i: { userId: users[ANA.sub], period: QUARTER } });
    expect(own.forecast.members).toEqual([]);
    expect(own.forecast.figures[1]).toMatchObject({ currency: 'USD', quota: '20000.00', attainment: 0.2 });
    expect((await okAs(ANA, FORECAST, { i: { teamId: team, period: QUARTER } })).forecast.figures).toEqual([
      TEAM_EUR,
      TEAM_USD,
    ]);
    const ben = await okAs(ANA, FORECAST, { i: { userId: users[BEN.sub], period: QUARTER } });
    expect(ben.forecast.figures.map((f: Json) => [f.currency, f.quota])).toEqual([['USD', '10000.00']]);
    for (const i of [
      { teamId: team, period: QUARTER },
      { userId: users[ANA.sub], period: QUARTER },
      { userId: users[MANAGER.sub], period: QUARTER },
    ]) {
      const response = await query(FORECAST, { i }, OLGA);
      expectCode(response, 'FORBIDDEN');
      expect(response.data).toBeNull();
    }
    expectCode(await query(FORECAST, { i: { period: QUARTER } }, ANA), 'FORBIDDEN');
    expectCode(await query(FORECAST, { i: { teamId: otherTeam, period: QUARTER } }, MANAGER), 'FORBIDDEN');
    const olga = await okAs(OLGA, FORECAST, { i: { teamId: otherTeam, period: QUARTER } });
    expect(olga.forecast.figures.find((f: Json) => f.currency === 'USD')).toMatchObject({
      currency: 'USD',
      openAmount: '9999.00',
    });
  });

  it('the analyst reads the company; marketing, support and a partner user nothing', async () => {
    const company = await okAs(as.analyst, FORECAST, { i: { period: QUARTER } });
    const usd = company.forecast.figures.find((f: Json) => f.currency === 'USD');
    // The team's 15333.33 and Olga's 9999.00; the company quota is its teams' (40000.00).
    expect(usd).toMatchObject({ openAmount: '25332.33', wonAmount: '4000.00', quota: '40000.00' });
    for (const who of [as.marketing, as.support, as.channelManager, partner]) {
      const response = await query(FORECAST, { i: { teamId: team, period: QUARTER } }, who);
      expectCode(response, 'FORBIDDEN');
      expect(response.data).toBeNull();
    }
    for (const bad of [
      { period: { type: 'QUARTER', start: day(3) } },
      { teamId: team, userId: users[ANA.sub], period: QUARTER },
      { teamId: '00000000-0000-4000-8000-000000000000', period: QUARTER },
      { period: QUARTER, convert: { currency: 'USD', at: '2025-06-30' } },
    ])
      expectCode(await query(FORECAST, { i: bad }, as.analyst), 'BAD_USER_INPUT');
  });
});

describe('weekly snapshots and what changed since', () => {
  let first: Json;
  const KIND_ORDER = (rows: Json[]) => [...rows].sort((a, b) => (a.dealId < b.dealId ? -1 : 1));

  it("the ADMIN takes the week's snapshot; twice in the week is still one", async () => {
    const TAKE = `mutation { takeForecastSnapshot { id weekStart dealCount } }`;
    first = (await okAs(as.admin, TAKE)).takeForecastSnapshot;
    expect(first.dealCount).toBe(13);
    expect((await okAs(as.admin, TAKE)).takeForecastSnapshot).toEqual(first);
    expect((await graph.crm.query(`SELECT count(*)::int AS n FROM crm.forecast_snapshots`))[0].n).toBe(1);
    for (const who of [MANAGER, as.analyst, partner]) expectCode(await query(TAKE, {}, who), 'FORBIDDEN');
    const none = await okAs(MANAGER, CHANGES, { i: { teamId: team, period: QUARTER } });
    expect(none.forecastChanges.deals).toEqual([]);
    expect(
      none.forecastChanges.categories.every((c: Json) => c.countDelta === 0 && c.amountDelta === '0.00'),
    ).toBe(true);
  });

  it('deals move; the changes since the snapshot are listed exactly, with the category deltas', async () => {
    const update = (id: string, input: Json, who: Identity = ANA) =>
      okAs(who, `mutation($id: ID!, $i: UpdateDealInput!) { updateDeal(id: $id, input: $i) { id } }`, {
        id,
        i: input,
      });
    await update(deals.a1, { amount: '12000.00' });
    await okAs(ANA, `mutation($id: ID!) { moveDealStage(id: $id, stage: CLOSED_WON) { id } }`, {
      id: deals.a2,
    });
    await update(deals.b1, { expectedCloseDate: NEXT_QUARTER }, BEN);
    await update(deals.a5, { expectedCloseDate: day(40) });
    const customerId = (await createCustomer(graph, 'Newcomer Inc')).id;
    deals.n1 = (
      await createDeal(
        graph,
        {
          customerId,
          title: 'Forecast n1',
          amount: '800.00',
          currency: 'USD',
          stage: 'PROPOSAL',
          expectedCloseDate: day(50),
        },
        BEN,
      )
    ).id;
    // a4 goes to a rep of another team: out of this team's forecast.
    await okAs(as.admin, REASSIGN, { ids: [deals.a4], to: users[OLGA.sub] });
    // Olga's deal moves too, outside the team's scope: not listed.
    await update(deals.o1, { amount: '1.00' }, OLGA);

    const { forecastChanges } = await okAs(MANAGER, CHANGES, {
      i: { teamId: team, period: QUARTER, since: { snapshotId: first.id } },
    });
    expect(forecastChanges.snapshot).toEqual(first);
    const state = (
      ownerId: string,
      stage: string,
      forecastCategory: string,
      amount: string,
      currency: string,
      expectedCloseDate: string,
      inPeriod: boolean,
    ) => ({
      ownerId,
      stage,
      forecastCategory,
      amount,
      currency,
      expectedCloseDate,
      inPeriod,
    });
    expect(forecastChanges.deals).toEqual(
      KIND_ORDER([
        {
          dealId: deals.a1,
          kinds: ['AMOUNT_UP'],
          before: state(ANA.sub, 'PROPOSAL', 'BEST_CASE', '10000.00', 'USD', day(10), true),
          after: state(ANA.sub, 'PROPOSAL', 'BEST_CASE', '12000.00', 'USD', day(10), true),
        },
        {
          dealId: deals.a2,
          kinds: ['WON', 'CATEGORY_CHANGED'],
          before: state(ANA.sub, 'NEGOTIATION', 'COMMIT', '3333.33', 'USD', day(20), true),
          after: state(ANA.sub, 'CLOSED_WON', 'CLOSED', '3333.33', 'USD', day(20), true),
        },
        {
          dealId: deals.a4,
          kinds: ['REMOVED'],
          before: state(ANA.sub, 'PROSPECTING', 'PIPELINE', '1000.00', 'EUR', day(5), true),
          after: null,
        },
        {
          dealId: deals.a5,
          kinds: ['PULLED_IN'],
          before: state(ANA.sub, 'PROSPECTING', 'PIPELINE', '500.00', 'USD', NEXT_QUARTER, false),
          after: state(ANA.sub, 'PROSPECTING', 'PIPELINE', '500.00', 'USD', day(40), true),
        },
        {
          dealId: deals.b1,
          kinds: ['PUSHED_OUT'],
          before: state(BEN.sub, 'QUALIFICATION', 'PIPELINE', '2000.00', 'USD', day(30), true),
          after: state(BEN.sub, 'QUALIFICATION', 'PIPELINE', '2000.00', 'USD', NEXT_QUARTER, false),
        },
        {
          dealId: deals.n1,
          kinds: ['ADDED'],
          before: null,
          after: state(BEN.sub, 'PROPOSAL', 'BEST_CASE', '800.00', 'USD', day(50), true),
        },
      ]),
    );
    expect(forecastChanges.hasMore).toBe(false);
    // Before: PIPELINE b1 2000 (400) + EUR a4 1000 (100); BEST_CASE a1 10000 (5000); COMMIT a2
    // 3333.33 (2500.00); CLOSED a3 4000; OMITTED b2 700. After: PIPELINE a5 500 (50); BEST_CASE
    // a1 12000 (6000) + n1 800 (400); CLOSED a3 4000 + a2 3333.33; OMITTED b2 700.
    const delta = (
      category: string,
      currency: string,
      c: [number, number],
      a: [string, string],
      w: [string, string],
      d: [number, string, string],
    ) => ({
      category,
      currency,
      countBefore: c[0],
      countAfter: c[1],
      countDelta: d[0],
      amountBefore: a[0],
      amountAfter: a[1],
      amountDelta: d[1],
      weightedBefore: w[0],
      weightedAfter: w[1],
      weightedDelta: d[2],
    });
    expect(forecastChanges.categories).toEqual([
      delta('PIPELINE', 'EUR', [1, 0], ['1000.00', '0.00'], ['100.00', '0.00'], [-1, '-1000.00', '-100.00']),
      delta(
        'PIPELINE',
        'USD',
        [1, 1],
        ['2000.00', '500.00'],
        ['400.00', '50.00'],
        [0, '-1500.00', '-350.00'],
      ),
      delta(
        'BEST_CASE',
        'USD',
        [1, 2],
        ['10000.00', '12800.00'],
        ['5000.00', '6400.00'],
        [1, '2800.00', '1400.00'],
      ),
      delta('COMMIT', 'USD', [1, 0], ['3333.33', '0.00'], ['2500.00', '0.00'], [-1, '-3333.33', '-2500.00']),
      delta(
        'CLOSED',
        'USD',
        [1, 2],
        ['4000.00', '7333.33'],
        ['4000.00', '7333.33'],
        [1, '3333.33', '3333.33'],
      ),
      delta('OMITTED', 'USD', [1, 1], ['700.00', '700.00'], ['0.00', '0.00'], [0, '0.00', '0.00']),
    ]);
    // A page at a time: two, then the rest from the cursor.
    const page = await okAs(MANAGER, CHANGES, { i: { teamId: team, period: QUARTER, first: 2 } });
    expect(page.forecastChanges.deals).toHaveLength(2);
    expect(page.forecastChanges.hasMore).toBe(true);
    const rest = await okAs(MANAGER, CHANGES, {
      i: { teamId: team, period: QUARTER, first: 100, after: page.forecastChanges.endCursor },
    });
    expect([...page.forecastChanges.deals, ...rest.forecastChanges.deals].map((d: Json) => d.dealId)).toEqual(
      forecastChanges.deals.map((d: Json) => d.dealId),
    );
    // Ana's own: only her deals.
    const own = await okAs(ANA, CHANGES, { i: { userId: users[ANA.sub], period: QUARTER } });
    expect(own.forecastChanges.deals.map((d: Json) => d.dealId).sort()).toEqual(
      [deals.a1, deals.a2, deals.a4, deals.a5].sort(),
    );
  });

  it("another team's rep and a partner user are refused; bad input is typed", async () => {
    for (const [who, i] of [
      [OLGA, { teamId: team, period: QUARTER }],
      [OLGA, { userId: users[ANA.sub], period: QUARTER }],
      [OLGA, { period: QUARTER }],
      [partner, { teamId: team, period: QUARTER }],
      [partner, { period: QUARTER }],
      [as.marketing, { period: QUARTER }],
    ] as [Identity, Json][]) {
      const response = await query(CHANGES, { i }, who);
      expectCode(response, 'FORBIDDEN');
      expect(response.data).toBeNull();
    }
    expectCode(
      await query(
        CHANGES,
        { i: { period: QUARTER, since: { snapshotId: '00000000-0000-4000-8000-000000000000' } } },
        as.admin,
      ),
      'NOT_FOUND',
    );
    expectCode(await query(CHANGES, { i: { period: QUARTER, first: 0 } }, as.admin), 'BAD_USER_INPUT');
    expectCode(await query(CHANGES, { i: { period: QUARTER, after: 'x' } }, as.admin), 'BAD_USER_INPUT');
  });

  it("the weekly job takes next week's snapshot once, compares from it, and drops snapshots past retention", async () => {
    const jobs = graph.customers.jobs!;
    const nextWeek = new Date(Date.parse(first.weekStart + 'T12:00:00Z') + 7 * 86_400_000);
    const round = async (now: Date) => (await jobs.runOnce(now)).find((o) => o.name === 'forecasts.snapshot');
    expect(await round(nextWeek)).toMatchObject({ status: 'done', result: { created: true, removed: 0 } });
    expect(await round(new Date(nextWeek.getTime() + 3_600_000))).toMatchObject({
      status: 'done',
      result: { created: false },
    });
    // The latest snapshot now is next week's: nothing changed since.
    const latest = await okAs(MANAGER, CHANGES, { i: { teamId: team, period: QUARTER } });
    expect(latest.forecastChanges.snapshot.weekStart).not.toBe(first.weekStart);
    expect(latest.forecastChanges.deals).toEqual([]);
    // By date: the latest on or before the first week's Sunday is the first.
    const byDate = await okAs(MANAGER, CHANGES, {
      i: {
        teamId: team,
        period: QUARTER,
        since: { at: new Date(Date.parse(first.weekStart) + 6 * 86_400_000).toISOString().slice(0, 10) },
      },
    });
    expect(byDate.forecastChanges.snapshot.id).toBe(first.id);
    // 104 weeks are kept: the round of week 105 after the first drops the first, keeps the second.
    const later = new Date(Date.parse(first.weekStart + 'T12:00:00Z') + 104 * 7 * 86_400_000);
    expect(await round(later)).toMatchObject({ status: 'done', result: { created: true, removed: 1 } });
    const left = await graph.crm.query(`SELECT week_start::text AS w FROM crm.forecast_snapshots ORDER BY 1`);
    expect(left.map((row: Json) => row.w)).toEqual([
      new Date(Date.parse(first.weekStart) + 7 * 86_400_000).toISOString().slice(0, 10),
      new Date(Date.parse(first.weekStart) + 104 * 7 * 86_400_000).toISOString().slice(0, 10),
    ]);
    expect(
      (
        await graph.crm.query(
          `SELECT count(*)::int AS n FROM crm.forecast_snapshot_deals WHERE snapshot_id = $1`,
          [first.id],
        )
      )[0].n,
    ).toBe(0);
  });
});
