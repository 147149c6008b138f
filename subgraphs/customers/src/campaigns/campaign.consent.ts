/** Who a campaign may reach: the consent its channel needs, and why someone is blocked. */
import { PreferenceChannel } from '../preferences';
import { CampaignChannel, EnrolmentSkipReason } from './campaign.entity';

/**
 * The contact channel whose consent a campaign needs. Every campaign channel reaches people by
 * email in this product: the mail itself, event and webinar invitations, content delivery, and ad
 * audiences matched on email addresses.
 */
export const CONSENT_CHANNEL: Record<CampaignChannel, PreferenceChannel> = {
  [CampaignChannel.EMAIL]: PreferenceChannel.EMAIL,
  [CampaignChannel.EVENT]: PreferenceChannel.EMAIL,
  [CampaignChannel.WEBINAR]: PreferenceChannel.EMAIL,
  [CampaignChannel.CONTENT]: PreferenceChannel.EMAIL,
  [CampaignChannel.ADS]: PreferenceChannel.EMAIL,
};

/** Why consent blocks someone from a campaign (reported as the skip reason of an enrolment). */
export const ConsentBlock = EnrolmentSkipReason;
export type ConsentBlock = EnrolmentSkipReason;

export interface PreferenceState {
  channel: PreferenceChannel;
  optedIn: boolean;
  unsubscribedAt: Date | null;
}

/**
 * Why a contact may not be enrolled in a campaign, or null if it may: consent is opt-in, so a
 * contact with no preference for the channel has not consented; one that unsubscribed from it
 * is blocked for good (until it opts in again).
 */
export function contactConsentBlock(
  preferences: readonly PreferenceState[],
  campaignChannel: CampaignChannel,
): ConsentBlock | null {
  const channel = CONSENT_CHANNEL[campaignChannel];
  const preference = preferences.find((p) => p.channel === channel);
  if (preference?.unsubscribedAt && !preference.optedIn) return ConsentBlock.UNSUBSCRIBED;
  if (!preference?.optedIn) return ConsentBlock.NO_CONSENT;
  return null;
}

/**
 * Leads carry one consent flag (to be contacted by email). Without it, a lead is not enrolled in
 * a campaign that needs email consent — which, by CONSENT_CHANNEL, is every campaign.
 */
export function leadConsentBlock(
  lead: { consentGiven: boolean },
  campaignChannel: CampaignChannel,
): ConsentBlock | null {
  if (CONSENT_CHANNEL[campaignChannel] !== PreferenceChannel.EMAIL) return null;
  return lead.consentGiven ? null : ConsentBlock.NO_CONSENT;
}

export function describeBlock(block: ConsentBlock, channel: CampaignChannel): string {
  const needed = CONSENT_CHANNEL[channel];
  return block === ConsentBlock.UNSUBSCRIBED
    ? `unsubscribed from ${needed}`
    : `has not consented to ${needed}, which ${channel} campaigns need`;
}
