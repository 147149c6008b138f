import { statementCounter } from '@sales-graph/shared/db/datasource';
import {
  attributeDeal,
  attributeLead,
  createCustomer,
  createDeal,
  createLead,
  HEADLINE,
  must,
  seedPartner,
  startTestGraph,
} from '../support';
import type { HeadlineData, TestGraph } from '../support';

/**
 * The product's headline: one request through the gateway shows a customer's deals beside the
 * partner who sourced each one, and costs the same number of SQL statements for 5 deals as for 50.
 */
type Headline = HeadlineData;

let graph: TestGraph;
const ids: Record<string, string> = {};

/** A customer with `count` deals; every other deal is sourced by `partnerId`, every third has a referred lead. */
async function customerWithDeals(name: string, count: number, partnerId: string, referrerId: string) {
  const customer = await createCustomer(graph, { name, industry: 'Retail', region: 'EMEA' });
  for (let i = 0; i < count; i++) {
    let leadId: string | null = null;
    if (i % 3 === 0) {
      leadId = (
        await createLead(graph, {
          name: 'Lead',
          source: 'PARTNER',
          status: 'QUALIFIED',
          customerId: customer.id,
        })
      ).id;
      await attributeLead(graph, leadId, referrerId);
    }
    const deal = await createDeal(graph, {
      customerId: customer.id,
      title: `${name} deal ${i}`,
      amount: '12500.50',
      currency: 'EUR',
      leadId,
    });
    if (i % 2 === 0) await attributeDeal(graph, deal.id, partnerId);
  }
  return customer.id;
}

beforeAll(async () => {
  graph = await startTestGraph();
  const partner = await seedPartner(graph, { name: 'Northwind Solutions', tier: 'GOLD' });
  const referrer = await seedPartner(graph, { name: 'Contoso Referrals', type: 'REFERRAL', tier: 'SILVER' });
  ids.small = await customerWithDeals('Small Co', 5, partner, referrer);
  ids.large = await customerWithDeals('Large Co', 50, partner, referrer);
});

afterAll(async () => {
  await graph?.stop();
});

test('shows partner-sourced deals with their partner and direct deals with sourcedBy null', async () => {
  const { customer } = await must<Headline>(graph, HEADLINE, { id: ids.small });
  expect(customer.name).toBe('Small Co');
  expect(customer.deals.totalCount).toBe(5);
  const deals = customer.deals.edges.map((edge) => edge.node);
  expect(deals.map((deal) => deal.title)).toEqual([0, 1, 2, 3, 4].map((i) => `Small Co deal ${i}`));
  deals.forEach((deal, i) => {
    expect(deal.amount).toBe('12500.50');
    expect(deal.currency).toBe('EUR');
    expect(deal.stage).toBe('PROSPECTING');
    expect(deal.sourcedBy).toEqual(i % 2 === 0 ? { name: 'Northwind Solutions', tier: 'GOLD' } : null);
    expect(deal.lead).toEqual(
      i % 3 === 0
        ? { source: 'PARTNER', status: 'QUALIFIED', referredBy: { name: 'Contoso Referrals' } }
        : null,
    );
  });
});

test('costs the same number of SQL statements for 5 deals as for 50', async () => {
  const crm = statementCounter(graph.crm);
  const prm = statementCounter(graph.prm);

  const cost = async (customerId: string, expectedDeals: number) => {
    crm.record();
    prm.record();
    const { customer } = await must<Headline>(graph, HEADLINE, { id: customerId });
    expect(customer.deals.edges).toHaveLength(expectedDeals);
    return { crm: crm.count, prm: prm.count };
  };

  const small = await cost(ids.small, 5);
  const large = await cost(ids.large, 50);
  expect(large).toEqual(small);
  // customer by id, deals page, deals count, leads by id | deal attributions, lead attributions, partners (x2 fetches)
  expect(small.crm).toBeLessThanOrEqual(4);
  expect(small.prm).toBeLessThanOrEqual(4);
  console.log(`headline query: ${small.crm} CRM + ${small.prm} PRM statements for 5 deals and for 50`);
});
