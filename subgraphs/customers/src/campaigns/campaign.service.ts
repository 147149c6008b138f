import { listPage } from '@sales-graph/shared/graphql/list-page';
import { In, type EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import { emit } from '@sales-graph/shared/events/events';
import { assertId, BadUserInputError, NotFoundError } from '@sales-graph/shared/errors';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { parseCurrency } from '@sales-graph/shared/graphql/scalars';
import { requiredText } from '@sales-graph/shared/validation';
import { contactsIn, lockContact } from '../contacts';
import { leadsIn, withdrawLeadConsent } from '../leads';
import { applyUnsubscribe, preferencesOf } from '../preferences';
import { contactConsentBlock, CONSENT_CHANNEL, describeBlock, leadConsentBlock } from './campaign.consent';
import {
  Campaign,
  CampaignMember,
  CampaignMemberStatus,
  CampaignStatus,
  EnrolmentSkipReason,
  type EnrolmentResult,
  type EnrolmentSkip,
} from './campaign.entity';
import { CAMPAIGN_SEARCH, CampaignFilter } from './campaign.filter';
import type { CampaignEvents } from './campaign.events';
import type { CreateCampaignInput } from './campaign.input';
import { assertEnrollable, checkCampaignPlan, planCampaignStatus, planMemberStatus } from './campaign.rules';

export const campaignRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Campaign);
export const campaignMemberRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(CampaignMember);

/** `campaigns(filter, orderBy, search)`: one page, in creation order unless `orderBy` says otherwise. */
export async function listCampaigns(
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<Campaign>> {
  const repo = campaignRepo(ctx);
  const qb = repo.createQueryBuilder('campaign');
  const spec = { typeName: 'Campaign', filterType: CampaignFilter, searchIn: CAMPAIGN_SEARCH };
  return listPage(ctx, repo, qb, spec, args, query);
}

/** Most people one enrolment call takes. */
export const MAX_ENROLMENT = 500;

export async function getCampaign(ctx: RequestContext, id: string): Promise<Campaign> {
  const campaign = await ctx.loaders.byId(campaignRepo(ctx)).load(assertId('Campaign', id));
  if (!campaign) throw new NotFoundError('Campaign', id);
  return campaign;
}

export async function createCampaign(ctx: RequestContext, input: CreateCampaignInput): Promise<Campaign> {
  const plan = {
    startsAt: input.startsAt ?? null,
    endsAt: input.endsAt ?? null,
    budget: input.budget ?? null,
    currency: input.currency ? parseCurrency(input.currency) : null,
  };
  checkCampaignPlan(plan);
  const values = { name: requiredText(input.name, 'name'), channel: input.channel, ...plan };
  const repo = campaignRepo(ctx);
  return repo.save(repo.create({ ...values, status: CampaignStatus.DRAFT, createdBy: ctx.identity.sub }));
}

/** Locks the campaign row for `manager`'s transaction (NOT_FOUND if it is missing or deleted). */
export async function lockCampaign(manager: EntityManager, id: string): Promise<Campaign> {
  const campaign = await manager.findOne(Campaign, {
    where: { id: assertId('Campaign', id) },
    lock: { mode: 'pessimistic_write' },
  });
  if (!campaign) throw new NotFoundError('Campaign', id);
  return campaign;
}

export async function updateCampaignStatus(
  ctx: RequestContext,
  id: string,
  status: CampaignStatus,
): Promise<Campaign> {
  return ctx.dataSource.transaction(async (manager) => {
    const campaign = await lockCampaign(manager, id);
    const from = campaign.status;
    campaign.status = planCampaignStatus(campaign.status, status);
    const saved = await manager.save(campaign);
    if (saved.status !== from) {
      await emit<CampaignEvents>(manager, {
        type: 'CampaignStatusChanged',
        campaign: saved,
        from,
        to: saved.status,
        by: ctx.identity.sub,
      });
    }
    return saved;
  });
}

/** Distinct, valid ids of one kind; a malformed id cannot exist, so it is NOT_FOUND. */
function distinctIds(type: string, ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => assertId(type, id)))];
}

export interface EnrolmentTargets {
  contactIds: readonly string[];
  leadIds: readonly string[];
}

/**
 * Enrols contacts and leads in a campaign whose row the caller's transaction has locked:
 * each must exist (else NOT_FOUND, nothing written); those already members are reported, not
 * enrolled twice; those without consent for the campaign's channel are skipped with the reason;
 * the rest join as ENROLLED in one insert.
 */
export async function enrolMembers(
  manager: EntityManager,
  by: string,
  campaign: Campaign,
  targets: EnrolmentTargets,
): Promise<Omit<EnrolmentResult, 'campaign'>> {
  assertEnrollable(campaign);
  const contactIds = distinctIds('Contact', targets.contactIds);
  const leadIds = distinctIds('Lead', targets.leadIds);
  const [contacts, leads, preferences, existing] = await Promise.all([
    contactsIn(manager, contactIds),
    leadsIn(manager, leadIds),
    preferencesOf(manager, contactIds),
    manager.find(CampaignMember, {
      where: [
        ...(contactIds.length ? [{ campaignId: campaign.id, contactId: In(contactIds) }] : []),
        ...(leadIds.length ? [{ campaignId: campaign.id, leadId: In(leadIds) }] : []),
      ],
      order: { createdAt: 'ASC', id: 'ASC' },
    }),
  ]);
  const found = new Set([...contacts.map((c) => c.id), ...leads.map((l) => l.id)]);
  const missingContact = contactIds.find((id) => !found.has(id));
  if (missingContact) throw new NotFoundError('Contact', missingContact);
  const missingLead = leadIds.find((id) => !found.has(id));
  if (missingLead) throw new NotFoundError('Lead', missingLead);

  const members = new Set(existing.map((m) => m.contactId ?? m.leadId));
  const skipped: EnrolmentSkip[] = [];
  const joining: Partial<CampaignMember>[] = [];
  const skip = (contactId: string | null, leadId: string | null, block: EnrolmentSkipReason) =>
    skipped.push({ contactId, leadId, reason: block, message: describeBlock(block, campaign.channel) });
  for (const id of contactIds) {
    if (members.has(id)) continue;
    const block = contactConsentBlock(
      preferences.filter((p) => p.contactId === id),
      campaign.channel,
    );
    if (block) skip(id, null, block);
    else joining.push({ contactId: id, leadId: null });
  }
  const leadsById = new Map(leads.map((lead) => [lead.id, lead]));
  for (const id of leadIds) {
    if (members.has(id)) continue;
    const block = leadConsentBlock(leadsById.get(id)!, campaign.channel);
    if (block) skip(null, id, block);
    else joining.push({ contactId: null, leadId: id });
  }
  const enrolled = joining.length
    ? await manager.save(
        joining.map((values) =>
          manager.create(CampaignMember, {
            ...values,
            campaignId: campaign.id,
            status: CampaignMemberStatus.ENROLLED,
            respondedAt: null,
            createdBy: by,
          }),
        ),
      )
    : [];
  if (enrolled.length > 0) {
    await emit<CampaignEvents>(manager, { type: 'CampaignMembersAdded', campaign, members: enrolled, by });
  }
  // Reported in the order asked for: contacts, then leads.
  const asked = new Map([...contactIds, ...leadIds].map((id, i) => [id, i]));
  const alreadyEnrolled = [...existing].sort(
    (a, b) => asked.get((a.contactId ?? a.leadId)!)! - asked.get((b.contactId ?? b.leadId)!)!,
  );
  return { enrolled, alreadyEnrolled, skipped };
}

export async function enrolInCampaign(
  ctx: RequestContext,
  campaignId: string,
  contactIds: readonly string[],
  leadIds: readonly string[],
): Promise<EnrolmentResult> {
  const total = contactIds.length + leadIds.length;
  if (total === 0) throw new BadUserInputError('Give at least one contact or lead to enrol', 'contactIds');
  if (total > MAX_ENROLMENT) {
    throw new BadUserInputError(`At most ${MAX_ENROLMENT} contacts and leads per call`, 'contactIds');
  }
  return ctx.dataSource.transaction(async (manager) => {
    // The lock serialises enrolments of one campaign, so "already a member" stays true at insert.
    const campaign = await lockCampaign(manager, campaignId);
    const result = await enrolMembers(manager, ctx.identity.sub, campaign, { contactIds, leadIds });
    return { campaign, ...result };
  });
}

/**
 * Moves a member along its lifecycle. Unsubscribing also withdraws the consent it was enrolled
 * under — the contact's preference for the campaign's channel, or the lead's consent — so it is
 * never enrolled again, all in one transaction.
 */
export async function updateCampaignMemberStatus(
  ctx: RequestContext,
  id: string,
  status: CampaignMemberStatus,
): Promise<CampaignMember> {
  const memberId = assertId('CampaignMember', id);
  return ctx.dataSource.transaction(async (manager) => {
    // Locks in the order an unsubscribe takes them (contact, then its memberships), so the two
    // cannot deadlock.
    const known = await manager.findOne(CampaignMember, { where: { id: memberId } });
    if (!known) throw new NotFoundError('CampaignMember', id);
    if (known.contactId) await lockContact(manager, known.contactId);
    const member = await manager.findOne(CampaignMember, {
      where: { id: memberId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!member) throw new NotFoundError('CampaignMember', id);
    const campaign = await manager.findOneOrFail(Campaign, { where: { id: member.campaignId } });
    Object.assign(member, planMemberStatus(member, campaign.status, status, new Date()));
    const saved = await manager.save(member);
    if (status === CampaignMemberStatus.UNSUBSCRIBED) {
      if (member.contactId) {
        await applyUnsubscribe(
          manager,
          ctx.identity.sub,
          member.contactId,
          CONSENT_CHANNEL[campaign.channel],
          {
            source: `campaign ${campaign.id}`,
          },
        );
      } else if (member.leadId) {
        await withdrawLeadConsent(manager, member.leadId);
      }
    }
    return saved;
  });
}
