import type { Identity } from '@sales-graph/shared/auth/identity';
import { as, client, codes, createCustomer, partnerUser, seedPartner, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * Aggregates are no side channel: partner B influenced a deal partner A sourced (B was assigned
 * the lead it was made from) and a direct deal (B referred its lead). B cannot read either deal,
 * so no figure B can read — performance, scorecard, commission statement, totalCount — may show
 * them, even over a one-day period that holds exactly those deals.
 */
let graph: TestGraph;
const id: Record<string, string> = {};
let PA: Identity;
let PB: Identity;
const { channelManager: CM, sales: SALES } = as;
const today = new Date().toISOString().slice(0, 10);
const TODAY = { from: today, to: today };

const { ok } = client(() => graph);

const FIGURES = `query($p: ID!, $period: PeriodInput!) { partner(id: $p) {
  performance(period: $period) { dealsWon dealsLost winRate
    byCurrency { currency sourcedPipeline influencedPipeline wonRevenue influencedWonRevenue averageDealSize dealsWon dealsLost winRate } }
  scorecard(period: $period) { revenue { currency amount } dealsWon dealsLost winRate }
  commissionStatement(period: $period) { subtotal total lines { deal { id } dealAmount closedAt } }
  sourcedDeals(first: 100) { totalCount }
} }`;

beforeAll(async () => {
  graph = await startTestGraph();
  for (const key of ['A', 'B']) {
    id[`partner${key}`] = await seedPartner(graph, { name: `Look-alike ${key}`, tier: 'GOLD' });
  }
  PA = await partnerUser(graph, id.partnerA);
  PB = await partnerUser(graph, id.partnerB);
  await ok(
    `mutation { setCommissionPlan(input: { tier: GOLD, rate: "0.10", currency: "EUR" }) { id } }`,
    {},
    CM,
  );
  id.customer = (await createCustomer(graph, { name: 'Initech', industry: 'Retail' })).id;
  const lead = async (name: string) =>
    (
      await ok(
        `mutation($n: String!, $c: ID!) { createLead(input: { name: $n, source: PARTNER, customerId: $c }) { id } }`,
        { n: name, c: id.customer },
      )
    ).createLead.id as string;
  const deal = async (title: string, amount: string, leadId: string) =>
    (
      await ok(
        `mutation($c: ID!, $t: String!, $a: Decimal!, $l: ID) { createDeal(input: { customerId: $c, title: $t, amount: $a, currency: "EUR", leadId: $l }) { id } }`,
        { c: id.customer, t: title, a: amount, l: leadId },
      )
    ).createDeal.id as string;
  id.leadAssignedToB = await lead('Assigned to B');
  id.leadReferredByB = await lead('Referred by B');
  await ok(
    `mutation($a: ID!, $r: ID!, $b: ID!) {
      a: attributeLeadToPartner(input: { leadId: $a, assignedPartnerId: $b }) { id }
      r: attributeLeadToPartner(input: { leadId: $r, referredByPartnerId: $b }) { id } }`,
    { a: id.leadAssignedToB, r: id.leadReferredByB, b: id.partnerB },
  );
  // A sourced the deal made from B's lead, and won it today; the direct deal is open.
  id.dealOfA = await deal('A won from B lead', '777.77', id.leadAssignedToB);
  id.directDeal = await deal('Direct from B referral', '313.13', id.leadReferredByB);
  await ok(
    `mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`,
    { d: id.dealOfA, p: id.partnerA },
  );
  await ok(`mutation($d: ID!) { moveDealStage(id: $d, stage: CLOSED_WON) { id } }`, { d: id.dealOfA }, SALES);
});
afterAll(async () => {
  await graph?.stop();
});

describe('partner B’s influence on deals it cannot read', () => {
  it('is real: internal users see it as influenced revenue and pipeline', async () => {
    const data = await ok(FIGURES, { p: id.partnerB, period: TODAY }, CM);
    expect(data.partner.performance.byCurrency).toEqual([
      expect.objectContaining({
        currency: 'EUR',
        influencedWonRevenue: '777.77',
        influencedPipeline: '313.13',
      }),
    ]);
  });

  it('B cannot read either deal one by one', async () => {
    for (const dealId of [id.dealOfA, id.directDeal]) {
      const r = await graph.query(`query($d: ID!) { deal(id: $d) { id amount } }`, { d: dealId }, PB);
      expect(r.data).toEqual({ deal: null });
      expect(codes(r)).toEqual(['NOT_FOUND']);
    }
    const list = await ok(`{ deals(first: 100) { totalCount edges { node { id } } } }`, {}, PB);
    expect(list.deals).toEqual({ totalCount: 0, edges: [] });
  });

  it('so every figure B reads over the one-day period is the sum over the deals B can list: zero', async () => {
    const data = await ok(FIGURES, { p: id.partnerB, period: TODAY }, PB);
    const text = JSON.stringify(data);
    expect(text).not.toContain('777.77');
    expect(text).not.toContain('313.13');
    const { performance, scorecard, commissionStatement, sourcedDeals } = data.partner;
    expect(performance).toMatchObject({ dealsWon: 0, dealsLost: 0, winRate: null });
    for (const row of performance.byCurrency) {
      expect(row).toMatchObject({
        sourcedPipeline: '0.00',
        influencedPipeline: '0.00',
        wonRevenue: '0.00',
        influencedWonRevenue: '0.00',
        dealsWon: 0,
        dealsLost: 0,
      });
    }
    expect(scorecard).toEqual({ revenue: [], dealsWon: 0, dealsLost: 0, winRate: null });
    expect(commissionStatement).toMatchObject({ subtotal: '0.00', total: '0.00', lines: [] });
    expect(sourcedDeals).toEqual({ totalCount: 0 });
  });

  it('A sees its own deal, which it can read, in its own figures', async () => {
    const deal = await ok(`query($d: ID!) { deal(id: $d) { id amount } }`, { d: id.dealOfA }, PA);
    expect(deal.deal).toEqual({ id: id.dealOfA, amount: '777.77' });
    const data = await ok(FIGURES, { p: id.partnerA, period: TODAY }, PA);
    expect(data.partner.performance.byCurrency).toEqual([
      expect.objectContaining({
        wonRevenue: '777.77',
        influencedWonRevenue: '0.00',
        influencedPipeline: '0.00',
      }),
    ]);
    expect(data.partner.commissionStatement.lines).toEqual([
      expect.objectContaining({ deal: { id: id.dealOfA }, dealAmount: '777.77' }),
    ]);
  });
});
