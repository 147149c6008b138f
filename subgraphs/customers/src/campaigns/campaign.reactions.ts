import { In, type EntityManager } from 'typeorm';
import type { EventOf } from '@sales-graph/shared/events/events';
import type { PreferenceEvents } from '../preferences';
import { CONSENT_CHANNEL } from './campaign.consent';
import { Campaign, CampaignMember, CampaignMemberStatus } from './campaign.entity';
import { ENROLLABLE, REACHABLE_MEMBER_STATUSES } from './campaign.rules';

/**
 * A contact that unsubscribed from a channel leaves every running (DRAFT or ACTIVE) campaign that
 * reaches it through that channel: its reachable memberships become UNSUBSCRIBED (past responses
 * keep their respondedAt). In the unsubscribe's transaction, under the contact's lock it holds.
 */
export async function leaveCampaignsOnUnsubscribe(
  manager: EntityManager,
  { contactId, channel }: EventOf<PreferenceEvents, 'ContactUnsubscribed'>,
): Promise<void> {
  const memberships = await manager.find(CampaignMember, {
    where: { contactId, status: In([...REACHABLE_MEMBER_STATUSES]) },
  });
  if (memberships.length === 0) return;
  const campaigns = await manager.find(Campaign, {
    where: { id: In([...new Set(memberships.map((m) => m.campaignId))]) },
  });
  const reached = new Set(
    campaigns
      .filter((c) => CONSENT_CHANNEL[c.channel] === channel && ENROLLABLE.includes(c.status))
      .map((c) => c.id),
  );
  const leaving = memberships.filter((m) => reached.has(m.campaignId));
  for (const member of leaving) member.status = CampaignMemberStatus.UNSUBSCRIBED;
  if (leaving.length > 0) await manager.save(leaving);
}
