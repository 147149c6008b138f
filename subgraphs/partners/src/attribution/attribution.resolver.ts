import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { PartnersContext } from '../context.type';
import { Partner } from '../partners';
import { AttributeDealInput, AttributeLeadInput } from './attribution.input';
import { attributeDeal, attributeLead, leadPartner, sourcingPartner } from './attribution.service';
import { DealRef, LeadRef, PartnerLeadRelation } from './shared-entities';

@Resolver(() => DealRef)
export class DealAttributionResolver {
  @FieldResolver(() => Partner, {
    nullable: true,
    description: 'The partner that sourced this deal; null for a direct deal.',
  })
  async sourcedBy(@Root() deal: DealRef, @Ctx() ctx: PartnersContext): Promise<Partner | null> {
    authorize(ctx.identity, 'read', 'Attribution');
    return sourcingPartner(ctx, deal.id);
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
    return leadPartner(ctx, lead.id, PartnerLeadRelation.ASSIGNED);
  }

  @FieldResolver(() => Partner, {
    description: 'The partner that referred the lead, if any.',
    nullable: true,
  })
  async referredBy(@Root() lead: LeadRef, @Ctx() ctx: PartnersContext): Promise<Partner | null> {
    authorize(ctx.identity, 'read', 'Attribution');
    return leadPartner(ctx, lead.id, PartnerLeadRelation.REFERRED);
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
