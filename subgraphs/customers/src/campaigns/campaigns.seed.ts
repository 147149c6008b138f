import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { DEMO_NOW } from '../activities';
import { Contact } from '../contacts';
import { Lead } from '../leads';
import { ContactPreference } from '../preferences';
import { contactConsentBlock, leadConsentBlock } from './campaign.consent';
import {
  Campaign,
  CampaignChannel,
  CampaignMember,
  CampaignMemberStatus,
  CampaignStatus,
} from './campaign.entity';
import { DAY_MS } from '@sales-graph/shared/time';

const M = CampaignMemberStatus;

const CAMPAIGNS: Array<{
  name: string;
  channel: CampaignChannel;
  status: CampaignStatus;
  daysAgo: number;
  length: number;
  budget: string | null;
}> = [
  {
    name: 'Spring product launch',
    channel: CampaignChannel.EMAIL,
    status: CampaignStatus.COMPLETED,
    daysAgo: 220,
    length: 30,
    budget: '15000.00',
  },
  {
    name: 'Partner summit 2026',
    channel: CampaignChannel.EVENT,
    status: CampaignStatus.COMPLETED,
    daysAgo: 150,
    length: 3,
    budget: '48250.50',
  },
  {
    name: 'Security best practices',
    channel: CampaignChannel.WEBINAR,
    status: CampaignStatus.COMPLETED,
    daysAgo: 90,
    length: 1,
    budget: '2500.00',
  },
  {
    name: 'Autumn nurture',
    channel: CampaignChannel.EMAIL,
    status: CampaignStatus.ACTIVE,
    daysAgo: 40,
    length: 60,
    budget: '8000.00',
  },
  {
    name: 'Retargeting Q4',
    channel: CampaignChannel.ADS,
    status: CampaignStatus.ACTIVE,
    daysAgo: 20,
    length: 70,
    budget: '30000.00',
  },
  {
    name: 'Buyer guide 2027',
    channel: CampaignChannel.CONTENT,
    status: CampaignStatus.DRAFT,
    daysAgo: -10,
    length: 45,
    budget: null,
  },
  {
    name: 'Cancelled roadshow',
    channel: CampaignChannel.EVENT,
    status: CampaignStatus.CANCELLED,
    daysAgo: 60,
    length: 5,
    budget: '12000.00',
  },
];

/** Where a member of a running or finished campaign got to, most ending at SENT or OPENED. */
function memberPath(rng: DemoRandom, status: CampaignStatus): CampaignMemberStatus[] {
  if (status === CampaignStatus.DRAFT || status === CampaignStatus.CANCELLED) return [M.ENROLLED];
  const path = [M.ENROLLED, M.SENT];
  if (rng.chance(0.05)) return [...path, M.BOUNCED];
  if (rng.chance(0.55)) path.push(M.OPENED);
  if (path.includes(M.OPENED) && rng.chance(0.45)) path.push(M.CLICKED);
  if (path.includes(M.OPENED) && rng.chance(0.4)) path.push(M.RESPONDED);
  return path;
}

/**
 * Seven campaigns across channels and statuses, each with a random share of the contacts and
 * leads that have consent (no one else is ever enrolled), progressed as far as the campaign got.
 */
export async function seedCampaigns(manager: EntityManager, rng: DemoRandom): Promise<void> {
  const [contacts, leads, preferences] = await Promise.all([
    manager.find(Contact, { order: { createdAt: 'ASC', id: 'ASC' } }),
    manager.find(Lead, { order: { createdAt: 'ASC', id: 'ASC' } }),
    manager.find(ContactPreference, { order: { createdAt: 'ASC', id: 'ASC' } }),
  ]);
  const members: CampaignMember[] = [];
  for (const plan of CAMPAIGNS) {
    const startsAt = new Date(DEMO_NOW.getTime() - plan.daysAgo * DAY_MS);
    const createdAt = new Date(startsAt.getTime() - 14 * DAY_MS);
    const campaign = await manager.save(
      manager.create(Campaign, {
        name: plan.name,
        channel: plan.channel,
        status: plan.status,
        startsAt,
        endsAt: new Date(startsAt.getTime() + plan.length * DAY_MS),
        budget: plan.budget,
        currency: plan.budget ? 'EUR' : null,
        createdAt,
        createdBy: 'seed',
      }),
    );
    const enrolledAt = () => new Date(createdAt.getTime() + rng.next() * 10 * DAY_MS);
    const add = (person: { contactId: string | null; leadId: string | null }) => {
      const path = memberPath(rng, plan.status);
      const at = enrolledAt();
      const status = path[path.length - 1];
      members.push(
        manager.create(CampaignMember, {
          campaignId: campaign.id,
          ...person,
          status,
          respondedAt:
            status === M.RESPONDED
              ? new Date(Math.max(at.getTime(), startsAt.getTime()) + rng.int(1, 10) * DAY_MS)
              : null,
          createdAt: at,
          createdBy: 'seed',
        }),
      );
    };
    for (const contact of contacts) {
      const theirs = preferences.filter((p) => p.contactId === contact.id);
      if (!contactConsentBlock(theirs, plan.channel) && rng.chance(0.25))
        add({ contactId: contact.id, leadId: null });
    }
    for (const lead of leads) {
      if (!leadConsentBlock(lead, plan.channel) && rng.chance(0.2)) add({ contactId: null, leadId: lead.id });
    }
  }
  await manager.save(members, { chunk: 200 });
}
