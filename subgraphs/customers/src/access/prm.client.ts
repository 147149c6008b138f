import { subgraphUrl } from '../../../../shared/src/config';
import { callSubgraph } from '../../../../shared/src/subgraph-client';

/** What a partner has a claim to, as the PRM (which owns attribution) knows it. */
export interface PartnerClaims {
  dealIds: string[];
  leadIds: string[];
}

/** The CRM asks the PRM through its API, as the SERVICE identity; never reads its tables. */
export interface PrmClient {
  partnerAccess(partnerId: string): Promise<PartnerClaims>;
}

export function httpPrmClient(url: () => string = () => subgraphUrl('partners')): PrmClient {
  return {
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
  };
}
