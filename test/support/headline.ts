import { must } from './assertions';
import { createCustomer, createDeal, createLead, seedPartner } from './fixtures';
import type { GraphQLResponse, TestGraph } from './graph';

/** The product's deep headline query: a customer's deals beside the partner who sourced each one. */
export const HEADLINE = `query Headline($id: ID!) {
  customer(id: $id) {
    name
    deals(first: 50) {
      totalCount
      edges { node { title amount currency stage sourcedBy { name tier } lead { source status referredBy { name } } } }
    }
  }
}`;

export interface HeadlineDeal {
  title: string;
  amount: string;
  currency: string;
  stage: string;
  sourcedBy: { name: string; tier: string } | null;
  lead: { source: string; status: string; referredBy: { name: string } | null } | null;
}

export interface HeadlineData {
  customer: { name: string; deals: { totalCount: number; edges: { node: HeadlineDeal }[] } };
}

export interface HeadlineCustomer {
  customerId: string;
  /** Northwind (GOLD), which sourced the deal "Sourced". */
  partnerId: string;
  /** Contoso (REFERRAL, SILVER), which referred the lead of the deal "From lead". */
  referrerId: string;
}

/** `attributeLeadToPartner`: `partnerId` referred the lead. */
export const attributeLead = (graph: TestGraph, leadId: string, partnerId: string) =>
  must(
    graph,
    `mutation($l: ID!, $p: ID!) { attributeLeadToPartner(input: { leadId: $l, referredByPartnerId: $p }) { id } }`,
    { l: leadId, p: partnerId },
  );

/** `attributeDealToPartner`: `partnerId` sourced the deal. */
export const attributeDeal = (graph: TestGraph, dealId: string, partnerId: string) =>
  must(
    graph,
    `mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`,
    { d: dealId, p: partnerId },
  );

/**
 * The customer "Acme" with three deals of `amount` EUR (one sourced by the partner Northwind, one
 * made from a lead the partner Contoso referred, one direct): the headline reads both subgraphs.
 */
export async function seedHeadline(graph: TestGraph, amount = '100.00'): Promise<HeadlineCustomer> {
  const partnerId = await seedPartner(graph, { name: 'Northwind', tier: 'GOLD' });
  const referrerId = await seedPartner(graph, { name: 'Contoso', type: 'REFERRAL', tier: 'SILVER' });
  const { id: customerId } = await createCustomer(graph, 'Acme');
  const lead = await createLead(graph, { name: 'Lead', source: 'PARTNER', customerId });
  await attributeLead(graph, lead.id, referrerId);
  const sourced = await createDeal(graph, { customerId, title: 'Sourced', amount });
  await createDeal(graph, { customerId, title: 'From lead', amount, leadId: lead.id });
  await createDeal(graph, { customerId, title: 'Direct', amount });
  await attributeDeal(graph, sourced.id, partnerId);
  return { customerId, partnerId, referrerId };
}

/** `seedHeadline`'s customer id. */
export const seedHeadlineCustomer = async (graph: TestGraph): Promise<string> =>
  (await seedHeadline(graph)).customerId;

/** Checks a headline answer for the customer `seedHeadline` made. */
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
