import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '@sales-graph/shared/auth/identity';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import {
  as,
  attributeDeal,
  catalogueProduct,
  client,
  createCustomer,
  createDeal,
  errorOf,
  expectCode,
  partnerUser,
  postGraphQL,
  seedPartner,
  startTestGraph,
  type Data,
  type TestGraph,
} from '../support';

/**
 * Commissions per product family through the gateway: a channel manager gives the GOLD plan rates
 * for two catalogue families (a partner user cannot, an unknown family is refused), a partner with
 * a won deal priced from the catalogue in three families (one without a family rate) sees exactly
 * Σ line total × the family's rate, its parts per family, and the same on its statement; a deal
 * priced by hand earns amount × the tier rate as before; another partner sees nothing of it (by
 * id, `_entities`), and a page of commissions costs the same statements for 2 deals as for 6 with
 * three times the lines.
 */
let graph: TestGraph;
const id: Record<string, string> = {};
let alpha: Identity;
let beta: Identity;
const today = new Date().toISOString().slice(0, 10);
const TODAY = { from: today, to: today };
const { ok } = client(() => graph);

const SET_PLAN = `mutation($input: SetCommissionPlanInput!) { setCommissionPlan(input: $input) {
  id tier rate familyRates { family rate commissionRate } } }`;
const GOLD_PLAN = {
  tier: 'GOLD',
  rate: '0.10',
  currency: 'EUR',
  familyRates: [
    { family: 'Services', rate: '0.05' },
    { family: 'Platform', rate: '0.02' },
  ],
};
const PARTS = 'byFamily { family amount rate commission }';
const COMMISSION = `query($d: ID!) { deal(id: $d) { id amount
  commission { partner { id } amount capped ${PARTS} }
  commissionBreakdown { partner { id } role amount ${PARTS} } } }`;
const STATEMENT = `query($p: ID!, $period: PeriodInput!) { partner(id: $p) { commissionStatement(period: $period) {
  subtotal total lines { deal { id } dealAmount commission ${PARTS} } } } }`;
const SET_LINES = `mutation($d: ID!, $lines: [DealLineItemInput!]!) { setDealLineItems(dealId: $d, lines: $lines) { id amount } }`;

const wonDeal = async (
  customerId: string,
  title: string,
  partnerId: string,
  lines: { productId: string; quantity: string; unitPrice?: string; discount?: string }[] | null,
  amount = '1000.00',
) => {
  const deal = await createDeal(graph, { customerId, title, amount });
  if (lines) await ok(SET_LINES, { d: deal.id, lines }, as.sales);
  await attributeDeal(graph, deal.id, partnerId);
  await ok(`mutation($d: ID!) { moveDealStage(id: $d, stage: CLOSED_WON) { id } }`, { d: deal.id }, as.sales);
  return deal.id;
};

beforeAll(async () => {
  // Membership looked up on every request (no cache), so statement counts do not depend on timing.
  graph = await startTestGraph({ membership: { cacheMs: 0 } });
  id.seat = await catalogueProduct(graph, { sku: 'SEAT', family: 'Platform', prices: { EUR: '480.00' } });
  id.train = await catalogueProduct(graph, { sku: 'TRAIN', family: 'Services', prices: { EUR: '1000.10' } });
  id.gadget = await catalogueProduct(graph, { sku: 'GADGET', prices: { EUR: '250.05' } });
  id.support = await catalogueProduct(graph, { sku: 'SUP', family: 'Support', prices: { EUR: '100.00' } });
  id.alpha = await seedPartner(graph, { name: 'Family Alpha', tier: 'GOLD' });
  id.beta = await seedPartner(graph, { name: 'Family Beta', tier: 'GOLD' });
  alpha = await partnerUser(graph, id.alpha);
  beta = await partnerUser(graph, id.beta);
  id.customer = (await createCustomer(graph, 'Family Buyer')).id;
});

afterAll(async () => {
  await graph?.stop();
});

describe('a channel manager sets rates per product family', () => {
  it('stores them in the catalogue spelling, by family, audited; a partner user cannot set a plan', async () => {
    expectCode(await graph.query(SET_PLAN, { input: GOLD_PLAN }, alpha), 'FORBIDDEN');
    const { setCommissionPlan } = await ok(
      SET_PLAN,
      {
        input: {
          ...GOLD_PLAN,
          familyRates: [{ family: 'services', rate: '0.05' }, GOLD_PLAN.familyRates[1]],
        },
      },
      as.channelManager,
    );
    expect(setCommissionPlan.familyRates).toEqual([
      { family: 'Platform', rate: '0.0200', commissionRate: 0.02 },
      { family: 'Services', rate: '0.0500', commissionRate: 0.05 },
    ]);
    id.plan = setCommissionPlan.id;
    const audit = (await graph.prm.query(
      `SELECT actor_sub, after->'familyRates' AS rates FROM prm.audit_log
        WHERE record_type = 'CommissionPlan' AND record_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [id.plan],
    )) as { actor_sub: string; rates: unknown }[];
    expect(audit).toEqual([
      { actor_sub: as.channelManager.sub, rates: { Services: '0.0500', Platform: '0.0200' } },
    ]);
  });

  it('refuses a family the catalogue does not have, twice the same family or a bad rate, naming familyRates', async () => {
    for (const familyRates of [
      [{ family: 'Hardware', rate: '0.02' }],
      [
        { family: 'Services', rate: '0.05' },
        { family: 'SERVICES', rate: '0.05' },
      ],
      [{ family: 'Services', rate: '1.01' }],
    ]) {
      const error = errorOf(await graph.query(SET_PLAN, { input: { ...GOLD_PLAN, familyRates } }, as.admin));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'familyRates' });
    }
    const { commissionPlans } = await ok(
      `{ commissionPlans { edges { node { id familyRates { family rate } } } } }`,
      {},
      as.analyst,
    );
    expect(commissionPlans.edges.map((edge: Data) => edge.node)).toEqual([
      {
        id: id.plan,
        familyRates: [
          { family: 'Platform', rate: '0.0200' },
          { family: 'Services', rate: '0.0500' },
        ],
      },
    ]);
  });
});

describe('a partner with a won deal priced in three families', () => {
  beforeAll(async () => {
    // 10 × 480.00 = 4800.00 (Platform); 3 × 1000.10 less 12.5 % = 2625.2625 → 2625.26 (Services);
    // 1 × 250.05 (no family). Amount 7675.31.
    id.priced = await wonDeal(id.customer, 'Priced by family', id.alpha, [
      { productId: id.seat, quantity: '10' },
      { productId: id.train, quantity: '3', discount: '12.5' },
      { productId: id.gadget, quantity: '1' },
    ]);
    id.byHand = await wonDeal(id.customer, 'Priced by hand', id.alpha, null, '1000.05');
    id.betaDeal = await wonDeal(id.customer, 'Beta priced', id.beta, [
      { productId: id.train, quantity: '1' },
    ]);
  });

  // 4800.00 × 0.02 = 96.00; 2625.26 × 0.05 = 131.263; 250.05 × 0.10 (the tier's) = 25.005:
  // 252.268 → 252.27, half to even once (the whole amount × 0.10 would be 767.53). Parts: floors
  // 96.00, 131.26, 25.00 and the cent left to the largest remainder (.5 of no family).
  const PRICED_PARTS = [
    { family: 'Platform', amount: '4800.00', rate: '0.0200', commission: '96.00' },
    { family: 'Services', amount: '2625.26', rate: '0.0500', commission: '131.26' },
    { family: null, amount: '250.05', rate: '0.1000', commission: '25.01' },
  ];

  it('sees the exact commission and its parts per family, on the deal and on its statement', async () => {
    const { deal } = await ok(COMMISSION, { d: id.priced }, alpha);
    expect(deal.amount).toBe('7675.31');
    expect(deal.commission).toEqual({
      partner: { id: id.alpha },
      amount: '252.27',
      capped: false,
      byFamily: PRICED_PARTS,
    });
    expect(deal.commissionBreakdown).toEqual([
      { partner: { id: id.alpha }, role: 'SOURCED', amount: '252.27', byFamily: PRICED_PARTS },
    ]);
    const { partner } = await ok(STATEMENT, { p: id.alpha, period: TODAY }, alpha);
    const lineOf = (dealId: string) =>
      partner.commissionStatement.lines.find((line: Data) => line.deal.id === dealId);
    expect(lineOf(id.priced)).toEqual({
      deal: { id: id.priced },
      dealAmount: '7675.31',
      commission: '252.27',
      byFamily: PRICED_PARTS,
    });
    // Priced by hand: the whole amount × the tier's rate, as every commission before family rates
    // (1000.05 × 0.10 = 100.005 → 100.00, half to even).
    expect(lineOf(id.byHand)).toEqual({
      deal: { id: id.byHand },
      dealAmount: '1000.05',
      commission: '100.00',
      byFamily: [],
    });
    expect(partner.commissionStatement.subtotal).toBe('352.27');
  });

  it("asks the CRM once for a deal's commission with its partner's statement (not a second call for its lines)", async () => {
    const crm = statementCounter(graph.crm);
    const query = (commission: string) => `query($d: ID!, $period: PeriodInput!) { deal(id: $d) { id
      ${commission} sourcedBy { id commissionStatement(period: $period) { total } } } }`;
    const variables = { d: id.priced, period: TODAY };
    crm.record();
    const alone = await ok(query(''), variables, as.channelManager);
    const statementOnly = crm.count;
    crm.record();
    const both = await ok(query(`commission { amount ${PARTS} }`), variables, as.channelManager);
    // The same CRM statements: the commission's lines came with the statement's deal facts.
    expect(crm.count).toBe(statementOnly);
    expect(both.deal.commission).toEqual({ amount: '252.27', byFamily: PRICED_PARTS });
    expect(both.deal.sourcedBy).toEqual(alone.deal.sourcedBy);
  });

  it("shows another partner nothing of the deal's family parts: by id, its statement, _entities", async () => {
    expectCode(await graph.query(COMMISSION, { d: id.priced }, beta), 'NOT_FOUND');
    const { partner } = await ok(STATEMENT, { p: id.beta, period: TODAY }, beta);
    expect(partner.commissionStatement.lines.map((line: Data) => line.deal.id)).toEqual([id.betaDeal]);
    expectCode(await graph.query(STATEMENT, { p: id.alpha, period: TODAY }, beta), 'NOT_FOUND');
    const entities = async (identity: Identity) =>
      postGraphQL(
        graph.partners.url,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Deal {
          commission { amount ${PARTS} } commissionBreakdown { amount ${PARTS} } } } }`,
        {
          r: [
            {
              __typename: 'Deal',
              id: id.priced,
              stage: 'CLOSED_WON',
              amount: '7675.31',
              currency: 'EUR',
              closedAt: new Date().toISOString(),
            },
          ],
        },
        { [IDENTITY_HEADER]: await signForwardedIdentity(identity, 'partners') },
      );
    expect((await entities(beta)).data).toEqual({
      _entities: [{ commission: null, commissionBreakdown: [] }],
    });
    // The same representation as its own partner: the parts (so the answer above is the scope's).
    expect((await entities(alpha)).data).toEqual({
      _entities: [
        {
          commission: { amount: '252.27', byFamily: PRICED_PARTS },
          commissionBreakdown: [{ amount: '252.27', byFamily: PRICED_PARTS }],
        },
      ],
    });
  });
});

describe('a page of commissions', () => {
  it('costs the same statements in each subgraph for 2 priced deals as for 6 with three times the lines', async () => {
    const seed = async (name: string, deals: number, lines: number) => {
      const customerId = (await createCustomer(graph, name)).id;
      for (let i = 0; i < deals; i += 1) {
        await wonDeal(
          customerId,
          `${name} ${i}`,
          id.alpha,
          Array.from({ length: lines }, (_, k) => ({
            productId: [id.seat, id.train, id.support][k % 3],
            quantity: '1',
          })),
        );
      }
      return customerId;
    };
    const few = await seed('Few Family Lines', 2, 1);
    const many = await seed('Many Family Lines', 6, 3);
    const prm = statementCounter(graph.prm);
    const crm = statementCounter(graph.crm);
    const cost = async (customerId: string, deals: number, lines: number) => {
      prm.record();
      crm.record();
      const { deals: page } = await ok(
        `query($c: ID!) { deals(filter: { customerId: $c }) { edges { node { id
          commission { amount ${PARTS} } commissionBreakdown { amount ${PARTS} } } } } }`,
        { c: customerId },
        as.channelManager,
      );
      const nodes = page.edges.map((edge: Data) => edge.node);
      expect(nodes).toHaveLength(deals);
      for (const node of nodes) expect(node.commission.byFamily).toHaveLength(Math.min(lines, 3));
      return { prm: prm.count, crm: crm.count };
    };
    const small = await cost(few, 2, 1);
    const large = await cost(many, 6, 3);
    expect(large).toEqual(small);
    console.log(
      `commissions per family: ${small.prm} PRM and ${small.crm} CRM statements for 2 deals × 1 line and for 6 × 3`,
    );
  });
});
