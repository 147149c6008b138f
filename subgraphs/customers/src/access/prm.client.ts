import { httpApiKeyLookup, type ApiKeyLookup } from '@sales-graph/shared/auth/api-key-verifier';
import type { PartnerMembership } from '@sales-graph/shared/auth/identity';
import { subgraphUrl } from '@sales-graph/shared/config';
import { callSubgraph } from '@sales-graph/shared/subgraph-client';

/** What a partner has a claim to, as the PRM (which owns attribution) knows it. */
export interface PartnerClaims {
  dealIds: string[];
  leadIds: string[];
}

/** The CRM asks the PRM through its API, as the SERVICE identity; never reads its tables. */
export interface PrmClient {
  partnerAccess(partnerId: string): Promise<PartnerClaims>;
  /** What a PARTNER identity is to the PRM (which owns partners, their users and keys), or null. */
  partnerMembership(sub: string, partnerId: string): Promise<PartnerMembership | null>;
  /** Of these partner ids, the ones that name an existing partner (one `_entities` call). */
  existingPartners(ids: readonly string[]): Promise<Set<string>>;
  /** The identity of a usable API key (its id and secret hash), or null. */
  apiKeyIdentity: ApiKeyLookup;
  /** The tier of each of these partners (unknown and deleted ones left out), in ONE call. */
  partnerTiers(partnerIds: readonly string[]): Promise<{ partnerId: string; tier: string }[]>;
}

export function httpPrmClient(url: () => string = () => subgraphUrl('partners')): PrmClient {
  return {
    apiKeyIdentity: httpApiKeyLookup('customers', url),
    async existingPartners(ids) {
      if (ids.length === 0) return new Set();
      const data = await callSubgraph<{ _entities: ({ id: string } | null)[] }>(
        'customers',
        'partners',
        url(),
        `query ExistingPartners($r: [_Any!]!) { _entities(representations: $r) { ... on Partner { id } } }`,
        { r: ids.map((id) => ({ __typename: 'Partner', id })) },
      );
      return new Set(data._entities.filter((e): e is { id: string } => e !== null).map((e) => e.id));
    },
    async partnerAccess(partnerId) {
      const data = await callSubgraph<{ partnerAccess: PartnerClaims }>(
        'customers',
        'partners',
        url(),
        `query PartnerAccess($id: ID!) { partnerAccess(partnerId: $id) { dealIds leadIds } }`,
        { id: partnerId },
      );
      return data.partnerAccess;
    },
    async partnerTiers(partnerIds) {
      if (partnerIds.length === 0) return [];
      const data = await callSubgraph<{ partnerTiers: { partnerId: string; tier: string }[] }>(
        'customers',
        'partners',
        url(),
        `query PartnerTiers($ids: [ID!]!) { partnerTiers(partnerIds: $ids) { partnerId tier } }`,
        { ids: partnerIds },
      );
      return data.partnerTiers;
    },
    async partnerMembership(sub, partnerId) {
      const data = await callSubgraph<{ partnerMembership: PartnerMembership | null }>(
        'customers',
        'partners',
        url(),
        `query PartnerMembership($id: ID!, $sub: String!) { partnerMembership(partnerId: $id, sub: $sub) { partnerStatus member } }`,
        { id: partnerId, sub },
      );
      return data.partnerMembership;
    },
  };
}
