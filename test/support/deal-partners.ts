import type { Identity } from '@sales-graph/shared/auth/identity';
import type { GraphQLResponse, TestGraph } from './graph';
import { ok } from './assertions';
import { as } from './identities';

/** The operations on a deal's partners in roles (README "Deal partners"), as a channel manager by default. */
export const ADD_DEAL_PARTNER = `mutation($d: ID!, $p: ID!, $r: DealPartnerRole!) {
  addDealPartner(input: { dealId: $d, partnerId: $p, role: $r }) { id } }`;
export const REMOVE_DEAL_PARTNER = `mutation($d: ID!, $p: ID!, $r: DealPartnerRole!) {
  removeDealPartner(input: { dealId: $d, partnerId: $p, role: $r }) { id } }`;
export const SET_PRIMARY_DEAL_PARTNER = `mutation($d: ID!, $p: ID!) {
  setPrimaryDealPartner(input: { dealId: $d, partnerId: $p }) { id } }`;

export type DealPartnerRoleName = 'SOURCED' | 'RESELLER' | 'DISTRIBUTOR' | 'INFLUENCER' | 'SERVICES';

/** `addDealPartner` answered as is (errors included), for the refusals. */
export const tryAddDealPartner = (
  graph: TestGraph,
  dealId: string,
  partnerId: string,
  role: DealPartnerRoleName,
  identity: Identity = as.channelManager,
): Promise<GraphQLResponse> => graph.query(ADD_DEAL_PARTNER, { d: dealId, p: partnerId, r: role }, identity);

/** Puts partners on a deal in their roles, in order (the first must be SOURCED: it becomes the primary). */
export async function addDealPartners(
  graph: TestGraph,
  dealId: string,
  parts: readonly [partnerId: string, role: DealPartnerRoleName][],
): Promise<void> {
  for (const [partnerId, role] of parts) ok(await tryAddDealPartner(graph, dealId, partnerId, role));
}
