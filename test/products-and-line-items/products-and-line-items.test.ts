import type { OutboxDispatcher } from '@sales-graph/shared/outbox/outbox';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import {
  as,
  catalogueProduct,
  codeOf,
  createCustomer,
  createDeal,
  expectCode,
  must,
  approveRegistration,
  partnerWithDeal,
  prmOutbox,
  registerDeal,
  startTestGraph,
  type Data,
  type PartnerWithDeal,
  type TestGraph,
} from '../support';

/**
 * Products and line items: an admin builds the catalogue (products, a standard price book per
 * currency and a strategic book), a sales rep prices a deal from it (the deal's amount becomes the
 * sum of its lines, audited and in the change feed; a hand-typed amount is then refused), and a
 * partner user sees the lines of its own deal and the list prices, never another partner's deal
 * lines, the strategic prices or inactive products, and cannot change the catalogue.
 */
const nodes = <T>(connection: { edges: { node: T }[] }): T[] => connection.edges.map((edge) => edge.node);

let graph: TestGraph;
let outbox: OutboxDispatcher;
let alpha: PartnerWithDeal;
let beta: PartnerWithDeal;
const ids: Record<string, string> = {};

const SET_LINES = `mutation($dealId: ID!, $lines: [DealLineItemInput!]!) {
  setDealLineItems(dealId: $dealId, lines: $lines) {
    id amount currency
    lineItems { position quantity unitPrice discount total product { sku family } }
  } }`;
const DEAL_LINES = `query($id: ID!) { deal(id: $id) { id amount lineItems { quantity unitPrice total product { sku } } } }`;
const UPDATE_DEAL = `mutation($id: ID!, $input: UpdateDealInput!) { updateDeal(id: $id, input: $input) { id amount currency } }`;

beforeAll(async () => {
  process.env.OUTBOX_POLL_MS = '0';
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
  outbox = prmOutbox(graph);
  ids.seat = await catalogueProduct(graph, {
    sku: 'SEAT',
    name: 'Platform seat',
    family: 'Platform',
    prices: { EUR: '480.00', USD: '520.00' },
  });
  ids.training = await catalogueProduct(graph, {
    sku: 'TRAIN',
    name: 'Training day',
    family: 'Services',
    prices: { EUR: '1150.50' },
  });
  ids.legacy = await catalogueProduct(graph, {
    sku: 'LEGACY',
    name: 'Legacy licence',
    prices: { EUR: '9000.00' },
  });
  await must(graph, `mutation($id: ID!) { updateProduct(id: $id, input: { active: false }) { active } }`, {
    id: ids.legacy,
  });
  const { createPriceBook } = await must<{ createPriceBook: { id: string } }>(
    graph,
    `mutation { createPriceBook(input: { name: "Strategic EUR", currency: "EUR" }) { id isStandard } }`,
  );
  ids.strategic = createPriceBook.id;
  await must(graph, `mutation($input: SetPriceInput!) { setPrice(input: $input) { unitPrice } }`, {
    input: { priceBookId: ids.strategic, productId: ids.seat, unitPrice: '399.00' },
  });
  alpha = await partnerWithDeal(graph, outbox, 'Lines Alpha');
  beta = await partnerWithDeal(graph, outbox, 'Lines Beta');
});

afterAll(async () => {
  await graph?.stop();
});

describe('an admin builds the catalogue', () => {
  it('refuses a second product with a SKU in use, and a second standard book of a currency', async () => {
    expectCode(
      await graph.query(`mutation { createProduct(input: { sku: "SEAT", name: "Again" }) { id } }`),
      'CONFLICT',
    );
    expectCode(
      await graph.query(
        `mutation { createPriceBook(input: { name: "Another", currency: "EUR", isStandard: true }) { id } }`,
      ),
      'CONFLICT',
    );
    expectCode(
      await graph.query(`mutation($input: SetPriceInput!) { setPrice(input: $input) { id } }`, {
        input: { priceBookId: ids.strategic, productId: ids.seat, unitPrice: '-1.00' },
      }),
      'BAD_USER_INPUT',
    );
  });

  it('lets nobody else change it: sales reads it, a partner user neither creates nor prices', async () => {
    const create = `mutation { createProduct(input: { sku: "HACK", name: "Hack" }) { id } }`;
    expectCode(await graph.query(create, {}, as.sales), 'FORBIDDEN');
    expectCode(await graph.query(create, {}, alpha.user), 'FORBIDDEN');
    const price = `mutation($input: SetPriceInput!) { setPrice(input: $input) { id } }`;
    expectCode(
      await graph.query(
        price,
        { input: { priceBookId: ids.strategic, productId: ids.seat, unitPrice: '1.00' } },
        alpha.user,
      ),
      'FORBIDDEN',
    );
    expectCode(
      await graph.query(
        `mutation($id: ID!) { updateProduct(id: $id, input: { active: true }) { id } }`,
        { id: ids.legacy },
        alpha.user,
      ),
      'FORBIDDEN',
    );
    const { products } = await must<{ products: { edges: { node: { sku: string } }[] } }>(
      graph,
      `{ products(search: "seat") { edges { node { sku } } } }`,
      {},
      as.sales,
    );
    expect(nodes(products).map((p) => p.sku)).toEqual(['SEAT']);
  });

  it('lists products for incremental sync (updatedAt, orderBy UPDATED_AT) and searches by SKU', async () => {
    const { products } = await must<{ products: { edges: { node: { sku: string; active: boolean } }[] } }>(
      graph,
      `{ products(filter: { updatedAt: { gte: "2000-01-01T00:00:00Z" } }, orderBy: { field: UPDATED_AT, direction: ASC }) { edges { node { sku active } } } }`,
    );
    // LEGACY changed last (deactivated).
    expect(nodes(products).map((p) => p.sku)).toEqual(['SEAT', 'TRAIN', 'LEGACY']);
    const bySku = await must<{ products: { edges: { node: { sku: string } }[] } }>(
      graph,
      `{ products(search: "trai") { edges { node { sku } } } }`,
    );
    expect(nodes(bySku.products).map((p) => p.sku)).toEqual(['TRAIN']);
  });
});

describe('a sales rep prices a deal from the catalogue', () => {
  let dealId: string;
  beforeAll(async () => {
    const customer = await createCustomer(graph, 'Lines Customer');
    dealId = (
      await createDeal(
        graph,
        { customerId: customer.id, title: 'Seats and training', amount: '1.00' },
        as.sales,
      )
    ).id;
  });

  it('derives the amount from the lines: list price by default, a given price, a discount, rounded half to even', async () => {
    const { setDealLineItems: deal } = await must<{ setDealLineItems: Data }>(
      graph,
      SET_LINES,
      {
        dealId,
        lines: [
          { productId: ids.seat, quantity: '3' },
          { productId: ids.training, quantity: '2.50', discount: '10' },
          { productId: ids.seat, quantity: '1', unitPrice: '0.05', discount: '50' },
        ],
      },
      as.sales,
    );
    expect(deal.lineItems).toEqual([
      {
        position: 1,
        quantity: '3.00',
        unitPrice: '480.00',
        discount: '0.00',
        total: '1440.00',
        product: { sku: 'SEAT', family: 'Platform' },
      },
      // 2.5 × 1150.50 × 0.9 = 2588.625 → 2588.62 (half to even)
      {
        position: 2,
        quantity: '2.50',
        unitPrice: '1150.50',
        discount: '10.00',
        total: '2588.62',
        product: { sku: 'TRAIN', family: 'Services' },
      },
      // 0.025 → 0.02
      {
        position: 3,
        quantity: '1.00',
        unitPrice: '0.05',
        discount: '50.00',
        total: '0.02',
        product: { sku: 'SEAT', family: 'Platform' },
      },
    ]);
    expect(deal.amount).toBe('4028.64');
  });

  it('records the amount change in the audit log and the change feed', async () => {
    const audit = (await graph.crm.query(
      `SELECT before->>'amount' AS before, after->>'amount' AS after FROM crm.audit_log
       WHERE record_type = 'Deal' AND record_id = $1 AND action = 'UPDATE' ORDER BY created_at`,
      [dealId],
    )) as { before: string; after: string }[];
    expect(audit.map((row) => [Number(row.before), Number(row.after)])).toContainEqual([1, 4028.64]);
    const feed = (await graph.crm.query(
      `SELECT changed_fields FROM crm.change_feed WHERE entity_type = 'Deal' AND entity_id = $1 AND op = 'UPDATED'`,
      [dealId],
    )) as { changed_fields: string[] }[];
    expect(feed.some((row) => row.changed_fields.includes('amount'))).toBe(true);
  });

  it('refuses a hand-typed amount or another currency on a deal with lines', async () => {
    expectCode(
      await graph.query(UPDATE_DEAL, { id: dealId, input: { amount: '5000.00' } }, as.sales),
      'BAD_USER_INPUT',
    );
    expectCode(
      await graph.query(UPDATE_DEAL, { id: dealId, input: { currency: 'USD' } }, as.sales),
      'BAD_USER_INPUT',
    );
    const { updateDeal } = await must<{ updateDeal: { amount: string } }>(
      graph,
      UPDATE_DEAL,
      { id: dealId, input: { title: 'Renamed', amount: '4028.64' } },
      as.sales,
    );
    expect(updateDeal.amount).toBe('4028.64');
  });

  it('refuses a product without a price in the deal currency, an inactive one, an unknown one, bad numbers; writes nothing', async () => {
    const usd = await createDeal(graph, {
      customerId: (await createCustomer(graph, 'Dollar Customer')).id,
      title: 'USD',
      currency: 'USD',
    });
    const before = await must<{ deal: Data }>(graph, DEAL_LINES, { id: dealId });
    const refused = [
      {
        dealId: usd.id,
        lines: [
          { productId: ids.seat, quantity: '1' },
          { productId: ids.training, quantity: '1' },
        ],
      },
      { dealId, lines: [{ productId: ids.legacy, quantity: '1' }] },
      { dealId, lines: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: '1' }] },
      { dealId, lines: [{ productId: ids.seat, quantity: '0' }] },
      { dealId, lines: [{ productId: ids.seat, quantity: '1', discount: '100.01' }] },
      { dealId, lines: [{ productId: ids.seat, quantity: '1', unitPrice: '-3.00' }] },
    ];
    for (const variables of refused) {
      const response = await graph.query(SET_LINES, variables, as.sales);
      expect([variables.lines, codeOf(response)]).toEqual([variables.lines, 'BAD_USER_INPUT']);
    }
    expect((await must(graph, DEAL_LINES, { id: dealId })).deal).toEqual(before.deal);
    expect((await must(graph, DEAL_LINES, { id: usd.id })).deal).toMatchObject({
      amount: '1000.00',
      lineItems: [],
    });
    // The USD price exists for the seat: priced from the USD standard book.
    const priced = await must<{ setDealLineItems: { amount: string } }>(graph, SET_LINES, {
      dealId: usd.id,
      lines: [{ productId: ids.seat, quantity: '2' }],
    });
    expect(priced.setDealLineItems.amount).toBe('1040.00');
  });

  it('an empty list removes the lines and leaves the amount editable', async () => {
    const { setDealLineItems } = await must<{ setDealLineItems: Data }>(
      graph,
      SET_LINES,
      { dealId, lines: [] },
      as.sales,
    );
    expect(setDealLineItems).toMatchObject({ amount: '4028.64', lineItems: [] });
    const { updateDeal } = await must<{ updateDeal: { amount: string } }>(
      graph,
      UPDATE_DEAL,
      { id: dealId, input: { amount: '5000.00' } },
      as.sales,
    );
    expect(updateDeal.amount).toBe('5000.00');
  });
});

describe('a partner user', () => {
  beforeAll(async () => {
    await must(
      graph,
      SET_LINES,
      { dealId: alpha.dealId, lines: [{ productId: ids.seat, quantity: '4' }] },
      as.sales,
    );
    await must(
      graph,
      SET_LINES,
      { dealId: beta.dealId, lines: [{ productId: ids.training, quantity: '1' }] },
      as.sales,
    );
  });

  it('sees the lines of its own deal, with their products', async () => {
    const { deal } = await must<{ deal: Data }>(graph, DEAL_LINES, { id: alpha.dealId }, alpha.user);
    expect(deal).toEqual({
      id: alpha.dealId,
      amount: '1920.00',
      lineItems: [{ quantity: '4.00', unitPrice: '480.00', total: '1920.00', product: { sku: 'SEAT' } }],
    });
  });

  it("never sees another partner's deal lines, by id or in its lists", async () => {
    expectCode(await graph.query(DEAL_LINES, { id: beta.dealId }, alpha.user), 'NOT_FOUND');
    const { deals } = await must<{
      deals: { edges: { node: { id: string; lineItems: { product: { sku: string } }[] } }[] };
    }>(graph, `{ deals { edges { node { id lineItems { product { sku } } } } } }`, {}, alpha.user);
    expect(nodes(deals).map((d) => d.id)).toEqual([alpha.dealId]);
    expect(nodes(deals)[0].lineItems.map((l) => l.product.sku)).toEqual(['SEAT']);
  });

  it('cannot set lines on any deal, its own included', async () => {
    expectCode(await graph.query(SET_LINES, { dealId: alpha.dealId, lines: [] }, alpha.user), 'FORBIDDEN');
    expectCode(await graph.query(SET_LINES, { dealId: beta.dealId, lines: [] }, alpha.user), 'FORBIDDEN');
  });

  it('reads the active catalogue and the standard books only: no strategic prices, no inactive product', async () => {
    const { products, priceBooks } = await must<Data>(
      graph,
      `{ products { edges { node { sku prices { unitPrice priceBook { name } } } } }
         priceBooks { edges { node { name isStandard entries { unitPrice product { sku } } } } } }`,
      {},
      alpha.user,
    );
    expect(nodes<{ sku: string }>(products).map((p) => p.sku)).toEqual(['SEAT', 'TRAIN']);
    expect(nodes<Data>(products)[0].prices).toEqual([
      { unitPrice: '480.00', priceBook: { name: 'Standard EUR' } },
      { unitPrice: '520.00', priceBook: { name: 'Standard USD' } },
    ]);
    expect(nodes<{ isStandard: boolean }>(priceBooks).every((b) => b.isStandard)).toBe(true);
    expect(JSON.stringify(priceBooks)).not.toMatch(/399\.00|Strategic|LEGACY/);
    expectCode(
      await graph.query(`query($id: ID!) { product(id: $id) { sku } }`, { id: ids.legacy }, alpha.user),
      'NOT_FOUND',
    );
    const strategic = await must<{ priceBooks: { edges: { node: unknown }[] } }>(
      graph,
      `{ priceBooks(filter: { isStandard: false }) { edges { node { name } } } }`,
      {},
      alpha.user,
    );
    expect(nodes(strategic.priceBooks)).toEqual([]);
    // Staff see the strategic book and the inactive product.
    const staff = await must<Data>(
      graph,
      `{ priceBooks { edges { node { name } } } products { totalCount } }`,
      {},
      as.analyst,
    );
    expect(nodes<{ name: string }>(staff.priceBooks).map((b) => b.name)).toContain('Strategic EUR');
  });
});

describe('a partner registers product lines', () => {
  const REGISTER = `mutation($input: RegisterDealInput!) { registerDeal(input: $input) { id } }`;
  const LINES = `query($id: ID!) { dealRegistration(id: $id) { id productLines { sku family quantity unitPrice } } }`;
  const input = (productLines: unknown[], currency = 'EUR') => ({
    input: {
      prospectCompanyName: 'Lines Prospect',
      estimatedAmount: '5000.00',
      currency,
      expectedCloseDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      products: ['Platform'],
      productLines,
    },
  });
  let registrationId: string;

  it('submits lines checked against the catalogue: list price by default, or its own price', async () => {
    const registration = await registerDeal(
      graph,
      {
        prospectCompanyName: 'Lines Prospect',
        products: ['Platform'],
        productLines: [
          { productId: ids.seat, quantity: '10' },
          { productId: ids.training, quantity: '2', unitPrice: '1000.00' },
        ],
      },
      alpha.user,
    );
    registrationId = registration.id;
    const { dealRegistration } = await must<Data>(graph, LINES, { id: registrationId }, alpha.user);
    expect(dealRegistration.productLines).toEqual([
      { sku: 'SEAT', family: 'Platform', quantity: '10.00', unitPrice: '480.00' },
      { sku: 'TRAIN', family: 'Services', quantity: '2.00', unitPrice: '1000.00' },
    ]);
  });

  it('refuses an inactive, unknown or unpriced product and a bad quantity, and stores nothing', async () => {
    const before = (await graph.prm.query(`SELECT count(*)::int AS n FROM prm.deal_registrations`)) as {
      n: number;
    }[];
    for (const variables of [
      input([{ productId: ids.legacy, quantity: '1' }]),
      input([{ productId: '00000000-0000-4000-8000-000000000000', quantity: '1' }]),
      input([{ productId: ids.training, quantity: '1' }], 'USD'),
      input([{ productId: ids.seat, quantity: '-2' }]),
    ]) {
      expect(codeOf(await graph.query(REGISTER, variables, alpha.user))).toBe('BAD_USER_INPUT');
    }
    expect(await graph.prm.query(`SELECT count(*)::int AS n FROM prm.deal_registrations`)).toEqual(before);
  });

  it("never shows another partner's registration lines", async () => {
    expectCode(await graph.query(LINES, { id: registrationId }, beta.user), 'NOT_FOUND');
    const { dealRegistrations } = await must<Data>(
      graph,
      `{ dealRegistrations { edges { node { id productLines { sku } } } } }`,
      {},
      beta.user,
    );
    expect(nodes<{ id: string }>(dealRegistrations).map((r) => r.id)).not.toContain(registrationId);
  });

  it('on approval the CRM deal gets the lines as line items, once', async () => {
    await approveRegistration(graph, registrationId);
    await outbox.dispatchOnce();
    await outbox.dispatchOnce();
    const [{ deal_id: dealId }] = (await graph.prm.query(
      `SELECT deal_id::text FROM prm.deal_registrations WHERE id = $1`,
      [registrationId],
    )) as { deal_id: string }[];
    const { deal } = await must<Data>(graph, DEAL_LINES, { id: dealId }, alpha.user);
    expect(deal).toEqual({
      id: dealId,
      amount: '6800.00',
      lineItems: [
        { quantity: '10.00', unitPrice: '480.00', total: '4800.00', product: { sku: 'SEAT' } },
        { quantity: '2.00', unitPrice: '1000.00', total: '2000.00', product: { sku: 'TRAIN' } },
      ],
    });
    expect(
      await graph.crm.query(`SELECT count(*)::int AS n FROM crm.deal_line_items WHERE deal_id = $1`, [
        dealId,
      ]),
    ).toEqual([{ n: 2 }]);
  });
});

describe('reading line items through loaders', () => {
  it('costs the same statements for a page of deals with one line each as with five', async () => {
    const crm = statementCounter(graph.crm);
    const seed = async (name: string, lines: number) => {
      const customer = await createCustomer(graph, name);
      for (let i = 0; i < 3; i += 1) {
        const deal = await createDeal(graph, { customerId: customer.id, title: `${name} ${i}` });
        await must(graph, SET_LINES, {
          dealId: deal.id,
          lines: Array.from({ length: lines }, (_, k) => ({
            productId: k % 2 ? ids.training : ids.seat,
            quantity: '1',
          })),
        });
      }
      return customer.id;
    };
    const few = await seed('Few Lines', 1);
    const many = await seed('Many Lines', 5);
    const cost = async (customerId: string, perDeal: number) => {
      crm.record();
      const { deals } = await must<{
        deals: { edges: { node: { lineItems: { product: { sku: string } }[] } }[] };
      }>(
        graph,
        `query($c: ID!) { deals(filter: { customerId: $c }) { edges { node { id lineItems { total product { sku family } } } } } }`,
        { c: customerId },
      );
      expect(nodes(deals).map((d) => d.lineItems.length)).toEqual([perDeal, perDeal, perDeal]);
      return crm.count;
    };
    const small = await cost(few, 1);
    const large = await cost(many, 5);
    expect(large).toBe(small);
    console.log(`deals with line items: ${small} CRM statements for 1 line per deal and for 5`);
  });
});
