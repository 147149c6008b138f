export { campaignInfluence, campaignReturns, dealCampaignCredits } from './influence.service';
export { CampaignInfluenceModel } from './influence.types';
