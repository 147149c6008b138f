import {
  as,
  createCustomer,
  createDeal,
  expectCode,
  ok,
  partnerUser,
  seedPartner,
  startTestGraph,
  type TestGraph,
} from '../support';

/**
 * Money across currencies through the gateway: an ADMIN imports dated exchange rates (all or
 * nothing, validated); an analyst asks the pipeline converted into USD and into EUR at two dates
 * and the figures equal the exact hand computation, with the rates used shown; a date before any
 * rate is a typed error naming the currency and date; the unconverted answer is unchanged. A
 * partner and an analyst cannot write rates, and a partner's converted pipeline holds only what
 * it could already see.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let graph: TestGraph;
let customerId: string;

const IMPORT = `mutation($r: [ExchangeRateInput!]!) { importExchangeRates(rates: $r) { currency rateToCorporate effectiveDate source } }`;
const SET = `mutation($i: ExchangeRateInput!) { setExchangeRate(input: $i) { currency rateToCorporate effectiveDate } }`;
const nodes = (data: Json): Json[] => (data.exchangeRates.edges as Json[]).map((edge) => edge.node);
const RATES = `{ corporateCurrency exchangeRates(first: 50, orderBy: { field: EFFECTIVE_DATE, direction: ASC }) { edges { node { currency rateToCorporate effectiveDate } } } }`;
const ROW = 'currency stage dealCount amount wonAmount';
const CONVERTED = `query($f: DealFilter, $c: ConvertInput) {
  salesAnalytics(groupBy: [STAGE], filter: $f, convert: $c) {
    totals { ${ROW} }
    converted { currency at rows { ${ROW} } totals { ${ROW} } rates { from to rate effectiveDate } } } }`;

beforeAll(async () => {
  graph = await startTestGraph();
  customerId = (await createCustomer(graph, 'Multicurrency Ltd')).id;
  const deals = [
    { amount: '1000.01', currency: 'EUR', stage: 'PROSPECTING' },
    { amount: '333.33', currency: 'EUR', stage: 'CLOSED_WON' },
    { amount: '100.05', currency: 'GBP', stage: 'PROSPECTING' },
    { amount: '50.00', currency: 'USD', stage: 'PROSPECTING' },
  ];
  for (const [n, deal] of deals.entries()) {
    await createDeal(graph, { customerId, title: `FX deal ${n}`, ...deal });
  }
});

afterAll(async () => {
  await graph?.stop();
});

describe('an ADMIN enters and imports exchange rates', () => {
  it('imports many at once, normalised to 12 decimals, and lists them', async () => {
    const { importExchangeRates } = ok<Json>(
      await graph.query(
        IMPORT,
        {
          r: [
            { currency: 'eur', rateToCorporate: '1.1', effectiveDate: '2026-01-01', source: 'ECB' },
            { currency: 'GBP', rateToCorporate: '1.25', effectiveDate: '2026-01-01', source: 'ECB' },
          ],
        },
        as.admin,
      ),
    );
    expect(importExchangeRates).toEqual([
      { currency: 'EUR', rateToCorporate: '1.100000000000', effectiveDate: '2026-01-01', source: 'ECB' },
      { currency: 'GBP', rateToCorporate: '1.250000000000', effectiveDate: '2026-01-01', source: 'ECB' },
    ]);
    const { setExchangeRate } = ok<Json>(
      await graph.query(
        SET,
        { i: { currency: 'EUR', rateToCorporate: '1.2', effectiveDate: '2026-06-01' } },
        as.admin,
      ),
    );
    expect(setExchangeRate.rateToCorporate).toBe('1.200000000000');
    const data = ok<Json>(await graph.query(RATES, {}, as.analyst));
    expect(data.corporateCurrency).toBe('USD');
    // Ordered by effective date (ties by id).
    const byDate = nodes(data).sort((a, b) =>
      `${a.effectiveDate}${a.currency}`.localeCompare(`${b.effectiveDate}${b.currency}`),
    );
    expect(nodes(data).map((node) => node.effectiveDate)).toEqual(['2026-01-01', '2026-01-01', '2026-06-01']);
    expect(byDate).toEqual([
      { currency: 'EUR', rateToCorporate: '1.100000000000', effectiveDate: '2026-01-01' },
      { currency: 'GBP', rateToCorporate: '1.250000000000', effectiveDate: '2026-01-01' },
      { currency: 'EUR', rateToCorporate: '1.200000000000', effectiveDate: '2026-06-01' },
    ]);
  });

  it('refuses an import with one bad rate as a whole (nothing written) and names the bad field', async () => {
    const before = nodes(ok<Json>(await graph.query(RATES, {}, as.admin))).length;
    const cases: [Json, string][] = [
      [{ currency: 'XXQ', rateToCorporate: '1', effectiveDate: '2026-02-01' }, 'rates[1].currency'],
      [{ currency: 'CHF', rateToCorporate: '0', effectiveDate: '2026-02-01' }, 'rates[1].rateToCorporate'],
      [{ currency: 'CHF', rateToCorporate: '-1.1', effectiveDate: '2026-02-01' }, 'rates[1].rateToCorporate'],
      [{ currency: 'USD', rateToCorporate: '1', effectiveDate: '2026-02-01' }, 'rates[1].currency'],
      [{ currency: 'CHF', rateToCorporate: '1.1', effectiveDate: '2999-01-01' }, 'rates[1].effectiveDate'],
    ];
    for (const [bad, field] of cases) {
      const response = expectCode(
        await graph.query(
          IMPORT,
          { r: [{ currency: 'CHF', rateToCorporate: '1.05', effectiveDate: '2026-02-01' }, bad] },
          as.admin,
        ),
        'BAD_USER_INPUT',
      );
      expect(response.errors?.[0].extensions?.field).toBe(field);
    }
    expectCode(
      await graph.query(
        IMPORT,
        {
          r: [
            { currency: 'CHF', rateToCorporate: '1.05', effectiveDate: '2026-02-01' },
            { currency: 'CHF', rateToCorporate: '1.06', effectiveDate: '2026-02-01' },
          ],
        },
        as.admin,
      ),
      'BAD_USER_INPUT',
    );
    expect(nodes(ok<Json>(await graph.query(RATES, {}, as.admin)))).toHaveLength(before);
  });

  it('lets no one else write rates: a partner and an analyst are refused', async () => {
    const partnerId = await seedPartner(graph, { name: 'FX Partner' });
    const partner = await partnerUser(graph, partnerId);
    const rate = { currency: 'EUR', rateToCorporate: '9.99', effectiveDate: '2026-03-01' };
    for (const identity of [partner, as.analyst, as.sales]) {
      expectCode(await graph.query(SET, { i: rate }, identity), 'FORBIDDEN');
      expectCode(await graph.query(IMPORT, { r: [rate] }, identity), 'FORBIDDEN');
    }
    const written = nodes(ok<Json>(await graph.query(RATES, {}, as.admin)));
    expect(written.some((node) => node.effectiveDate === '2026-03-01')).toBe(false);
  });
});

describe('an analyst asks the pipeline converted', () => {
  const ask = async (convert: Json) =>
    ok<Json>(await graph.query(CONVERTED, { f: { customerId }, c: convert }, as.analyst)).salesAnalytics;

  it('converts into USD at the rates of two dates, exactly as computed by hand', async () => {
    // 2026-03-15: EUR 1.1 (of 2026-01-01), GBP 1.25.
    // All deals: 1333.34 EUR × 1.1 = 1466.674; 100.05 GBP × 1.25 = 125.0625; 50.00 USD → 1641.7365 → 1641.74.
    const march = await ask({ currency: 'USD', at: '2026-03-15' });
    expect(march.converted.currency).toBe('USD');
    expect(march.converted.at).toBe('2026-03-15');
    expect(march.converted.totals).toEqual([
      { currency: 'USD', stage: null, dealCount: 4, amount: '1641.74', wonAmount: '366.66' },
    ]);
    // Per stage: PROSPECTING 1100.011 + 125.0625 + 50 = 1275.0735 → 1275.07; CLOSED_WON 333.33 × 1.1 = 366.663 → 366.66.
    expect(march.converted.rows).toEqual(
      expect.arrayContaining([
        { currency: 'USD', stage: 'PROSPECTING', dealCount: 3, amount: '1275.07', wonAmount: '0.00' },
        { currency: 'USD', stage: 'CLOSED_WON', dealCount: 1, amount: '366.66', wonAmount: '366.66' },
      ]),
    );
    expect(march.converted.rows).toHaveLength(2);
    expect(march.converted.rates).toEqual([
      { from: 'EUR', to: 'USD', rate: '1.100000000000', effectiveDate: '2026-01-01' },
      { from: 'GBP', to: 'USD', rate: '1.250000000000', effectiveDate: '2026-01-01' },
      { from: 'USD', to: 'USD', rate: '1.000000000000', effectiveDate: null },
    ]);

    // 2026-07-01: EUR 1.2 (of 2026-06-01): 1600.008 + 125.0625 + 50 = 1775.0705 → 1775.07.
    const july = await ask({ currency: 'USD', at: '2026-07-01' });
    expect(july.converted.totals[0].amount).toBe('1775.07');
    expect(july.converted.rates[0]).toEqual({
      from: 'EUR',
      to: 'USD',
      rate: '1.200000000000',
      effectiveDate: '2026-06-01',
    });
  });

  it('triangulates into EUR through USD, rounding once', async () => {
    // 1333.34 + (100.05 × 1.25 + 50.00) / 1.2 = 1333.34 + 175.0625 / 1.2 = 1333.34 + 145.885416… = 1479.225416… → 1479.23
    const july = await ask({ currency: 'EUR', at: '2026-07-01' });
    expect(july.converted.totals[0]).toMatchObject({ currency: 'EUR', amount: '1479.23' });
    expect(july.converted.rates).toEqual([
      { from: 'EUR', to: 'EUR', rate: '1.000000000000', effectiveDate: '2026-06-01' },
      // 1.25 / 1.2 = 1.041666666666… shown to 12 decimals
      { from: 'GBP', to: 'EUR', rate: '1.041666666667', effectiveDate: '2026-01-01' },
      // 1 / 1.2
      { from: 'USD', to: 'EUR', rate: '0.833333333333', effectiveDate: null },
    ]);
  });

  it('keeps the unconverted answer exactly as it is, per currency', async () => {
    const plain = await ask({ currency: 'USD', at: '2026-03-15' });
    const unconverted = ok<Json>(
      await graph.query(CONVERTED, { f: { customerId } }, as.analyst),
    ).salesAnalytics;
    expect(unconverted.converted).toBeNull();
    expect(unconverted.totals).toEqual(plain.totals);
    expect(new Map((plain.totals as Json[]).map((row) => [row.currency, row.amount]))).toEqual(
      new Map([
        ['EUR', '1333.34'],
        ['GBP', '100.05'],
        ['USD', '50.00'],
      ]),
    );
  });

  it('answers a date before any rate with a typed error naming the currency and the date', async () => {
    const response = expectCode(
      await graph.query(
        CONVERTED,
        { f: { customerId }, c: { currency: 'USD', at: '2025-12-31' } },
        as.analyst,
      ),
      'BAD_USER_INPUT',
    );
    const error = response.errors![0];
    expect(error.message).toContain('EUR');
    expect(error.message).toContain('2025-12-31');
    expect(error.extensions).toMatchObject({
      currency: 'EUR',
      at: '2025-12-31',
      missingCurrencies: ['EUR', 'GBP'],
    });
    // A currency with no rate at all, as the target.
    expectCode(
      await graph.query(
        CONVERTED,
        { f: { customerId }, c: { currency: 'JPY', at: '2026-07-01' } },
        as.analyst,
      ),
      'BAD_USER_INPUT',
    );
  });

  it('gives a partner its own pipeline converted and nothing of other deals', async () => {
    const partnerId = await seedPartner(graph, { name: 'FX Viewer Partner' });
    const partner = await partnerUser(graph, partnerId);
    const answer = ok<Json>(
      await graph.query(CONVERTED, { c: { currency: 'USD', at: '2026-07-01' } }, partner),
    ).salesAnalytics;
    // It sourced no deal: the four direct deals above never reach it, converted or not.
    expect(answer.totals).toEqual([]);
    expect(answer.converted.totals).toEqual([]);
    expect(answer.converted.rows).toEqual([]);
  });
});
