import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize, can } from '@sales-graph/shared/auth/permissions';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import { LeadRef } from '../attribution';
import type { PartnersContext } from '../context.type';
import { Partner, findPartner } from '../partners';
import {
  DistributionRule,
  DistributionRuleConnection,
  LeadOffer,
  LeadOfferConnection,
  LeadOfferEvent,
  LeadOfferStatus,
} from './lead-sharing.entity';
import {
  DistributionRuleFilter,
  DistributionRuleOrder,
  LeadOfferFilter,
  LeadOfferOrder,
} from './lead-sharing.filter';
import {
  CreateDistributionRuleInput,
  ReferLeadInput,
  UpdateDistributionRuleInput,
} from './lead-sharing.input';
import {
  acceptLeadOffer,
  createDistributionRule,
  declineLeadOffer,
  distributeLead,
  expireOverdueLeadOffers,
  findOffer,
  findRule,
  getOffer,
  leadEventsLoader,
  listOffers,
  listRules,
  offerEventsLoader,
  offerLeadToPartner,
  offersOfLead,
  offersToPartner,
  referLead,
  updateDistributionRule,
  visibleRelatedOfferId,
  withdrawLeadOffer,
} from './lead-sharing.service';

@Resolver(() => LeadOffer)
export class LeadOfferResolver {
  @Query(() => LeadOffer, {
    description:
      "One lead offer by id (a partner user only its own partner's). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.",
    nullable: true,
  })
  async leadOffer(
    @Arg('id', () => ID, { description: "The offer's id." }) id: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<LeadOffer> {
    authorize(ctx.identity, 'read', 'LeadOffer');
    return getOffer(ctx, id);
  }

  @Query(() => LeadOfferConnection, {
    description:
      "Lead offers, in creation order unless `orderBy` says otherwise; a partner user sees only its own partner's offers.",
  })
  async leadOffers(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => LeadOfferFilter, {
      description: 'Only offers meeting these conditions.',
      nullable: true,
    })
    filter: LeadOfferFilter | undefined,
    @Arg('orderBy', () => LeadOfferOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<LeadOffer>> {
    authorize(ctx.identity, 'read', 'LeadOffer');
    return listOffers(ctx, args, { filter, orderBy });
  }

  @Query(() => DistributionRuleConnection, {
    description: 'Distribution rules in the order they are tried. Roles: CHANNEL_MANAGER, ANALYST and ADMIN.',
  })
  async distributionRules(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => DistributionRuleFilter, {
      description: 'Only rules meeting these conditions.',
      nullable: true,
    })
    filter: DistributionRuleFilter | undefined,
    @Arg('orderBy', () => DistributionRuleOrder, {
      description: 'The order of the list; the order rules are tried in (PRIORITY) when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, { nullable: true, description: 'Name contains this, ignoring case.' })
    search: string | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<DistributionRule>> {
    authorize(ctx.identity, 'read', 'DistributionRule');
    return listRules(ctx, args, { filter, orderBy, search });
  }

  @Mutation(() => DistributionRule, {
    description: 'Creates a lead distribution rule (CHANNEL_MANAGER and ADMIN).',
  })
  async createDistributionRule(
    @Arg('input', () => CreateDistributionRuleInput, { description: 'The new rule.' })
    input: CreateDistributionRuleInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<DistributionRule> {
    authorize(ctx.identity, 'create', 'DistributionRule');
    return createDistributionRule(ctx, input);
  }

  @Mutation(() => DistributionRule, {
    description: 'Changes the given fields of a lead distribution rule (CHANNEL_MANAGER and ADMIN).',
  })
  async updateDistributionRule(
    @Arg('id', () => ID, { description: 'The distribution rule.' }) id: string,
    @Arg('input', () => UpdateDistributionRuleInput, {
      description: 'The fields to change; omitted fields keep their value.',
    })
    input: UpdateDistributionRuleInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<DistributionRule> {
    authorize(ctx.identity, 'update', 'DistributionRule');
    return updateDistributionRule(ctx, id, input);
  }

  @Mutation(() => LeadOffer, {
    description: 'Offers a CRM lead to a partner by hand (refused for a partner that declined it).',
  })
  async offerLeadToPartner(
    @Arg('leadId', () => ID, { description: 'The CRM lead.' }) leadId: string,
    @Arg('partnerId', () => ID, { description: 'The partner to offer the lead to.' }) partnerId: string,
    @Arg('respondWithinHours', () => Int, {
      description: 'Hours the partner has to answer, 1 to 720; 48 when omitted.',
      nullable: true,
    })
    respondWithinHours: number | null,
    @Ctx() ctx: PartnersContext,
  ): Promise<LeadOffer> {
    authorize(ctx.identity, 'create', 'LeadOffer');
    return offerLeadToPartner(ctx, leadId, partnerId, respondWithinHours);
  }

  @Mutation(() => LeadOffer, { description: 'Offers a CRM lead to the best eligible partner by the rules.' })
  async distributeLead(
    @Arg('leadId', () => ID, { description: 'The CRM lead.' }) leadId: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<LeadOffer> {
    authorize(ctx.identity, 'create', 'LeadOffer');
    return distributeLead(ctx, leadId);
  }

  @Mutation(() => LeadOffer, { description: 'The offered partner accepts: the lead is assigned to it.' })
  async acceptLeadOffer(
    @Arg('offerId', () => ID, { description: 'The lead offer.' }) offerId: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<LeadOffer> {
    authorize(ctx.identity, 'update', 'LeadOffer');
    return acceptLeadOffer(ctx, offerId);
  }

  @Mutation(() => LeadOffer, {
    description: 'The offered partner declines (reason required); the lead is re-routed to the next partner.',
  })
  async declineLeadOffer(
    @Arg('offerId', () => ID, { description: 'The lead offer.' }) offerId: string,
    @Arg('reason', () => String, { description: 'Why the partner declines.' }) reason: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<LeadOffer> {
    authorize(ctx.identity, 'update', 'LeadOffer');
    return declineLeadOffer(ctx, offerId, reason);
  }

  @Mutation(() => LeadOffer, { description: 'A channel manager takes a live offer back.' })
  async withdrawLeadOffer(
    @Arg('offerId', () => ID, { description: 'The lead offer.' }) offerId: string,
    @Arg('reason', () => String, { description: 'Why the offer is withdrawn.', nullable: true })
    reason: string | null,
    @Ctx() ctx: PartnersContext,
  ): Promise<LeadOffer> {
    authorize(ctx.identity, 'delete', 'LeadOffer');
    return withdrawLeadOffer(ctx, offerId, reason);
  }

  @Mutation(() => [LeadOffer], {
    description:
      'Expires the offers past their respond-by time and re-routes each lead; returns the expired. Roles: CHANNEL_MANAGER and ADMIN.',
  })
  async expireOverdueLeadOffers(@Ctx() ctx: PartnersContext): Promise<LeadOffer[]> {
    authorize(ctx.identity, 'delete', 'LeadOffer');
    return expireOverdueLeadOffers(ctx);
  }

  @Mutation(() => LeadRef, {
    description:
      'A partner (or a channel manager on its behalf) refers a lead of its own: creates the CRM lead (source PARTNER). ' +
      'Safe to retry with the same idempotencyKey.',
  })
  async referLead(
    @Arg('input', () => ReferLeadInput, { description: 'The lead the partner refers.' })
    input: ReferLeadInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<{ id: string }> {
    authorize(ctx.identity, 'create', 'LeadReferral');
    return referLead(ctx, input);
  }

  @FieldResolver(() => LeadRef, { description: 'The lead offered.' })
  lead(@Root() offer: LeadOffer): LeadRef {
    return { id: offer.leadId };
  }

  @FieldResolver(() => Partner, { description: 'The partner it was offered to.', nullable: true })
  async partner(@Root() offer: LeadOffer, @Ctx() ctx: PartnersContext): Promise<Partner | null> {
    authorize(ctx.identity, 'read', 'Partner');
    return findPartner(ctx, offer.partnerId);
  }

  @FieldResolver(() => DistributionRule, {
    nullable: true,
    description: 'The rule that routed it; null for an offer made by hand (and for partner users).',
  })
  async rule(@Root() offer: LeadOffer, @Ctx() ctx: PartnersContext): Promise<DistributionRule | null> {
    if (!offer.ruleId || !can(ctx.identity, 'read', 'DistributionRule')) return null;
    return findRule(ctx, offer.ruleId);
  }

  @FieldResolver(() => [LeadOfferEvent], { description: 'Every step of this offer, in order.' })
  async events(@Root() offer: LeadOffer, @Ctx() ctx: PartnersContext): Promise<LeadOfferEvent[]> {
    authorize(ctx.identity, 'read', 'LeadOffer');
    return offerEventsLoader(ctx).load(offer.id);
  }

  @FieldResolver(() => LeadOffer, {
    nullable: true,
    description: 'The offer this one was re-routed from (if visible to the caller).',
  })
  async previousOffer(@Root() offer: LeadOffer, @Ctx() ctx: PartnersContext): Promise<LeadOffer | null> {
    return offer.previousOfferId ? findOffer(ctx, offer.previousOfferId) : null;
  }

  @FieldResolver(() => LeadOffer, {
    nullable: true,
    description: 'The offer the lead was re-routed to after this one (if visible to the caller).',
  })
  async nextOffer(@Root() offer: LeadOffer, @Ctx() ctx: PartnersContext): Promise<LeadOffer | null> {
    return offer.nextOfferId ? findOffer(ctx, offer.nextOfferId) : null;
  }
}

@Resolver(() => LeadOfferEvent)
export class LeadOfferEventResolver {
  @FieldResolver(() => ID, {
    nullable: true,
    description:
      'For REROUTED: the offer that was declined or expired before (hidden from partner users: it was another partner’s).',
  })
  relatedOfferId(@Root() event: LeadOfferEvent, @Ctx() ctx: PartnersContext): string | null {
    return visibleRelatedOfferId(ctx, event);
  }
}

@Resolver(() => LeadRef)
export class LeadOffersResolver {
  // Nullable: a query the CRM serves reaches it across the subgraph boundary (README, Partial answers).
  @FieldResolver(() => LeadOfferConnection, {
    nullable: true,
    description: "Offers of this lead to partners; a partner user sees only its own partner's.",
  })
  async offers(
    @Root() lead: LeadRef,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<LeadOffer>> {
    authorize(ctx.identity, 'read', 'LeadOffer');
    return offersOfLead(ctx, lead.id, args);
  }

  @FieldResolver(() => [LeadOfferEvent], {
    nullable: true,
    description:
      "Every step of every offer of this lead, in order; a partner user sees its own partner's only.",
  })
  async offerHistory(@Root() lead: LeadRef, @Ctx() ctx: PartnersContext): Promise<LeadOfferEvent[]> {
    authorize(ctx.identity, 'read', 'LeadOffer');
    return leadEventsLoader(ctx).load(lead.id);
  }
}

@Resolver(() => Partner)
export class PartnerLeadOffersResolver {
  @FieldResolver(() => LeadOfferConnection, { description: 'Leads offered to this partner, oldest first.' })
  async leadOffers(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('status', () => LeadOfferStatus, { description: 'Only offers in this status.', nullable: true })
    status: LeadOfferStatus | null,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<LeadOffer>> {
    authorize(ctx.identity, 'read', 'LeadOffer');
    return offersToPartner(ctx, partner.id, args, status);
  }
}
