import { buildFederatedSchema } from '../../../shared/src/subgraph';
import { DealAttributionResolver, LeadAttributionResolver } from './attribution/attribution.resolver';
import { resolvePartnerReference } from './partners/partner.reference';
import { PartnerResolver } from './partners/partner.resolver';

/** Deal and Lead references carry only the id; their PRM fields load through loaders. */
const idReference = async (reference: { id: string }) => ({ id: reference.id.toLowerCase() });

export function buildPartnersSchema() {
  return buildFederatedSchema(
    { resolvers: [PartnerResolver, DealAttributionResolver, LeadAttributionResolver] },
    {
      Partner: { __resolveReference: resolvePartnerReference },
      Deal: { __resolveReference: idReference },
      Lead: { __resolveReference: idReference },
    },
  );
}
