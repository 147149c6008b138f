import { buildFederatedSchema } from '../../../shared/src/subgraph';
import { ContactResolver } from './contacts/contact.resolver';
import { resolveCustomerReference } from './customers/customer.reference';
import { CustomerResolver } from './customers/customer.resolver';
import { resolveDealReference } from './deals/deal.reference';
import { DealResolver } from './deals/deal.resolver';
import { resolveLeadReference } from './leads/lead.reference';
import { LeadResolver } from './leads/lead.resolver';

export function buildCustomersSchema() {
  return buildFederatedSchema(
    { resolvers: [CustomerResolver, ContactResolver, DealResolver, LeadResolver] },
    {
      Customer: { __resolveReference: resolveCustomerReference },
      Deal: { __resolveReference: resolveDealReference },
      Lead: { __resolveReference: resolveLeadReference },
    },
  );
}
