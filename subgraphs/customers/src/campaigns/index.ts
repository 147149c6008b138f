export {
  Campaign,
  CampaignChannel,
  CampaignMember,
  CampaignMemberStatus,
  CampaignStatus,
  EnrolmentSkipReason,
} from './campaign.entity';
export { ENROLLABLE, REACHABLE_MEMBER_STATUSES } from './campaign.rules';
export { enrolMembers, getCampaign, lockCampaign } from './campaign.service';
export type { EnrolmentTargets } from './campaign.service';
export { campaignTouchTimelineSource } from './campaign.timeline';
export {
  campaignTouchesSql,
  LIVE_CAMPAIGNS_SQL,
  liveCampaignsIn,
  membersOfCampaignsSql,
} from './campaign.sql';
