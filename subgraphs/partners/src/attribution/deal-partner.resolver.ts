import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { PartnersContext } from '../context.type';
import { findPartner, Partner } from '../partners';
import { dealAttributionLoader } from './attribution.service';
import { DealPartner } from './deal-partner.entity';
import { DealPartnerInput, SetPrimaryDealPartnerInput } from './deal-partner.input';
import {
  addDealPartner,
  dealPartners,
  removeDealPartner,
  setPrimaryDealPartner,
} from './deal-partner.service';
import { DealRef } from './shared-entities';

@Resolver(() => DealRef)
export class DealPartnersResolver {
  @FieldResolver(() => [DealPartner], {
    nullable: true,
    description:
      'Every partner of this deal in its role, the primary sourcing one (`sourcedBy`) first; empty for a direct deal. ' +
      "A partner user sees only its own partner's parts.",
  })
  async partners(@Root() deal: DealRef, @Ctx() ctx: PartnersContext): Promise<DealPartner[]> {
    authorize(ctx.identity, 'read', 'Attribution');
    const primary = dealAttributionLoader(ctx);
    return dealPartners(ctx, deal.id, (id) => primary.load(id));
  }

  @Mutation(() => DealRef, {
    description:
      "Adds an ACTIVE partner to a CRM deal in a role; a deal's first partner must be SOURCED and becomes its primary. Roles: CHANNEL_MANAGER and ADMIN.",
  })
  async addDealPartner(
    @Arg('input', () => DealPartnerInput, { description: 'The deal, the partner and its role.' })
    input: DealPartnerInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRef> {
    authorize(ctx.identity, 'update', 'Attribution');
    return addDealPartner(ctx, input);
  }

  @Mutation(() => DealRef, {
    description:
      "Removes a partner's role from a CRM deal; the primary only once it is the last partner. Roles: CHANNEL_MANAGER and ADMIN.",
  })
  async removeDealPartner(
    @Arg('input', () => DealPartnerInput, { description: 'The deal, the partner and its role.' })
    input: DealPartnerInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRef> {
    authorize(ctx.identity, 'update', 'Attribution');
    return removeDealPartner(ctx, input);
  }

  @Mutation(() => DealRef, {
    description:
      "Makes a SOURCED partner of a CRM deal its primary (`sourcedBy`, the deal's channel partner); the former primary stays SOURCED. Roles: CHANNEL_MANAGER and ADMIN.",
  })
  async setPrimaryDealPartner(
    @Arg('input', () => SetPrimaryDealPartnerInput, { description: 'The deal and its new primary partner.' })
    input: SetPrimaryDealPartnerInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<DealRef> {
    authorize(ctx.identity, 'update', 'Attribution');
    return setPrimaryDealPartner(ctx, input);
  }
}

@Resolver(() => DealPartner)
export class DealPartnerResolver {
  @FieldResolver(() => Partner, {
    nullable: true,
    description: 'The partner (null if it is no longer readable).',
  })
  async partner(@Root() part: DealPartner, @Ctx() ctx: PartnersContext): Promise<Partner | null> {
    return findPartner(ctx, part.partnerId);
  }
}
