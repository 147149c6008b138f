import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import { Contact, findContact } from '../contacts';
import { Lead, findLead } from '../leads';
import { TimelineEntry, TimelineEntryType } from '../timeline';
import {
  Campaign,
  CampaignConnection,
  CampaignMember,
  CampaignMemberConnection,
  CampaignMemberStatus,
  CampaignStatus,
  EnrolmentResult,
} from './campaign.entity';
import { CampaignFilter, CampaignOrder } from './campaign.filter';
import { CreateCampaignInput } from './campaign.input';
import {
  campaignMemberRepo,
  createCampaign,
  enrolInCampaign,
  getCampaign,
  listCampaigns,
  updateCampaignMemberStatus,
  updateCampaignStatus,
} from './campaign.service';

@Resolver(() => Campaign)
export class CampaignResolver {
  @Query(() => Campaign, {
    description:
      'One campaign by id (MARKETING, SALES, ANALYST and ADMIN). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.',
    nullable: true,
  })
  async campaign(
    @Arg('id', () => ID, { description: "The campaign's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Campaign> {
    authorize(ctx.identity, 'read', 'Campaign');
    return getCampaign(ctx, id);
  }

  @Query(() => CampaignConnection, {
    description:
      'Campaigns, in creation order unless `orderBy` says otherwise. Roles: SALES, MARKETING, ANALYST and ADMIN.',
  })
  async campaigns(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => CampaignFilter, {
      description: 'Only campaigns meeting these conditions.',
      nullable: true,
    })
    filter: CampaignFilter | undefined,
    @Arg('orderBy', () => CampaignOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, { nullable: true, description: 'Name contains this, ignoring case.' })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Campaign>> {
    authorize(ctx.identity, 'read', 'Campaign');
    return listCampaigns(ctx, args, { filter, orderBy, search });
  }

  @Mutation(() => Campaign, { description: 'Creates a campaign in DRAFT. Roles: MARKETING and ADMIN.' })
  async createCampaign(
    @Arg('input', () => CreateCampaignInput, { description: 'The new campaign.' }) input: CreateCampaignInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Campaign> {
    authorize(ctx.identity, 'create', 'Campaign');
    return createCampaign(ctx, input);
  }

  @Mutation(() => Campaign, {
    description: 'DRAFT → ACTIVE → COMPLETED, or CANCELLED before completion. Roles: MARKETING and ADMIN.',
  })
  async updateCampaignStatus(
    @Arg('id', () => ID, { description: 'The campaign.' }) id: string,
    @Arg('status', () => CampaignStatus, { description: "The campaign's next status." })
    status: CampaignStatus,
    @Ctx() ctx: RequestContext,
  ): Promise<Campaign> {
    authorize(ctx.identity, 'update', 'Campaign');
    return updateCampaignStatus(ctx, id, status);
  }

  @Mutation(() => EnrolmentResult, {
    description:
      'Enrols contacts and leads in a DRAFT or ACTIVE campaign. Idempotent: existing members are reported, ' +
      'not enrolled twice; people without consent for the channel are skipped with the reason. Roles: MARKETING and ADMIN.',
  })
  async enrolInCampaign(
    @Arg('campaignId', () => ID, { description: 'The campaign.' }) campaignId: string,
    @Arg('contactIds', () => [ID], { description: 'Contacts to enrol.', nullable: true, defaultValue: [] })
    contactIds: string[],
    @Arg('leadIds', () => [ID], { description: 'Leads to enrol.', nullable: true, defaultValue: [] })
    leadIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<EnrolmentResult> {
    authorize(ctx.identity, 'update', 'Campaign');
    return enrolInCampaign(ctx, campaignId, contactIds ?? [], leadIds ?? []);
  }

  @Mutation(() => CampaignMember, {
    description:
      'ENROLLED → SENT → OPENED/CLICKED → RESPONDED, or BOUNCED/UNSUBSCRIBED. Roles: MARKETING and ADMIN.',
  })
  async updateCampaignMemberStatus(
    @Arg('id', () => ID, { description: 'The campaign member.' }) id: string,
    @Arg('status', () => CampaignMemberStatus, { description: "The member's new engagement status." })
    status: CampaignMemberStatus,
    @Ctx() ctx: RequestContext,
  ): Promise<CampaignMember> {
    authorize(ctx.identity, 'update', 'Campaign');
    return updateCampaignMemberStatus(ctx, id, status);
  }

  @FieldResolver(() => CampaignMemberConnection, { description: 'Members in enrolment order.' })
  async members(
    @Root() campaign: Campaign,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<CampaignMember>> {
    authorize(ctx.identity, 'read', 'Campaign');
    return ctx.loaders.connection(campaignMemberRepo(ctx), 'campaignId', args).load(campaign.id);
  }
}

@Resolver(() => CampaignMember)
export class CampaignMemberResolver {
  @FieldResolver(() => Campaign, { description: 'The campaign.' })
  async campaign(@Root() member: CampaignMember, @Ctx() ctx: RequestContext): Promise<Campaign> {
    authorize(ctx.identity, 'read', 'Campaign');
    return getCampaign(ctx, member.campaignId);
  }

  @FieldResolver(() => Contact, {
    nullable: true,
    description: 'Null for a lead, or a contact since deleted.',
  })
  async contact(@Root() member: CampaignMember, @Ctx() ctx: RequestContext): Promise<Contact | null> {
    if (!member.contactId) return null;
    authorize(ctx.identity, 'read', 'Contact');
    return findContact(ctx, member.contactId);
  }

  @FieldResolver(() => Lead, {
    description: 'The enrolled lead; null when a contact was enrolled.',
    nullable: true,
  })
  async lead(@Root() member: CampaignMember, @Ctx() ctx: RequestContext): Promise<Lead | null> {
    if (!member.leadId) return null;
    authorize(ctx.identity, 'read', 'Lead');
    return findLead(ctx, member.leadId);
  }
}

@Resolver(() => Contact)
export class ContactCampaignResolver {
  @FieldResolver(() => CampaignMemberConnection, { description: "The contact's campaign memberships." })
  async campaignMemberships(
    @Root() contact: Contact,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<CampaignMember>> {
    authorize(ctx.identity, 'read', 'Campaign');
    return ctx.loaders.connection(campaignMemberRepo(ctx), 'contactId', args).load(contact.id);
  }
}

@Resolver(() => Lead)
export class LeadCampaignResolver {
  @FieldResolver(() => CampaignMemberConnection, {
    nullable: true,
    description: "The lead's campaign memberships.",
  })
  async campaignMemberships(
    @Root() lead: Lead,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<CampaignMember>> {
    authorize(ctx.identity, 'read', 'Campaign');
    return ctx.loaders.connection(campaignMemberRepo(ctx), 'leadId', args).load(lead.id);
  }
}

@Resolver(() => TimelineEntry)
export class TimelineCampaignResolver {
  @FieldResolver(() => CampaignMember, { nullable: true, description: 'CAMPAIGN_TOUCH: the membership.' })
  async campaignMember(
    @Root() entry: TimelineEntry,
    @Ctx() ctx: RequestContext,
  ): Promise<CampaignMember | null> {
    if (entry.type !== TimelineEntryType.CAMPAIGN_TOUCH) return null;
    authorize(ctx.identity, 'read', 'Campaign');
    return ctx.loaders.byId(campaignMemberRepo(ctx)).load(entry.sourceId);
  }
}
