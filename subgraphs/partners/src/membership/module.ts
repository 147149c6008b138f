import { defineModule } from '@sales-graph/shared/module';
import { PartnerMembershipResolver } from './membership.resolver';

/** Whether a PARTNER identity is still a member, asked by the CRM (its subject, PartnerMembership, is shared's). */
export default defineModule({
  name: 'membership',
  resolvers: [PartnerMembershipResolver],
});
