import { defineModule } from '@sales-graph/shared/module';
import { PartnerSourcedDealResolver } from './partner-deal.resolver';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    // The deal of an approved deal registration (idempotent through its externalRef), and the open deals that conflict with a registration.
    PartnerSourcedDeal: true;
  }
}

/** The PRM's calls into the CRM for deal registrations (SERVICE only, not in the public graph). */
export default defineModule({
  name: 'partner-deals',
  resolvers: [PartnerSourcedDealResolver],
  permissions: {
    PartnerSourcedDeal: { SERVICE: ['read', 'create'] },
  },
});
