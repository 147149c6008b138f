import { ALL, READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { campaignMembersScale, campaignsScale } from '../seed/scale.steps';
import { Campaign, CampaignMember } from './campaign.entity';
import {
  CampaignMemberResolver,
  CampaignResolver,
  ContactCampaignResolver,
  LeadCampaignResolver,
  TimelineCampaignResolver,
} from './campaign.resolver';
import { seedCampaigns } from './campaigns.seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Campaign: true;
  }
}

/** Marketing campaigns and their members (contacts and leads). */
export default defineModule({
  name: 'campaigns',
  entities: [Campaign, CampaignMember],
  resolvers: [
    CampaignResolver,
    CampaignMemberResolver,
    ContactCampaignResolver,
    LeadCampaignResolver,
    TimelineCampaignResolver,
  ],
  permissions: {
    Campaign: { ADMIN: ALL, SALES: READ, MARKETING: WRITE, ANALYST: READ },
  },
  seeds: [{ order: 70, after: ['baseline', 'leads', 'preferences'], run: seedCampaigns }],
  scale: [campaignsScale, campaignMembersScale],
});
