import { statementCounter } from '@sales-graph/shared/db/datasource';
import {
  addDealPartners,
  createCustomer,
  createDeal,
  HEADLINE,
  must,
  seedPartner,
  startTestGraph,
  type HeadlineData,
  type TestGraph,
} from '../support';

/**
 * The headline query costs the same number of statements however many partners each deal has
 * (every part of a deal loads through the request's loaders), and the headline with every deal's
 * partners stays within a bound, the same for 5 deals as for 50, each with a sourcing partner, a
 * reseller, a distributor and a services partner.
 */
const WITH_PARTNERS = HEADLINE.replace(
  'sourcedBy { name tier }',
  'sourcedBy { name tier } partners { role primary partner { name } }',
);

let graph: TestGraph;
const customers: Record<string, string> = {};
const dealsOf: Record<string, string[]> = {};
const partner: Record<string, string> = {};

async function customerWithDeals(name: string, count: number) {
  const customer = await createCustomer(graph, { name });
  dealsOf[name] = [];
  for (let i = 0; i < count; i++) {
    const deal = await createDeal(graph, { customerId: customer.id, title: `${name} ${i}`, amount: '10.00' });
    await addDealPartners(graph, deal.id, [[partner.sourcer, 'SOURCED']]);
    dealsOf[name].push(deal.id);
  }
  customers[name] = customer.id;
}

beforeAll(async () => {
  graph = await startTestGraph();
  for (const role of ['sourcer', 'reseller', 'distributor', 'services']) {
    partner[role] = await seedPartner(graph, { name: `Headline ${role}`, tier: 'GOLD' });
  }
  await customerWithDeals('Small', 5);
  await customerWithDeals('Large', 50);
});

afterAll(async () => {
  await graph?.stop();
});

const cost = async (query: string, customer: string, deals: number) => {
  const crm = statementCounter(graph.crm);
  const prm = statementCounter(graph.prm);
  crm.record();
  prm.record();
  const { customer: answer } = await must<HeadlineData>(graph, query, { id: customers[customer] });
  expect(answer.deals.edges).toHaveLength(deals);
  return { crm: crm.count, prm: prm.count };
};

test('the statement count does not grow with the partners per deal, nor with the deals', async () => {
  const single = await cost(HEADLINE, 'Large', 50);
  // Three more partners on every deal (bulk, as an import would).
  await graph.prm.query(
    `INSERT INTO prm.deal_partner_attributions (deal_id, partner_id, role, created_by)
     SELECT d, p, r, 'test' FROM unnest($1::uuid[]) d,
       unnest($2::uuid[], $3::text[]) AS x(p, r)`,
    [
      [...dealsOf.Small, ...dealsOf.Large],
      [partner.reseller, partner.distributor, partner.services],
      ['RESELLER', 'DISTRIBUTOR', 'SERVICES'],
    ],
  );
  expect(await cost(HEADLINE, 'Large', 50)).toEqual(single);
  expect(await cost(HEADLINE, 'Small', 5)).toEqual(single);

  const small = await cost(WITH_PARTNERS, 'Small', 5);
  const large = await cost(WITH_PARTNERS, 'Large', 50);
  // The deals' other parts: one statement more than the headline in the PRM, and at most one more
  // batch of partners (the parts' partners may load in the same batch as `sourcedBy`'s, or the
  // next); none in the CRM. A bound, the same for 5 deals as for 50.
  for (const answer of [small, large]) {
    expect(answer.crm).toBe(single.crm);
    expect(answer.prm).toBeGreaterThanOrEqual(single.prm);
    expect(answer.prm).toBeLessThanOrEqual(single.prm + 2);
  }
  const { customer } = await must<HeadlineData & Record<string, never>>(graph, WITH_PARTNERS, {
    id: customers.Small,
  });
  const first = customer.deals.edges[0].node as unknown as { partners: { role: string; primary: boolean }[] };
  expect(first.partners.map((part) => [part.role, part.primary])).toEqual([
    ['SOURCED', true],
    ['RESELLER', false],
    ['DISTRIBUTOR', false],
    ['SERVICES', false],
  ]);
  console.log(
    `headline: ${single.crm} CRM + ${single.prm} PRM statements with 1 or 4 partners per deal; with partners ${small.prm} / ${large.prm} PRM (5 / 50 deals)`,
  );
});
