import {
  IDENTITY_HEADER,
  ROLES,
  signForwardedIdentity,
  type Identity,
} from '@sales-graph/shared/auth/identity';
import { can, type Action, type Subject } from '@sales-graph/shared/auth/permissions';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import {
  as,
  client,
  codes,
  createCustomer,
  partnerUser,
  postGraphQL,
  seedPartner,
  startTestGraph,
} from '../support';
import type { PartnerFixture, TestGraph } from '../support';

/**
 * Sales tracking, commissions and MDF through the gateway: the PRM reads the CRM deals through
 * the customers subgraph, commissions follow the deal's current stage, payouts snapshot a
 * statement, and no MDF child ever exceeds its parent, even under concurrent requests.
 */
let graph: TestGraph;
const id: Record<string, string> = {};
const { channelManager: CM, sales: SALES } = as;
let PA: Identity;
let PB: Identity;
const today = new Date().toISOString().slice(0, 10);
const TODAY = { from: today, to: today };

const { ok } = client(() => graph);

const createPartner = (name: string, tier: string) =>
  seedPartner(graph, { name, tier: tier as PartnerFixture['tier'] });

const createDeal = async (title: string, amount: string, currency = 'EUR', leadId?: string) =>
  (
    await ok(
      `mutation($c: ID!, $t: String!, $a: Decimal!, $cur: String!, $l: ID) { createDeal(input: { customerId: $c, title: $t, amount: $a, currency: $cur, leadId: $l }) { id } }`,
      { c: id.customer, t: title, a: amount, cur: currency, l: leadId ?? null },
    )
  ).createDeal.id as string;

const createLead = async (name: string) =>
  (
    await ok(
      `mutation($n: String!) { createLead(input: { name: $n, source: PARTNER, customerId: "${id.customer}" }) { id } }`,
      {
        n: name,
      },
    )
  ).createLead.id as string;

const attribute = (dealId: string, partnerId: string) =>
  ok(`mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`, {
    d: dealId,
    p: partnerId,
  });

const move = (dealId: string, stage: string) =>
  ok(
    `mutation($d: ID!, $s: DealStage!, $r: String) { moveDealStage(id: $d, stage: $s, reason: $r) { id stage } }`,
    { d: dealId, s: stage, r: stage === 'CLOSED_LOST' ? 'Budget cut' : null },
    SALES,
  );

const COMMISSION = `query($d: ID!) { deal(id: $d) { id stage commission { partner { id } rate amount currency capped } } }`;
const STATEMENT = `query($p: ID!, $period: PeriodInput!) { partner(id: $p) { commissionStatement(period: $period) {
  from to currency rate subtotal total paid adjustment due payout { amount }
  lines { deal { id title } dealAmount commission capped }
} } }`;
const PERFORMANCE = `query($p: ID!, $period: PeriodInput!) { partner(id: $p) { performance(period: $period) {
  dealsWon dealsLost winRate
  byCurrency { currency sourcedPipeline influencedPipeline wonRevenue influencedWonRevenue averageDealSize dealsWon dealsLost winRate }
} } }`;

beforeAll(async () => {
  // Membership looked up on every request (no cache), so statement counts do not depend on timing.
  graph = await startTestGraph({ membership: { cacheMs: 0 } });
  id.partnerA = await createPartner('Contoso Channel A', 'GOLD');
  id.partnerB = await createPartner('Fabrikam Channel B', 'SILVER');
  PA = await partnerUser(graph, id.partnerA);
  PB = await partnerUser(graph, id.partnerB);
  id.customer = (await createCustomer(graph, { name: 'Globex', industry: 'Retail' })).id;

  await ok(
    `mutation { gold: setCommissionPlan(input: { tier: GOLD, rate: "0.10", capPerDeal: "5000.00", currency: "eur" }) { id }
      silver: setCommissionPlan(input: { tier: SILVER, rate: "0.05", currency: "EUR" }) { id } }`,
    {},
    CM,
  );

  id.a1 = await createDeal('A won', '12345.67');
  id.a2 = await createDeal('A big win', '100000.00');
  id.a3 = await createDeal('A lost', '2500.05');
  id.a4 = await createDeal('A open', '800.00');
  id.a5 = await createDeal('A won in dollars', '300.00', 'USD');
  id.b1 = await createDeal('B won', '4000.00');
  id.direct = await createDeal('Direct won', '9000.00');
  for (const key of ['a1', 'a2', 'a3', 'a4', 'a5']) await attribute(id[key], id.partnerA);
  await attribute(id.b1, id.partnerB);
  // Influence: a lead A referred became an open deal; a lead assigned to A became a won deal.
  id.leadReferred = await createLead('Referred by A');
  id.leadAssigned = await createLead('Assigned to A');
  id.influencedOpen = await createDeal('Influenced open', '1000.00', 'EUR', id.leadReferred);
  id.influencedWon = await createDeal('Influenced won', '250.00', 'EUR', id.leadAssigned);
  await ok(
    `mutation($r: ID!, $a: ID!, $p: ID!) {
      r: attributeLeadToPartner(input: { leadId: $r, referredByPartnerId: $p }) { id }
      a: attributeLeadToPartner(input: { leadId: $a, assignedPartnerId: $p }) { id } }`,
    { r: id.leadReferred, a: id.leadAssigned, p: id.partnerA },
  );

  for (const key of ['a1', 'a2', 'a5', 'b1', 'direct', 'influencedWon']) await move(id[key], 'CLOSED_WON');
  await move(id.a3, 'CLOSED_LOST');
  await move(id.a4, 'NEGOTIATION');
});

afterAll(async () => {
  await graph?.stop();
});

describe('sales tracking from the CRM deals', () => {
  it('gives exact per-currency performance figures for the period', async () => {
    const data = await ok(PERFORMANCE, { p: id.partnerA, period: TODAY }, CM);
    expect(data.partner.performance).toEqual({
      dealsWon: 3,
      dealsLost: 1,
      winRate: 0.75,
      byCurrency: [
        {
          currency: 'EUR',
          sourcedPipeline: '800.00',
          influencedPipeline: '1000.00',
          wonRevenue: '112345.67',
          influencedWonRevenue: '250.00',
          averageDealSize: '56172.84', // 112345.67 / 2 = 56172.835 → half-even
          dealsWon: 2,
          dealsLost: 1,
          winRate: 0.6667,
        },
        {
          currency: 'USD',
          sourcedPipeline: '0.00',
          influencedPipeline: '0.00',
          wonRevenue: '300.00',
          influencedWonRevenue: '0.00',
          averageDealSize: '300.00',
          dealsWon: 1,
          dealsLost: 0,
          winRate: 1,
        },
      ],
    });
  });

  it('has nothing in a period before the deals', async () => {
    const data = await ok(
      PERFORMANCE,
      { p: id.partnerA, period: { from: '2020-01-01', to: '2020-12-31' } },
      CM,
    );
    expect(data.partner.performance).toMatchObject({ dealsWon: 0, dealsLost: 0, winRate: null });
    expect(data.partner.performance.byCurrency[0]).toMatchObject({
      sourcedPipeline: '0.00',
      wonRevenue: '0.00',
      averageDealSize: null,
      winRate: null,
    });
  });

  it('refuses a period that ends before it starts', async () => {
    const r = await graph.query(
      PERFORMANCE,
      { p: id.partnerA, period: { from: '2026-02-01', to: '2026-01-31' } },
      CM,
    );
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('commissions', () => {
  it('shows Deal.commission on a partner-sourced deal won in the CRM', async () => {
    const won = await ok(COMMISSION, { d: id.a1 }, CM);
    expect(won.deal.commission).toEqual({
      partner: { id: id.partnerA },
      rate: '0.1000',
      amount: '1234.57', // 12345.67 × 0.10 = 1234.567
      currency: 'EUR',
      capped: false,
    });
    expect((await ok(COMMISSION, { d: id.a2 }, CM)).deal.commission).toMatchObject({
      amount: '5000.00',
      capped: true,
    });
    expect((await ok(COMMISSION, { d: id.b1 }, CM)).deal.commission).toMatchObject({
      partner: { id: id.partnerB },
      rate: '0.0500',
      amount: '200.00',
    });
    for (const key of ['a3', 'a4', 'a5', 'direct', 'influencedWon']) {
      expect((await ok(COMMISSION, { d: id[key] }, CM)).deal.commission).toBeNull();
    }
  });

  it('lists the won deals on the partner statement', async () => {
    const data = await ok(STATEMENT, { p: id.partnerA, period: TODAY }, CM);
    expect(data.partner.commissionStatement).toEqual({
      from: today,
      to: today,
      currency: 'EUR',
      rate: '0.1000',
      subtotal: '6234.57',
      total: '6234.57',
      paid: '0.00',
      adjustment: '0.00',
      due: '6234.57',
      payout: null,
      lines: [
        { deal: { id: id.a1, title: 'A won' }, dealAmount: '12345.67', commission: '1234.57', capped: false },
        {
          deal: { id: id.a2, title: 'A big win' },
          dealAmount: '100000.00',
          commission: '5000.00',
          capped: true,
        },
      ],
    });
  });

  it('pays a statement once per partner and period', async () => {
    const PAY = `mutation($p: ID!, $period: PeriodInput!) { recordCommissionPayout(partnerId: $p, period: $period) { id partnerId periodFrom periodTo amount currency dealCount } }`;
    const first = (await ok(PAY, { p: id.partnerA, period: TODAY }, CM)).recordCommissionPayout;
    expect(first).toMatchObject({
      partnerId: id.partnerA,
      periodFrom: today,
      periodTo: today,
      amount: '6234.57',
      currency: 'EUR',
      dealCount: 2,
    });
    const again = (await ok(PAY, { p: id.partnerA, period: TODAY }, CM)).recordCommissionPayout;
    expect(again).toEqual(first);
    id.payoutA = first.id;
    // A period overlapping the paid one would pay the same deals twice.
    const overlapping = await graph.query(
      PAY,
      { p: id.partnerA, period: { from: '2020-01-01', to: today } },
      CM,
    );
    expect(codes(overlapping)).toEqual(['BAD_USER_INPUT']);
    // Nothing earned, nothing to pay; a partner user cannot pay itself.
    expect(
      codes(await graph.query(PAY, { p: id.partnerA, period: { from: '2020-01-01', to: '2020-12-31' } }, CM)),
    ).toEqual(['BAD_USER_INPUT']);
    expect(codes(await graph.query(PAY, { p: id.partnerA, period: TODAY }, PA))).toEqual(['FORBIDDEN']);
    const rows = await graph.prm.query(`SELECT count(*)::int AS n FROM prm.commission_payouts`);
    expect(rows[0].n).toBe(1);
  });

  it('removes the commission when the deal is reopened, and the paid statement shows the reversal', async () => {
    await move(id.a1, 'NEGOTIATION');
    expect((await ok(COMMISSION, { d: id.a1 }, CM)).deal).toEqual({
      id: id.a1,
      stage: 'NEGOTIATION',
      commission: null,
    });
    const statement = (await ok(STATEMENT, { p: id.partnerA, period: TODAY }, CM)).partner
      .commissionStatement;
    expect(statement).toMatchObject({
      subtotal: '5000.00',
      total: '5000.00',
      paid: '6234.57',
      adjustment: '-1234.57',
      due: '-1234.57',
      payout: { amount: '6234.57' },
    });
    expect(statement.lines.map((line: { deal: { id: string } }) => line.deal.id)).toEqual([id.a2]);
    // Won again: earned again, nothing left due.
    await move(id.a1, 'CLOSED_WON');
    const rewon = (await ok(STATEMENT, { p: id.partnerA, period: TODAY }, CM)).partner.commissionStatement;
    expect(rewon).toMatchObject({ total: '6234.57', paid: '6234.57', adjustment: '0.00', due: '0.00' });
    await move(id.a1, 'PROPOSAL');
  });

  it('validates plans and keeps them to channel managers', async () => {
    const SET = `mutation($i: SetCommissionPlanInput!) { setCommissionPlan(input: $i) { tier rate } }`;
    for (const bad of [
      { rate: '1.5' },
      { rate: '-0.1' },
      { rate: '0.1', currency: 'XXY' },
      { rate: '0.1', capPerDeal: '-1' },
    ]) {
      const r = await graph.query(SET, { i: { tier: 'PLATINUM', currency: 'EUR', ...bad } }, CM);
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    }
    expect(
      codes(await graph.query(SET, { i: { tier: 'PLATINUM', rate: '0.2', currency: 'EUR' } }, PA)),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await graph.query(`{ commissionPlans(first: 5) { totalCount } }`, {}, PA))).toEqual([
      'FORBIDDEN',
    ]);
    const plans = await ok(
      `{ commissionPlans(first: 5) { totalCount edges { node { tier rate capPerDeal } } } }`,
      {},
      CM,
    );
    expect(plans.commissionPlans).toEqual({
      totalCount: 2,
      edges: [
        { node: { tier: 'GOLD', rate: '0.1000', capPerDeal: '5000.00' } },
        { node: { tier: 'SILVER', rate: '0.0500', capPerDeal: null } },
      ],
    });
  });
});

describe('partner isolation of performance and incentives', () => {
  it('a partner user sees its own statement, payouts and commissions', async () => {
    const own = await ok(
      `query($p: ID!, $period: PeriodInput!) { partner(id: $p) { performance(period: $period) { dealsWon }
        commissionStatement(period: $period) { total paid } payouts(first: 5) { totalCount edges { node { id amount } } } } }`,
      { p: id.partnerA, period: TODAY },
      PA,
    );
    expect(own.partner).toEqual({
      performance: { dealsWon: 2 },
      commissionStatement: { total: '5000.00', paid: '6234.57' },
      payouts: { totalCount: 1, edges: [{ node: { id: id.payoutA, amount: '6234.57' } }] },
    });
    expect((await ok(COMMISSION, { d: id.a2 }, PA)).deal.commission).toMatchObject({ amount: '5000.00' });
  });

  it('another partner’s figures, statement, payouts and deals do not exist for it', async () => {
    for (const query of [STATEMENT, PERFORMANCE]) {
      const r = await graph.query(query, { p: id.partnerA, period: TODAY }, PB);
      expect(r.data).toEqual({ partner: null });
      expect(codes(r)).toEqual(['NOT_FOUND']);
    }
    const list = await ok(
      `query($period: PeriodInput!) { partners(first: 10) { edges { node { id commissionStatement(period: $period) { total } payouts(first: 5) { totalCount } } } } }`,
      { period: TODAY },
      PB,
    );
    expect(list.partners.edges).toEqual([
      { node: { id: id.partnerB, commissionStatement: { total: '200.00' }, payouts: { totalCount: 0 } } },
    ]);
    const r = await graph.query(COMMISSION, { d: id.a2 }, PB);
    expect(r.data).toEqual({ deal: null });
    expect(codes(r)).toEqual(['NOT_FOUND']);
  });

  it('even handed the CRM values directly, the PRM gives a partner user no commission on another partner’s deal', async () => {
    const r = await postGraphQL(
      graph.partners.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Deal { commission { amount } } } }`,
      {
        r: [
          {
            __typename: 'Deal',
            id: id.a2,
            stage: 'CLOSED_WON',
            amount: '100000.00',
            currency: 'EUR',
            closedAt: null,
          },
          {
            __typename: 'Deal',
            id: id.b1,
            stage: 'CLOSED_WON',
            amount: '4000.00',
            currency: 'EUR',
            closedAt: null,
          },
        ],
      },
      { [IDENTITY_HEADER]: await signForwardedIdentity(PB, 'partners') },
    );
    expect(r.data).toEqual({ _entities: [{ commission: null }, { commission: { amount: '200.00' } }] });
  });

  it('internal roles without incentives access are refused commissions', async () => {
    expect(codes(await graph.query(COMMISSION, { d: id.a2 }, SALES))).toEqual(['FORBIDDEN']);
  });
});

describe('market development funds', () => {
  const BUDGET = `mutation($i: CreateMdfBudgetInput!) { createMdfBudget(input: $i) { id amount allocated remaining } }`;
  const ALLOCATE = `mutation($i: AllocateMdfInput!) { allocateMdf(input: $i) { id amount currency requested remaining } }`;
  const REQUEST = `mutation($i: RequestMdfInput!) { requestMdf(input: $i) { id status amount } }`;
  const REVIEW = `mutation($i: ReviewMdfRequestInput!) { decideMdfRequest(input: $i) { id status } }`;
  const CLAIM = `mutation($i: ClaimMdfInput!) { claimMdf(input: $i) { id status amount proof } }`;
  const PAY = `mutation($i: ReviewMdfClaimInput!) { decideMdfClaim(input: $i) { id status } }`;
  const ALLOCATION = `query($id: ID!) { mdfAllocation(id: $id) { id amount requested remaining } }`;

  it('budget → allocation: allocations never exceed the budget', async () => {
    const budget = (
      await ok(
        BUDGET,
        {
          i: {
            name: 'FY27 H1',
            periodFrom: '2027-01-01',
            periodTo: '2027-06-30',
            amount: '10000.00',
            currency: 'EUR',
          },
        },
        CM,
      )
    ).createMdfBudget;
    expect(budget).toMatchObject({ amount: '10000.00', allocated: '0.00', remaining: '10000.00' });
    id.budget = budget.id;
    for (const bad of [
      { name: 'x', periodFrom: '2027-02-01', periodTo: '2027-01-01', amount: '1.00', currency: 'EUR' },
      { name: 'x', periodFrom: '2027-01-01', periodTo: '2027-01-31', amount: '0.00', currency: 'EUR' },
      { name: ' ', periodFrom: '2027-01-01', periodTo: '2027-01-31', amount: '1.00', currency: 'EUR' },
    ]) {
      expect(codes(await graph.query(BUDGET, { i: bad }, CM))).toEqual(['BAD_USER_INPUT']);
    }
    expect(
      codes(
        await graph.query(
          BUDGET,
          {
            i: {
              name: 'mine',
              periodFrom: '2027-01-01',
              periodTo: '2027-01-31',
              amount: '1.00',
              currency: 'EUR',
            },
          },
          PA,
        ),
      ),
    ).toEqual(['FORBIDDEN']);

    id.allocA = (
      await ok(ALLOCATE, { i: { budgetId: id.budget, partnerId: id.partnerA, amount: '6000.00' } }, CM)
    ).allocateMdf.id;
    const over = await graph.query(
      ALLOCATE,
      { i: { budgetId: id.budget, partnerId: id.partnerB, amount: '4000.01' } },
      CM,
    );
    expect(codes(over)).toEqual(['BAD_USER_INPUT']);
    expect(over.errors![0].extensions).toMatchObject({ remaining: '4000.00' });
    id.allocB = (
      await ok(ALLOCATE, { i: { budgetId: id.budget, partnerId: id.partnerB, amount: '4000.00' } }, CM)
    ).allocateMdf.id;
    expect(
      codes(
        await graph.query(
          ALLOCATE,
          { i: { budgetId: id.budget, partnerId: id.partnerB, amount: '1.00' } },
          CM,
        ),
      ),
    ).toEqual(['CONFLICT']);
    expect(
      codes(
        await graph.query(
          ALLOCATE,
          { i: { budgetId: id.budget, partnerId: id.partnerA, amount: '0.01' } },
          CM,
        ),
      ),
    ).toEqual(['CONFLICT']);
    expect(
      codes(
        await graph.query(
          ALLOCATE,
          { i: { budgetId: id.budget, partnerId: id.partnerB, amount: '1.00' } },
          PB,
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const after = await ok(
      `query($id: ID!) { mdfBudget(id: $id) { allocated remaining allocations(first: 5) { totalCount } } }`,
      { id: id.budget },
      CM,
    );
    expect(after.mdfBudget).toEqual({
      allocated: '10000.00',
      remaining: '0.00',
      allocations: { totalCount: 2 },
    });
  });

  it('allocation → request: two concurrent requests that together exceed the allocation cannot both pass', async () => {
    id.req1 = (
      await ok(
        REQUEST,
        { i: { allocationId: id.allocA, activity: 'Trade show booth', amount: '2500.00' } },
        PA,
      )
    ).requestMdf.id;
    // 3500.00 left: two requests of 2000.00 at once; exactly one gets through.
    const results = await Promise.all(
      ['Webinar series', 'Email campaign'].map((activity) =>
        graph.query(REQUEST, { i: { allocationId: id.allocA, activity, amount: '2000.00' } }, PA),
      ),
    );
    expect(results.map((r) => codes(r)).sort()).toEqual([[], ['BAD_USER_INPUT']]);
    id.req2 = (results.find((r) => !r.errors)!.data as { requestMdf: { id: string } }).requestMdf.id;
    expect((await ok(ALLOCATION, { id: id.allocA }, PA)).mdfAllocation).toMatchObject({
      requested: '4500.00',
      remaining: '1500.00',
    });
    expect(
      codes(
        await graph.query(
          REQUEST,
          { i: { allocationId: id.allocA, activity: 'Too much', amount: '1500.01' } },
          PA,
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await graph.query(REQUEST, { i: { allocationId: id.allocA, activity: 'Nothing', amount: '0' } }, PA),
      ),
    ).toEqual(['BAD_USER_INPUT']);

    // Many concurrent requests of 100.00 against 1500.00 left: exactly 15 pass.
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        graph.query(
          REQUEST,
          { i: { allocationId: id.allocA, activity: `Burst ${i}`, amount: '100.00' } },
          PA,
        ),
      ),
    );
    expect(burst.filter((r) => !r.errors).length).toBe(15);
    expect(burst.filter((r) => r.errors).every((r) => codes(r)[0] === 'BAD_USER_INPUT')).toBe(true);
    const [sums] = await graph.prm.query(
      `SELECT a.amount::text AS amount, a.requested::text AS requested,
        (SELECT sum(r.amount)::text FROM prm.mdf_requests r WHERE r.allocation_id = a.id AND r.status <> 'REJECTED') AS live
       FROM prm.mdf_allocations a WHERE a.id = $1`,
      [id.allocA],
    );
    expect(sums).toEqual({ amount: '6000.00', requested: '6000.00', live: '6000.00' });
  });

  it('a rejected request gives its amount back; only channel managers review', async () => {
    expect(codes(await graph.query(REVIEW, { i: { requestId: id.req1, approve: true } }, PA))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      (await ok(REVIEW, { i: { requestId: id.req2, approve: false, note: 'Not this quarter' } }, CM))
        .decideMdfRequest.status,
    ).toBe('REJECTED');
    expect(codes(await graph.query(REVIEW, { i: { requestId: id.req2, approve: true } }, CM))).toEqual([
      'CONFLICT',
    ]);
    expect((await ok(ALLOCATION, { id: id.allocA }, PA)).mdfAllocation).toMatchObject({
      requested: '4000.00',
      remaining: '2000.00',
    });
    expect((await ok(REVIEW, { i: { requestId: id.req1, approve: true } }, CM)).decideMdfRequest.status).toBe(
      'APPROVED',
    );
  });

  it('request → claim (with proof) → paid: claims never exceed the approved request', async () => {
    const proof = ['https://contoso.example/invoices/booth.pdf', 'PO-2027-0042'];
    // Not on a request that is not approved, not without proof, not above the request.
    const pending = (
      await ok(REQUEST, { i: { allocationId: id.allocA, activity: 'Pending', amount: '100.00' } }, PA)
    ).requestMdf.id;
    expect(
      codes(await graph.query(CLAIM, { i: { requestId: pending, amount: '10.00', proof } }, PA)),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await graph.query(CLAIM, { i: { requestId: id.req1, amount: '10.00', proof: [] } }, PA)),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await graph.query(CLAIM, { i: { requestId: id.req1, amount: '2500.01', proof } }, PA)),
    ).toEqual(['BAD_USER_INPUT']);

    const first = (await ok(CLAIM, { i: { requestId: id.req1, amount: '1000.00', proof } }, PA)).claimMdf;
    expect(first).toMatchObject({ status: 'SUBMITTED', amount: '1000.00', proof });
    // 1500.00 left: two concurrent claims of 1000.00, one passes.
    const results = await Promise.all(
      [0, 1].map(() => graph.query(CLAIM, { i: { requestId: id.req1, amount: '1000.00', proof } }, PA)),
    );
    expect(results.map((r) => codes(r)).sort()).toEqual([[], ['BAD_USER_INPUT']]);
    expect(
      (
        await ok(
          `query($id: ID!) { mdfRequest(id: $id) { claimed remaining claims(first: 10) { totalCount } } }`,
          { id: id.req1 },
          PA,
        )
      ).mdfRequest,
    ).toEqual({ claimed: '2000.00', remaining: '500.00', claims: { totalCount: 2 } });

    expect(codes(await graph.query(PAY, { i: { claimId: first.id, pay: true } }, PA))).toEqual(['FORBIDDEN']);
    expect((await ok(PAY, { i: { claimId: first.id, pay: true } }, CM)).decideMdfClaim.status).toBe('PAID');
    expect(codes(await graph.query(PAY, { i: { claimId: first.id, pay: false } }, CM))).toEqual(['CONFLICT']);
    const paid = await ok(`query($id: ID!) { mdfClaim(id: $id) { status paidAt } }`, { id: first.id }, PA);
    expect(paid.mdfClaim.status).toBe('PAID');
    expect(paid.mdfClaim.paidAt).not.toBeNull();
    id.claimA = first.id;
  });

  it('the database itself refuses a child total above its parent', async () => {
    await expect(
      graph.prm.query(`UPDATE prm.mdf_allocations SET requested = amount + 0.01 WHERE id = $1`, [id.allocA]),
    ).rejects.toThrow(/check constraint/);
    await expect(
      graph.prm.query(`UPDATE prm.mdf_budgets SET allocated = amount + 0.01 WHERE id = $1`, [id.budget]),
    ).rejects.toThrow(/check constraint/);
    await expect(
      graph.prm.query(`UPDATE prm.mdf_requests SET claimed = amount + 0.01 WHERE id = $1`, [id.req1]),
    ).rejects.toThrow(/check constraint/);
  });

  it('partners act on their own allocations only', async () => {
    for (const [field, key] of [
      ['mdfAllocation', 'allocA'],
      ['mdfRequest', 'req1'],
      ['mdfClaim', 'claimA'],
    ]) {
      const r = await graph.query(`query($id: ID!) { ${field}(id: $id) { id } }`, { id: id[key] }, PB);
      expect(r.data).toEqual({ [field]: null });
      expect(codes(r)).toEqual(['NOT_FOUND']);
    }
    const request = await graph.query(
      REQUEST,
      { i: { allocationId: id.allocA, activity: 'Sneaky', amount: '1.00' } },
      PB,
    );
    expect(codes(request)).toEqual(['NOT_FOUND']);
    const claim = await graph.query(CLAIM, { i: { requestId: id.req1, amount: '1.00', proof: ['x'] } }, PB);
    expect(codes(claim)).toEqual(['NOT_FOUND']);
    expect(codes(await graph.query(`{ mdfBudgets(first: 5) { totalCount } }`, {}, PB))).toEqual([
      'FORBIDDEN',
    ]);
    const own = await ok(
      `{ partners(first: 5) { edges { node { id mdfAllocations(first: 5) { edges { node { id amount } } } } } } }`,
      {},
      PB,
    );
    expect(own.partners.edges).toEqual([
      {
        node: {
          id: id.partnerB,
          mdfAllocations: { edges: [{ node: { id: id.allocB, amount: '4000.00' } }] },
        },
      },
    ]);
    // Nothing B tried was written.
    const [rows] = await graph.prm.query(
      `SELECT count(*)::int AS n FROM prm.mdf_requests WHERE partner_id = $1`,
      [id.partnerB],
    );
    expect(rows.n).toBe(0);
  });
});

describe('the permission table decides who reads and runs incentives', () => {
  const probes: { action: Action; subject: Subject; query: string }[] = [
    { action: 'read', subject: 'CommissionPlan', query: `{ commissionPlans(first: 1) { totalCount } }` },
    { action: 'read', subject: 'MdfBudget', query: `{ mdfBudgets(first: 1) { totalCount } }` },
    {
      action: 'read',
      subject: 'PartnerPerformance',
      query: `{ partners(first: 1) { edges { node { performance(period: { from: "2026-01-01", to: "2026-01-31" }) { dealsWon } } } } }`,
    },
    {
      action: 'read',
      subject: 'Payout',
      query: `{ partners(first: 1) { edges { node { payouts(first: 1) { totalCount } } } } }`,
    },
    {
      action: 'update',
      subject: 'CommissionPlan',
      query: `mutation { setCommissionPlan(input: { tier: GOLD, rate: "0.10", capPerDeal: "5000.00", currency: "EUR" }) { id } }`,
    },
  ];
  it.each(ROLES.filter((role) => role !== 'PARTNER'))('%s', async (role) => {
    const identity: Identity = { sub: `user:${role.toLowerCase()}`, role };
    for (const probe of probes) {
      const r = await graph.query(probe.query, {}, identity);
      expect([probe.subject, probe.action, codes(r)]).toEqual([
        probe.subject,
        probe.action,
        can(identity, probe.action, probe.subject) ? [] : ['FORBIDDEN'],
      ]);
    }
  });
});

describe('statement count', () => {
  const EVERYTHING = `query($n: Int!, $period: PeriodInput!) { partners(first: $n) { edges { node { id
    performance(period: $period) { dealsWon winRate byCurrency { currency wonRevenue sourcedPipeline influencedPipeline averageDealSize } }
    commissionStatement(period: $period) { total paid adjustment lines { commission deal { id commission { amount } } } }
    payouts(first: 5) { totalCount edges { node { amount } } }
    mdfAllocations(first: 5) { edges { node { remaining requests(first: 5) { totalCount edges { node { status } } } } } }
  } } } }`;
  const CLAIMS = `query($id: ID!, $n: Int!) { mdfAllocation(id: $id) { requests(first: $n) { edges { node { remaining
    claims(first: 5) { totalCount edges { node { amount proof } } } } } } } }`;

  // The PRM's background outbox relay polls on its own schedule: not part of any request.
  const requestStatements = (counter: { statements: string[] }) =>
    counter.statements.filter((sql) => !/\boutbox\b/.test(sql));

  async function cost(n: number) {
    const prm = statementCounter(graph.prm);
    const crm = statementCounter(graph.crm);
    prm.record();
    crm.record();
    const data = await ok(EVERYTHING, { n, period: TODAY }, CM);
    return {
      partners: data.partners.edges.length,
      prm: requestStatements(prm).length,
      crm: requestStatements(crm).length,
    };
  }

  it('costs the same for 2 and 8 partners', async () => {
    // Six more partners, each with a won sourced deal, a payout and an MDF allocation with a request.
    const budget = (
      await ok(
        BUDGET2,
        {
          i: {
            name: 'FY27 H2',
            periodFrom: '2027-07-01',
            periodTo: '2027-12-31',
            amount: '60000.00',
            currency: 'EUR',
          },
        },
        CM,
      )
    ).createMdfBudget.id;
    for (let i = 0; i < 6; i += 1) {
      const partner = await createPartner(`Extra Partner ${i}`, i % 2 ? 'GOLD' : 'SILVER');
      const deal = await createDeal(`Extra deal ${i}`, `${1000 + i}.00`);
      await attribute(deal, partner);
      await move(deal, 'CLOSED_WON');
      // Paid twice at once: one payout.
      const paid = await Promise.all(
        [0, 1].map(() =>
          ok(
            `mutation($p: ID!, $period: PeriodInput!) { recordCommissionPayout(partnerId: $p, period: $period) { id } }`,
            { p: partner, period: TODAY },
            CM,
          ),
        ),
      );
      expect(paid[0].recordCommissionPayout.id).toBe(paid[1].recordCommissionPayout.id);
      const allocation = (
        await ok(
          `mutation($i: AllocateMdfInput!) { allocateMdf(input: $i) { id } }`,
          { i: { budgetId: budget, partnerId: partner, amount: '1000.00' } },
          CM,
        )
      ).allocateMdf.id;
      await ok(
        `mutation($i: RequestMdfInput!) { requestMdf(input: $i) { id } }`,
        { i: { allocationId: allocation, activity: 'Event', amount: '500.00' } },
        CM,
      );
    }
    // The attribution changes delivered: a partner with one in flight costs the figures two more
    // PRM statements (its ids) and a new rollup version in the CRM, whenever the relay runs.
    await graph.settleBackground();
    await cost(8); // warm-up: connections and caches outside the measured requests
    const two = await cost(2);
    const eight = await cost(8);
    expect(two.partners).toBe(2);
    expect(eight.partners).toBe(8);
    expect(eight.prm).toBe(two.prm);
    expect(eight.crm).toBe(two.crm);
    console.log(
      `statements for 2 and 8 partners: PRM ${two.prm} / ${eight.prm}, CRM ${two.crm} / ${eight.crm}`,
    );
  });

  it('costs the same for 2 and 8 MDF requests with their claims', async () => {
    const counter = statementCounter(graph.prm);
    const claimsOf = async (n: number) => {
      counter.record();
      const data = await ok(CLAIMS, { id: id.allocA, n }, PA);
      return {
        requests: data.mdfAllocation.requests.edges.length,
        statements: requestStatements(counter).length,
      };
    };
    const two = await claimsOf(2);
    const eight = await claimsOf(8);
    expect(two.requests).toBe(2);
    expect(eight.requests).toBe(8);
    expect(eight.statements).toBe(two.statements);
  });
});

const BUDGET2 = `mutation($i: CreateMdfBudgetInput!) { createMdfBudget(input: $i) { id } }`;
