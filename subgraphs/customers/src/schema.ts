import { auditLogResolver } from '@sales-graph/shared/audit/audit.resolver';
import { buildFederatedSchema } from '@sales-graph/shared/subgraph';
import { ActivityResolver, CustomerActivityResolver } from './activities/activity.resolver';
import { AutomationRuleResolver } from './automation/automation.resolver';
import {
  CampaignMemberResolver,
  CampaignResolver,
  ContactCampaignResolver,
  LeadCampaignResolver,
  TimelineCampaignResolver,
} from './campaigns/campaign.resolver';
import { ContactPreferenceResolver, ContactPreferencesResolver } from './preferences/preference.resolver';
import { ContactResolver } from './contacts/contact.resolver';
import { resolveCustomerReference } from './customers/customer.reference';
import { CustomerResolver } from './customers/customer.resolver';
import {
  CustomerDuplicatePairResolver,
  CustomerLifecycleResolver,
  CustomerMergeResultResolver,
} from './customers/customer.lifecycle.resolver';
import { resolveDealReference } from './deals/deal.reference';
import { DealResolver } from './deals/deal.resolver';
import { PartnerSourcedDealResolver } from './partner-deals/partner-deal.resolver';
import { CustomerInsightsFieldResolver, CustomerInsightsResolver } from './insights/insights.resolver';
import { resolveLeadReference } from './leads/lead.reference';
import { LeadResolver } from './leads/lead.resolver';
import { LeadLifecycleResolver } from './leads/lead.lifecycle.resolver';
import { CustomerOrderResolver, OrderResolver } from './orders/order.resolver';
import { CustomerTicketResolver, TicketResolver } from './tickets/ticket.resolver';
import { CustomerTimelineResolver, TimelineEntryResolver } from './timeline/timeline.resolver';

export function buildCustomersSchema() {
  return buildFederatedSchema(
    {
      resolvers: [
        CustomerResolver,
        CustomerLifecycleResolver,
        CustomerDuplicatePairResolver,
        CustomerMergeResultResolver,
        auditLogResolver('crmAuditLog', 'Changes to CRM records, newest first (ADMIN only).'),
        ContactResolver,
        DealResolver,
        PartnerSourcedDealResolver,
        LeadResolver,
        LeadLifecycleResolver,
        ActivityResolver,
        CustomerActivityResolver,
        TicketResolver,
        CustomerTicketResolver,
        OrderResolver,
        CustomerOrderResolver,
        TimelineEntryResolver,
        CustomerTimelineResolver,
        CustomerInsightsResolver,
        CustomerInsightsFieldResolver,
        CampaignResolver,
        CampaignMemberResolver,
        ContactCampaignResolver,
        LeadCampaignResolver,
        TimelineCampaignResolver,
        ContactPreferenceResolver,
        ContactPreferencesResolver,
        AutomationRuleResolver,
      ],
    },
    {
      Customer: { __resolveReference: resolveCustomerReference },
      Deal: { __resolveReference: resolveDealReference },
      Lead: { __resolveReference: resolveLeadReference },
    },
  );
}
