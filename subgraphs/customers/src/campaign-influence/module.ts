import { READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import {
  CampaignInfluenceFieldResolver,
  CampaignInfluenceResolver,
  CampaignInfluenceRowResolver,
  DealCampaignCreditResolver,
  DealCampaignInfluenceResolver,
} from './influence.resolver';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    // Deals credited to the campaigns that touched them (internal roles; never a partner).
    CampaignInfluence: true;
    // A campaign's influence totals for the PRM's MDF return (SERVICE only).
    CampaignReturn: true;
  }
}

/**
 * Campaign influence: deals credited to the campaigns that touched their lead and their
 * customer's contacts (first touch, last touch, even split). No table of its own: it reads the
 * deals, contacts, campaigns and campaign members in set-based SQL (README "Campaign influence").
 */
export default defineModule({
  name: 'campaign-influence',
  resolvers: [
    CampaignInfluenceResolver,
    DealCampaignInfluenceResolver,
    CampaignInfluenceFieldResolver,
    DealCampaignCreditResolver,
    CampaignInfluenceRowResolver,
  ],
  permissions: {
    CampaignInfluence: { ADMIN: READ, MARKETING: READ, CHANNEL_MANAGER: READ, ANALYST: READ },
    CampaignReturn: { SERVICE: READ },
  },
});
