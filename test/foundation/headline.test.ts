import { statementCounter } from '@sales-graph/shared/db/datasource';
import { startTestGraph, type TestGraph } from '../support/graph';
import { seedPartner } from '../support/partners';

/**
 * The product's headline: one request through the gateway shows a customer's deals beside the
 * partner who sourced each one, and costs the same number of SQL statements for 5 deals as for 50.
 */
const HEADLINE = `query Headline($id: ID!) {
  customer(id: $id) {
    name
    deals(first: 50) {
      totalCount
      edges { node { title amount currency stage sourcedBy { name tier } lead { source status referredBy { name } } } }
    }
  }
}`;

interface HeadlineDeal {
  title: string;
  amount: string;
  currency: string;
  stage: string;
  sourcedBy: { name: string; tier: string } | null;
  lead: { source: string; status: string; referredBy: { name: string } | null } | null;
}
interface Headline {
  customer: { name: string; deals: { totalCount: number; edges: { node: HeadlineDeal }[] } };
}

let graph: TestGraph;
const ids: Record<string, string> = {};

async function must<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await graph.query<T>(query, variables);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!;
}

/** A customer with `count` deals; every other deal is sourced by `partnerId`, every third has a referred lead. */
async function customerWithDeals(name: string, count: number, partnerId: string, referrerId: string) {
  const { createCustomer } = await must<{ createCustomer: { id: string } }>(
    `mutation($name: String!) { createCustomer(input: { name: $name, industry: "Retail", region: "EMEA" }) { id } }`,
    { name },
  );
  for (let i = 0; i < count; i++) {
    let leadId: string | null = null;
    if (i % 3 === 0) {
      const { createLead } = await must<{ createLead: { id: string } }>(
        `mutation($c: ID!) { createLead(input: { name: "Lead", source: PARTNER, status: QUALIFIED, customerId: $c }) { id } }`,
        { c: createCustomer.id },
      );
      leadId = createLead.id;
      await must(
        `mutation($l: ID!, $p: ID!) { attributeLeadToPartner(input: { leadId: $l, referredByPartnerId: $p }) { id } }`,
        {
          l: leadId,
          p: referrerId,
        },
      );
    }
    const { createDeal } = await must<{ createDeal: { id: string } }>(
      `mutation($c: ID!, $t: String!, $l: ID) {
        createDeal(input: { customerId: $c, title: $t, amount: "12500.50", currency: "EUR", leadId: $l }) { id }
      }`,
      { c: createCustomer.id, t: `${name} deal ${i}`, l: leadId },
    );
    if (i % 2 === 0) {
      await must(
        `mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`,
        {
          d: createDeal.id,
          p: partnerId,
        },
      );
    }
  }
  return createCustomer.id;
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
  const { customer } = await must<Headline>(HEADLINE, { id: ids.small });
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
    const { customer } = await must<Headline>(HEADLINE, { id: customerId });
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
