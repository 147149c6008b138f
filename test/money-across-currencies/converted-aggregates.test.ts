import { createHash } from 'node:crypto';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { IDENTITY_HEADER, signForwardedIdentity } from '@sales-graph/shared/auth/identity';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import { domainHash } from '@sales-graph/shared/domain';
import {
  as,
  campaignTouch,
  client,
  codes,
  createCampaign,
  createContact,
  createCustomer,
  createDeal,
  expectCode,
  partnerUser,
  postGraphQL,
  seedPartner,
  startTestGraph,
  type Data,
  type TestGraph,
} from '../support';

/**
 * Every money aggregate asked converted (README "Money across currencies"), through the gateway:
 * Customer.insights, campaignInfluence / Campaign.convertedInfluence / Deal.convertedCampaignInfluence
 * (CRM), Partner.performance, Partner.scorecard, MdfRequest.campaignReturn and
 * AccountMapping.overlap (PRM, the CRM's rates). Figures pinned by hand at two dates, the March one
 * by the "latest on or before" rule; the per-currency answers unchanged; a missing rate typed;
 * statements independent of the list size; a partner converts only what it already sees, and the
 * CRM's SERVICE rates query is unreachable for users.
 *
 * Rates (USD per unit): EUR 1.1 from 2026-01-01, 1.2 from 2026-06-01; GBP 1.25 from 2026-01-01.
 * MARCH = 2026-03-15 (EUR 1.1 of 2026-01-01, GBP 1.25), JULY = 2026-07-01 (EUR 1.2, GBP 1.25).
 *
 * Customer "FX Insights" (SHARED, domain fx-insights.convert.example):
 *   orders  EUR 100.01 + 200.00, GBP 40.05, USD 10.00 (4 orders)
 *   deals   D1 1000.01 EUR CLOSED_WON sourced by P; D2 100.05 GBP open sourced by P;
 *           D3 50.00 USD open direct; D4 10.00 EUR open direct
 *   campaign A touched its contact before any deal: FIRST_TOUCH credits A with all four deals.
 */

let graph: TestGraph;
const { ok, query } = client(() => graph, as.analyst);
const id: Record<string, string> = {};
let P: Identity;
let Q: Identity;
const MARCH = { currency: 'USD', at: '2026-03-15' };
const JULY = { currency: 'USD', at: '2026-07-01' };
const BEFORE = { currency: 'USD', at: '2025-12-31' };
const today = new Date().toISOString().slice(0, 10);
const TODAY = { from: today, to: today };
const DOMAIN = 'fx-insights.convert.example';

const RATE = (from: string, rate: string, effectiveDate: string | null, to = 'USD') => ({
  from,
  to,
  rate,
  effectiveDate,
});
const MARCH_RATES = [
  RATE('EUR', '1.100000000000', '2026-01-01'),
  RATE('GBP', '1.250000000000', '2026-01-01'),
  RATE('USD', '1.000000000000', null),
];
const JULY_RATES = [
  RATE('EUR', '1.200000000000', '2026-06-01'),
  RATE('GBP', '1.250000000000', '2026-01-01'),
  RATE('USD', '1.000000000000', null),
];

const RATES_FIELDS = 'rates { from to rate effectiveDate }';

beforeAll(async () => {
  graph = await startTestGraph();
  await ok(
    `mutation($r: [ExchangeRateInput!]!) { importExchangeRates(rates: $r) { id } }`,
    {
      r: [
        { currency: 'EUR', rateToCorporate: '1.1', effectiveDate: '2026-01-01' },
        { currency: 'GBP', rateToCorporate: '1.25', effectiveDate: '2026-01-01' },
        { currency: 'EUR', rateToCorporate: '1.2', effectiveDate: '2026-06-01' },
      ],
    },
    as.admin,
  );
  id.P = await seedPartner(graph, { name: 'FX Sourcing Partner', tier: 'GOLD' });
  id.Q = await seedPartner(graph, { name: 'FX Other Partner', tier: 'GOLD' });
  P = await partnerUser(graph, id.P);
  Q = await partnerUser(graph, id.Q);

  id.customer = (await createCustomer(graph, { name: 'FX Insights', domain: DOMAIN })).id;
  await ok(
    `mutation($c: ID!) { setCustomerOwnership(customerId: $c, ownership: SHARED, reason: "co-sell") { id } }`,
    { c: id.customer },
    as.admin,
  );
  for (const [currency, unitPrice] of [
    ['EUR', '100.01'],
    ['EUR', '200.00'],
    ['GBP', '40.05'],
    ['USD', '10.00'],
  ]) {
    await ok(
      `mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { id } }`,
      { i: { customerId: id.customer, currency, lines: [{ product: 'Seat', quantity: 1, unitPrice }] } },
      as.admin,
    );
  }
  id.A = (await createCampaign(graph, 'FX Campaign A')).id;
  const contact = await createContact(graph, id.customer, 'Fx');
  await campaignTouch(graph, {
    campaignId: id.A,
    contactId: contact.id,
    at: new Date('2026-01-02T00:00:00Z'),
  });
  const deal = async (title: string, amount: string, currency: string) =>
    (await createDeal(graph, { customerId: id.customer, title, amount, currency })).id;
  id.D1 = await deal('D1', '1000.01', 'EUR');
  id.D2 = await deal('D2', '100.05', 'GBP');
  id.D3 = await deal('D3', '50.00', 'USD');
  id.D4 = await deal('D4', '10.00', 'EUR');
  for (const dealId of [id.D1, id.D2]) {
    await ok(
      `mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`,
      { d: dealId, p: id.P },
      as.admin,
    );
  }
  await ok(`mutation($d: ID!) { moveDealStage(id: $d, stage: CLOSED_WON) { id } }`, { d: id.D1 }, as.sales);
  // The CRM's attribution projection current (the deals' channel), no background call after.
  await graph.settleBackground();
}, 180_000);

afterAll(async () => {
  await graph?.stop();
});

describe('Customer.insights(convert:)', () => {
  const INSIGHTS = `query($id: ID!, $c: ConvertInput) { customer(id: $id) { insights(convert: $c) {
    byCurrency { currency lifetimeValue orderCount openPipelineAmount }
    byChannel { channel currency dealCount openPipelineAmount wonRevenue }
    converted { currency at lifetimeValue orderCount averageOrderValue openPipelineAmount
      byChannel { channel dealCount openPipelineAmount wonRevenue } ${RATES_FIELDS} } } } }`;
  const ask = async (convert?: Data) =>
    (await ok(INSIGHTS, { id: id.customer, c: convert ?? null })).customer.insights;

  it('converts every currency at the rates of two dates, as computed by hand', async () => {
    // MARCH: orders 300.01 × 1.1 = 330.011 + 40.05 × 1.25 = 50.0625 + 10.00 = 390.0735 → 390.07; ÷ 4 = 97.5175 → 97.52.
    // Open: D2 100.05 × 1.25 = 125.0625 + D3 50.00 + D4 10.00 × 1.1 = 11.00 → 186.0625 → 186.06.
    const march = (await ask(MARCH)).converted;
    expect(march).toEqual({
      currency: 'USD',
      at: '2026-03-15',
      lifetimeValue: '390.07',
      orderCount: 4,
      averageOrderValue: '97.52',
      openPipelineAmount: '186.06',
      byChannel: [
        // D3 + D4: 50.00 + 11.00; D1 won 1000.01 × 1.1 = 1100.011 → 1100.01, D2 125.0625 → 125.06.
        { channel: 'DIRECT', dealCount: 2, openPipelineAmount: '61.00', wonRevenue: '0.00' },
        { channel: 'PARTNER_SOURCED', dealCount: 2, openPipelineAmount: '125.06', wonRevenue: '1100.01' },
      ],
      rates: MARCH_RATES,
    });
    // JULY: 300.01 × 1.2 = 360.012 + 50.0625 + 10.00 = 420.0745 → 420.07; ÷ 4 = 105.0175 → 105.02.
    // Open: 125.0625 + 50.00 + 12.00 = 187.0625 → 187.06; won 1000.01 × 1.2 = 1200.012 → 1200.01.
    const july = (await ask(JULY)).converted;
    expect(july).toMatchObject({
      lifetimeValue: '420.07',
      averageOrderValue: '105.02',
      openPipelineAmount: '187.06',
      byChannel: [
        { channel: 'DIRECT', dealCount: 2, openPipelineAmount: '62.00', wonRevenue: '0.00' },
        { channel: 'PARTNER_SOURCED', dealCount: 2, openPipelineAmount: '125.06', wonRevenue: '1200.01' },
      ],
      rates: JULY_RATES,
    });
  });

  it('triangulates into EUR through USD', async () => {
    // JULY into EUR: 300.01 + (40.05 × 1.25 + 10.00) / 1.2 = 300.01 + 60.0625 / 1.2 = 300.01 + 50.052083… = 350.062083… → 350.06
    const eur = (await ask({ currency: 'EUR', at: '2026-07-01' })).converted;
    expect(eur).toMatchObject({ currency: 'EUR', lifetimeValue: '350.06' });
    expect(eur.rates).toEqual([
      RATE('EUR', '1.000000000000', '2026-06-01', 'EUR'),
      RATE('GBP', '1.041666666667', '2026-01-01', 'EUR'),
      RATE('USD', '0.833333333333', null, 'EUR'),
    ]);
  });

  it('leaves the per-currency figures as they are, and converted null without convert', async () => {
    const plain = await ask();
    expect(plain.converted).toBeNull();
    const converted = await ask(MARCH);
    expect(converted.byCurrency).toEqual(plain.byCurrency);
    expect(converted.byChannel).toEqual(plain.byChannel);
    expect(plain.byCurrency).toEqual([
      { currency: 'EUR', lifetimeValue: '300.01', orderCount: 2, openPipelineAmount: '10.00' },
      { currency: 'GBP', lifetimeValue: '40.05', orderCount: 1, openPipelineAmount: '100.05' },
      { currency: 'USD', lifetimeValue: '10.00', orderCount: 1, openPipelineAmount: '50.00' },
    ]);
  });

  it('answers a date before any rate with a typed error naming the currency and the date', async () => {
    const response = expectCode(await query(INSIGHTS, { id: id.customer, c: BEFORE }), 'BAD_USER_INPUT');
    expect(response.errors![0].message).toContain('EUR');
    expect(response.errors![0].extensions).toMatchObject({
      currency: 'EUR',
      at: '2025-12-31',
      missingCurrencies: ['EUR', 'GBP'],
    });
  });

  it('costs the same statements for 5 customers as for 50 (the rates in one statement)', async () => {
    const currencies = ['EUR', 'GBP', 'USD'];
    for (let i = 0; i < 50; i += 1) {
      const { id: customerId } = await createCustomer(graph, `FX Bulk ${String(i).padStart(2, '0')}`);
      await createDeal(graph, {
        customerId,
        title: `Bulk ${i}`,
        amount: `${i + 1}.25`,
        currency: currencies[i % 3],
      });
    }
    const LIST = `query($n: Int!, $c: ConvertInput) { customers(first: $n, search: "FX Bulk") { edges { node { id name
      insights(convert: $c) { openPipelineAmount converted { openPipelineAmount lifetimeValue
        byChannel { channel openPipelineAmount } rates { from effectiveDate } } } } } } }`;
    const counter = statementCounter(graph.crm);
    const cost = async (n: number) => {
      counter.record();
      const data = await ok(LIST, { n, c: JULY });
      const statements = counter.statements.filter((q) => !/\boutbox\b/.test(q));
      return {
        data,
        all: statements.length,
        rates: statements.filter((q) => /exchange_rates/.test(q)).length,
      };
    };
    const five = await cost(5);
    const fifty = await cost(50);
    expect(five.data.customers.edges).toHaveLength(5);
    expect(fifty.data.customers.edges).toHaveLength(50);
    expect(fifty.all).toBe(five.all);
    expect(fifty.rates).toBe(1);
    // Every customer converted: FX Bulk i has one open deal of (i + 1).25 in EUR, GBP, USD in turn.
    const byName = new Map<string, string>(
      fifty.data.customers.edges.map((edge: Data) => [
        edge.node.name,
        edge.node.insights.converted.openPipelineAmount,
      ]),
    );
    expect(byName.size).toBe(50);
    // 1.25 EUR × 1.2 = 1.50; 2.25 GBP × 1.25 = 2.8125 → 2.81; 3.25 USD; 50.25 GBP × 1.25 = 62.8125 → 62.81.
    expect(byName.get('FX Bulk 00')).toBe('1.50');
    expect(byName.get('FX Bulk 01')).toBe('2.81');
    expect(byName.get('FX Bulk 02')).toBe('3.25');
    expect(byName.get('FX Bulk 49')).toBe('62.81');
  });
});

describe('campaign influence converted', () => {
  const ROOT = `query($f: DealFilter, $c: ConvertInput) { campaignInfluence(model: FIRST_TOUCH, filter: $f, convert: $c) {
    totals { currency pipeline wonRevenue deals }
    converted { currency at rows { campaignId currency pipeline wonRevenue lostAmount deals openDeals wonDeals lostDeals }
      totals { currency pipeline wonRevenue deals } ${RATES_FIELDS} } } }`;

  it('campaignInfluence(convert:): the rows merged per campaign, exactly', async () => {
    // EUR pipeline 10.00, won 1000.01; GBP pipeline 100.05; USD pipeline 50.00.
    // MARCH: pipeline 11.00 + 125.0625 + 50.00 = 186.0625 → 186.06; won 1100.011 → 1100.01.
    const march = (await ok(ROOT, { f: { customerId: id.customer }, c: MARCH })).campaignInfluence;
    expect(march.converted).toEqual({
      currency: 'USD',
      at: '2026-03-15',
      rows: [
        {
          campaignId: id.A,
          currency: 'USD',
          pipeline: '186.06',
          wonRevenue: '1100.01',
          lostAmount: '0.00',
          deals: 4,
          openDeals: 3,
          wonDeals: 1,
          lostDeals: 0,
        },
      ],
      totals: [{ currency: 'USD', pipeline: '186.06', wonRevenue: '1100.01', deals: 4 }],
      rates: MARCH_RATES,
    });
    const july = (await ok(ROOT, { f: { customerId: id.customer }, c: JULY })).campaignInfluence;
    expect(july.converted.totals).toEqual([
      { currency: 'USD', pipeline: '187.06', wonRevenue: '1200.01', deals: 4 },
    ]);
    expect(july.converted.rates).toEqual(JULY_RATES);
    // Unconverted: as it was, converted null.
    const plain = (await ok(ROOT, { f: { customerId: id.customer } })).campaignInfluence;
    expect(plain.converted).toBeNull();
    expect(plain.totals).toEqual(march.totals);
    expect(plain.totals).toEqual([
      { currency: 'EUR', pipeline: '10.00', wonRevenue: '1000.01', deals: 2 },
      { currency: 'GBP', pipeline: '100.05', wonRevenue: '0.00', deals: 1 },
      { currency: 'USD', pipeline: '50.00', wonRevenue: '0.00', deals: 1 },
    ]);
  });

  it('Campaign.convertedInfluence and Deal.convertedCampaignInfluence', async () => {
    const data = await ok(
      `query($a: ID!, $d: ID!, $c: ConvertInput!) {
        campaign(id: $a) { influence(model: FIRST_TOUCH) { currency }
          convertedInfluence(model: FIRST_TOUCH, convert: $c) { currency at totals { currency pipeline wonRevenue deals } ${RATES_FIELDS} } }
        deal(id: $d) { convertedCampaignInfluence(model: FIRST_TOUCH, convert: $c) { currency at credits { campaignId amount currency } ${RATES_FIELDS} } } }`,
      { a: id.A, d: id.D2, c: MARCH },
      as.marketing,
    );
    expect(data.campaign.influence.map((row: Data) => row.currency)).toEqual(['EUR', 'GBP', 'USD']);
    expect(data.campaign.convertedInfluence).toEqual({
      currency: 'USD',
      at: '2026-03-15',
      totals: [{ currency: 'USD', pipeline: '186.06', wonRevenue: '1100.01', deals: 4 }],
      rates: MARCH_RATES,
    });
    // D2: 100.05 GBP × 1.25 = 125.0625 → 125.06.
    expect(data.deal.convertedCampaignInfluence).toEqual({
      currency: 'USD',
      at: '2026-03-15',
      credits: [{ campaignId: id.A, amount: '125.06', currency: 'USD' }],
      rates: [RATE('GBP', '1.250000000000', '2026-01-01')],
    });
  });

  it('refuses a missing rate and stays refused to a partner', async () => {
    const response = expectCode(
      await query(ROOT, { f: { customerId: id.customer }, c: BEFORE }),
      'BAD_USER_INPUT',
    );
    expect(response.errors![0].extensions).toMatchObject({ currency: 'EUR', at: '2025-12-31' });
    expectCode(await query(ROOT, { c: MARCH }, P), 'FORBIDDEN');
  });
});

describe('the PRM’s figures converted with the CRM’s rates', () => {
  const FIGURES = `query($p: ID!, $period: PeriodInput!, $c: ConvertInput) { partner(id: $p) {
    performance(period: $period, convert: $c) { dealsWon byCurrency { currency sourcedPipeline wonRevenue }
      converted { currency at sourcedPipeline influencedPipeline wonRevenue influencedWonRevenue averageDealSize ${RATES_FIELDS} } }
    scorecard(period: $period, convert: $c) { revenue { currency amount } converted { currency at revenue ${RATES_FIELDS} } } } }`;

  it('Partner.performance and Partner.scorecard at two dates, as computed by hand', async () => {
    // Sourced by P today: D1 won 1000.01 EUR, D2 open 100.05 GBP.
    const march = (await ok(FIGURES, { p: id.P, period: TODAY, c: MARCH }, as.channelManager)).partner;
    expect(march.performance.converted).toEqual({
      currency: 'USD',
      at: '2026-03-15',
      sourcedPipeline: '125.06',
      influencedPipeline: '0.00',
      wonRevenue: '1100.01',
      influencedWonRevenue: '0.00',
      averageDealSize: '1100.01',
      rates: [RATE('EUR', '1.100000000000', '2026-01-01'), RATE('GBP', '1.250000000000', '2026-01-01')],
    });
    expect(march.scorecard.converted).toEqual({
      currency: 'USD',
      at: '2026-03-15',
      revenue: '1100.01',
      rates: [RATE('EUR', '1.100000000000', '2026-01-01')],
    });
    const july = (await ok(FIGURES, { p: id.P, period: TODAY, c: JULY }, as.channelManager)).partner;
    expect(july.performance.converted).toMatchObject({ wonRevenue: '1200.01', averageDealSize: '1200.01' });
    expect(july.scorecard.converted.revenue).toBe('1200.01');
    // Into EUR: GBP 100.05 × 1.25 / 1.2 = 104.21875 → 104.22.
    const eur = (
      await ok(
        FIGURES,
        { p: id.P, period: TODAY, c: { currency: 'EUR', at: '2026-07-01' } },
        as.channelManager,
      )
    ).partner;
    expect(eur.performance.converted).toMatchObject({
      currency: 'EUR',
      sourcedPipeline: '104.22',
      wonRevenue: '1000.01',
    });
  });

  it('leaves the per-currency figures as they are, converted null without convert', async () => {
    const plain = (await ok(FIGURES, { p: id.P, period: TODAY }, as.channelManager)).partner;
    const converted = (await ok(FIGURES, { p: id.P, period: TODAY, c: MARCH }, as.channelManager)).partner;
    expect(plain.performance.converted).toBeNull();
    expect(plain.scorecard.converted).toBeNull();
    expect(converted.performance.byCurrency).toEqual(plain.performance.byCurrency);
    expect(converted.scorecard.revenue).toEqual(plain.scorecard.revenue);
    expect(plain.scorecard.revenue).toEqual([{ currency: 'EUR', amount: '1000.01' }]);
  });

  it('answers a missing rate with a typed error naming the currency and date', async () => {
    const response = await query(FIGURES, { p: id.P, period: TODAY, c: BEFORE }, as.channelManager);
    expect(codes(response)).toContain('BAD_USER_INPUT');
    const error = response.errors!.find((e) => e.extensions?.code === 'BAD_USER_INPUT')!;
    expect(error.message).toContain('2025-12-31');
    expect(error.extensions).toMatchObject({ currency: 'EUR', at: '2025-12-31' });
  });

  it('gives a partner its own figures converted and nothing of another partner', async () => {
    const own = (await ok(FIGURES, { p: id.P, period: TODAY, c: MARCH }, P)).partner;
    expect(own.performance.converted.wonRevenue).toBe('1100.01');
    // Q sourced nothing: its converted figures are zero, P's deals never reach it.
    const other = (await ok(FIGURES, { p: id.Q, period: TODAY, c: MARCH }, Q)).partner;
    expect(other.performance.converted).toMatchObject({
      wonRevenue: '0.00',
      sourcedPipeline: '0.00',
      averageDealSize: null,
    });
    expect(other.scorecard.converted).toMatchObject({ revenue: '0.00', rates: [] });
    expect(JSON.stringify(other)).not.toContain('1100.01');
    // Q asking P's figures, converted or not: not found.
    const stolen = await query(FIGURES, { p: id.P, period: TODAY, c: MARCH }, Q);
    expect(stolen.data?.partner ?? null).toBeNull();
    expect(codes(stolen)).toContain('NOT_FOUND');
  });
});

describe('MDF return and account overlap converted', () => {
  const RETURN = `query($id: ID!, $c: ConvertInput) { mdfRequest(id: $id) {
    campaignReturn(model: FIRST_TOUCH, convert: $c) { totals { currency wonRevenue }
      converted { currency at totals { currency pipeline wonRevenue deals openDeals wonDeals } ${RATES_FIELDS} } } } }`;

  beforeAll(async () => {
    const budget = (
      await ok(
        `mutation($i: CreateMdfBudgetInput!) { createMdfBudget(input: $i) { id } }`,
        {
          i: {
            name: 'FX',
            periodFrom: '2026-01-01',
            periodTo: '2026-12-31',
            amount: '5000.00',
            currency: 'USD',
          },
        },
        as.channelManager,
      )
    ).createMdfBudget.id;
    const allocation = (
      await ok(
        `mutation($i: AllocateMdfInput!) { allocateMdf(input: $i) { id } }`,
        { i: { budgetId: budget, partnerId: id.P, amount: '2000.00' } },
        as.channelManager,
      )
    ).allocateMdf.id;
    id.request = (
      await ok(
        `mutation($i: RequestMdfInput!) { requestMdf(input: $i) { id } }`,
        { i: { allocationId: allocation, activity: 'FX webinar', amount: '400.00', campaignId: id.A } },
        P,
      )
    ).requestMdf.id;
    await ok(
      `mutation($i: ReviewMdfRequestInput!) { decideMdfRequest(input: $i) { id } }`,
      { i: { requestId: id.request, approve: true } },
      as.channelManager,
    );
  });

  it('MdfRequest.campaignReturn(convert:): the partner’s own, exactly', async () => {
    const march = (await ok(RETURN, { id: id.request, c: MARCH }, P)).mdfRequest.campaignReturn;
    expect(march.converted).toEqual({
      currency: 'USD',
      at: '2026-03-15',
      totals: [
        { currency: 'USD', pipeline: '186.06', wonRevenue: '1100.01', deals: 4, openDeals: 3, wonDeals: 1 },
      ],
      rates: MARCH_RATES,
    });
    const july = (await ok(RETURN, { id: id.request, c: JULY }, P)).mdfRequest.campaignReturn;
    expect(july.converted.totals[0]).toMatchObject({ pipeline: '187.06', wonRevenue: '1200.01' });
    const plain = (await ok(RETURN, { id: id.request }, P)).mdfRequest.campaignReturn;
    expect(plain.converted).toBeNull();
    expect(plain.totals).toEqual(march.totals);
    // Another partner cannot reach the request, converted or not.
    const stolen = await query(RETURN, { id: id.request, c: MARCH }, Q);
    expect(stolen.data?.mdfRequest ?? null).toBeNull();
    expect(codes(stolen)).toContain('NOT_FOUND');
    expectCode(await query(RETURN, { id: id.request, c: BEFORE }, P), 'BAD_USER_INPUT');
  });

  it('AccountMapping.overlap(convert:): the open pipeline of the listed accounts', async () => {
    const noise = Array.from({ length: 100 }, (_, i) =>
      createHash('sha256').update(`fx-${i}.unknown.example`).digest('hex'),
    );
    await ok(
      `mutation($h: [String!]!) { uploadAccountMapping(hashes: $h) { hashCount } }`,
      { h: [...noise, domainHash(DOMAIN)!] },
      P,
    );
    const MAPPING = `query($c: ConvertInput) { accountMapping { overlap(convert: $c) {
      openPipeline { currency amount } converted { currency at openPipeline ${RATES_FIELDS} } } } }`;
    const plain = (await ok(MAPPING, {}, P)).accountMapping.overlap;
    expect(plain.converted).toBeNull();
    expect(plain.openPipeline).toEqual([
      { currency: 'EUR', amount: '10.00' },
      { currency: 'GBP', amount: '100.05' },
      { currency: 'USD', amount: '50.00' },
    ]);
    const march = (await ok(MAPPING, { c: MARCH }, P)).accountMapping.overlap;
    expect(march.openPipeline).toEqual(plain.openPipeline);
    expect(march.converted).toEqual({
      currency: 'USD',
      at: '2026-03-15',
      openPipeline: '186.06',
      rates: MARCH_RATES,
    });
    expect((await ok(MAPPING, { c: JULY }, P)).accountMapping.overlap.converted.openPipeline).toBe('187.06');
  });

  it('asks the CRM for the rates once per request, however many figures it converts', async () => {
    const counter = statementCounter(graph.crm);
    counter.record();
    await ok(
      `query($p: ID!, $r: ID!, $period: PeriodInput!, $c: ConvertInput) {
        partner(id: $p) { performance(period: $period, convert: $c) { converted { wonRevenue } }
          scorecard(period: $period, convert: $c) { converted { revenue } } }
        mdfRequest(id: $r) { campaignReturn(model: FIRST_TOUCH, convert: $c) { converted { totals { pipeline } } } } }`,
      { p: id.P, r: id.request, period: TODAY, c: JULY },
      P,
    );
    expect(counter.statements.filter((q) => /exchange_rates/.test(q))).toHaveLength(1);
  });
});

describe('the CRM’s SERVICE rates query', () => {
  const LOOKUP = `query { exchangeRatesOn(pairs: [{ currency: "EUR", at: "2026-03-15" }]) { currency rateToCorporate } }`;

  it('is not in the public graph: a partner and an admin through the gateway fail validation', async () => {
    for (const identity of [P, as.admin]) {
      expect(codes(await query(LOOKUP, {}, identity))).toContain('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('refuses a user calling the customers subgraph directly (the PRM calls it as SERVICE, above)', async () => {
    for (const identity of [P, as.admin, as.analyst]) {
      const response = await postGraphQL(
        graph.customers.url,
        LOOKUP,
        {},
        { [IDENTITY_HEADER]: await signForwardedIdentity(identity, 'customers') },
      );
      expect(codes(response)).toContain('FORBIDDEN');
      expect(JSON.stringify(response.data ?? null)).not.toContain('1.1');
    }
  });
});
