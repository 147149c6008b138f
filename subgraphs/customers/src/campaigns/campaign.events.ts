import type { Campaign, CampaignMember, CampaignStatus } from './campaign.entity';

/** What happens to a campaign, emitted inside the transaction that did it (`emit<CampaignEvents>`). */
export interface CampaignEvents {
  /** People joined a campaign (one event per enrolment call, with every new member). */
  CampaignMembersAdded: { campaign: Campaign; members: CampaignMember[]; by: string };
  CampaignStatusChanged: { campaign: Campaign; from: CampaignStatus; to: CampaignStatus; by: string };
}
