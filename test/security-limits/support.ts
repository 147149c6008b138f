import type { GraphQLResponse, TestGraph } from '../support/graph';
import { seedPartner } from '../support/partners';

/** The product's deep headline query: every limit must leave it working. */
export const HEADLINE = `query Headline($id: ID!) {
  customer(id: $id) {
    name
    deals(first: 50) {
      totalCount
      edges { node { title amount currency stage sourcedBy { name tier } lead { source status referredBy { name } } } }
    }
  }
}`;

export const codes = (response: Pick<GraphQLResponse, 'errors'>) =>
  (response.errors ?? []).map((error) => error.extensions?.code);

export async function must<T = Record<string, unknown>>(
  graph: TestGraph,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await graph.query<T>(query, variables);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!;
}

/** A customer with three deals: one sourced by a partner, one from a lead another partner referred. */
export async function seedHeadlineCustomer(graph: TestGraph): Promise<string> {
  const partner = { id: await seedPartner(graph, { name: 'Northwind', tier: 'GOLD' }) };
  const referrer = { id: await seedPartner(graph, { name: 'Contoso', type: 'REFERRAL', tier: 'SILVER' }) };
  const { createCustomer: customer } = await must<{ createCustomer: { id: string } }>(
    graph,
    `mutation { createCustomer(input: { name: "Acme" }) { id } }`,
  );
  const { createLead: lead } = await must<{ createLead: { id: string } }>(
    graph,
    `mutation($c: ID!) { createLead(input: { name: "Lead", source: PARTNER, customerId: $c }) { id } }`,
    { c: customer.id },
  );
  await must(
    graph,
    `mutation($l: ID!, $p: ID!) { attributeLeadToPartner(input: { leadId: $l, referredByPartnerId: $p }) { id } }`,
    { l: lead.id, p: referrer.id },
  );
  const createDeal = `mutation($c: ID!, $t: String!, $l: ID) {
    createDeal(input: { customerId: $c, title: $t, amount: "100.00", currency: "EUR", leadId: $l }) { id }
  }`;
  const sourced = await must<{ createDeal: { id: string } }>(graph, createDeal, {
    c: customer.id,
    t: 'Sourced',
  });
  await must(graph, createDeal, { c: customer.id, t: 'From lead', l: lead.id });
  await must(graph, createDeal, { c: customer.id, t: 'Direct' });
  await must(
    graph,
    `mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`,
    { d: sourced.createDeal.id, p: partner.id },
  );
  return customer.id;
}

export interface HeadlineData {
  customer: {
    name: string;
    deals: {
      totalCount: number;
      edges: {
        node: {
          title: string;
          sourcedBy: { name: string; tier: string } | null;
          lead: { referredBy: { name: string } | null } | null;
        };
      }[];
    };
  };
}

/** Checks a headline answer for the customer `seedHeadlineCustomer` made. */
export function expectFullHeadline(response: GraphQLResponse<HeadlineData>): void {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
  const deals = response.data!.customer.deals.edges.map((edge) => edge.node);
  expect(response.data!.customer.deals.totalCount).toBe(3);
  expect(deals.find((deal) => deal.title === 'Sourced')?.sourcedBy).toEqual({
    name: 'Northwind',
    tier: 'GOLD',
  });
  expect(deals.find((deal) => deal.title === 'From lead')?.lead?.referredBy).toEqual({ name: 'Contoso' });
}
