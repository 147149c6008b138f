import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { PartnersContext } from '../context.type';
import { Partner, findPartner } from '../partners';
import { AttributeDealInput, AttributeLeadInput } from './attribution.input';
import {
  attributeDeal,
  attributeLead,
  dealAttributionLoader,
  leadAttributionLoader,
} from './attribution.service';
import { DealRef, LeadRef } from './shared-entities';

async function partnerOrNull(ctx: PartnersContext, id: string | null | undefined): Promise<Partner | null> {
  return id ? findPartner(ctx, id) : null;
}

@Resolver(() => DealRef)
export class DealAttributionResolver {
  @FieldResolver(() => Partner, {
    nullable: true,
    description: 'The partner that sourced this deal; null for a direct deal.',
  })
  async sourcedBy(@Root() deal: DealRef, @Ctx() ctx: PartnersContext): Promise<Partner | null> {
    authorize(ctx.identity, 'read', 'Attribution');
    const attribution = await dealAttributionLoader(ctx).load(deal.id);
    return partnerOrNull(ctx, attribution?.partnerId);
  }

  @Mutation(() => DealRef, {
    description: 'Attributes a CRM deal to the partner that sourced it (null: direct).',
  })
  async attributeDealToPartner(
    @Arg('input', () => AttributeDealInput, { description: 'The deal and its sourcing partner.' })
    input: AttributeDealInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRef> {
    authorize(ctx.identity, 'update', 'Attribution');
    return attributeDeal(ctx, input);
  }
}

@Resolver(() => LeadRef)
export class LeadAttributionResolver {
  @FieldResolver(() => Partner, { description: 'The partner working the lead, if assigned.', nullable: true })
  async assignedPartner(@Root() lead: LeadRef, @Ctx() ctx: PartnersContext): Promise<Partner | null> {
    authorize(ctx.identity, 'read', 'Attribution');
    return partnerOrNull(ctx, (await leadAttributionLoader(ctx).load(lead.id))?.assignedPartnerId);
  }

  @FieldResolver(() => Partner, {
    description: 'The partner that referred the lead, if any.',
    nullable: true,
  })
  async referredBy(@Root() lead: LeadRef, @Ctx() ctx: PartnersContext): Promise<Partner | null> {
    authorize(ctx.identity, 'read', 'Attribution');
    return partnerOrNull(ctx, (await leadAttributionLoader(ctx).load(lead.id))?.referredByPartnerId);
  }

  @Mutation(() => LeadRef, {
    description: "Sets a CRM lead's assigned and referring partners. Roles: CHANNEL_MANAGER and ADMIN.",
  })
  async attributeLeadToPartner(
    @Arg('input', () => AttributeLeadInput, { description: 'The lead and its partners.' })
    input: AttributeLeadInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<LeadRef> {
    authorize(ctx.identity, 'update', 'Attribution');
    return attributeLead(ctx, input);
  }
}
