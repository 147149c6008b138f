import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '../../../../shared/src/auth/permissions';
import { ConnectionArgs, paginate, type Connection } from '../../../../shared/src/graphql/pagination';
import { DealAttribution, LeadAttribution } from '../attribution/attribution.entity';
import { mapNodes } from '../attribution/attribution.service';
import {
  DealRef,
  LeadRef,
  PartnerDealConnection,
  PartnerLeadConnection,
} from '../attribution/shared-entities';
import type { PartnersContext } from '../context.type';
import { Partner, PartnerConnection } from './partner.entity';
import { CreatePartnerInput, UpdatePartnerInput } from './partner.input';
import { updatePartnerProfile } from './partner-profile.service';
import { createPartner, getPartner, partnerRepo } from './partner.service';

@Resolver(() => Partner)
export class PartnerResolver {
  @Query(() => Partner, { nullable: true })
  async partner(@Arg('id', () => ID) id: string, @Ctx() ctx: PartnersContext): Promise<Partner> {
    authorize(ctx.identity, 'read', 'Partner');
    return getPartner(ctx, id);
  }

  @Query(() => PartnerConnection)
  async partners(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<Partner>> {
    authorize(ctx.identity, 'read', 'Partner');
    const repo = partnerRepo(ctx);
    return paginate(repo, await ctx.scope.query(repo, 'partner'), args);
  }

  @Mutation(() => Partner)
  async createPartner(
    @Arg('input', () => CreatePartnerInput) input: CreatePartnerInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<Partner> {
    authorize(ctx.identity, 'create', 'Partner');
    return createPartner(ctx, input);
  }

  @Mutation(() => Partner, {
    description:
      "Edits a partner's profile (name, region, domain): its own partner's for a partner ADMIN user, any for channel managers. Status, tier and type are not here.",
  })
  async updatePartner(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdatePartnerInput) input: UpdatePartnerInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<Partner> {
    authorize(ctx.identity, 'update', 'PartnerProfile');
    return updatePartnerProfile(ctx, id, input);
  }

  @FieldResolver(() => PartnerDealConnection, { description: 'CRM deals this partner sourced.' })
  async sourcedDeals(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<DealRef>> {
    authorize(ctx.identity, 'read', 'Attribution');
    const page = await ctx.loaders
      .connection(ctx.dataSource.getRepository(DealAttribution), 'partnerId', args)
      .load(partner.id);
    return mapNodes(page, (row) => ({ id: row.dealId }));
  }

  @FieldResolver(() => PartnerLeadConnection, { description: 'CRM leads assigned to this partner.' })
  async assignedLeads(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<LeadRef>> {
    authorize(ctx.identity, 'read', 'Attribution');
    const page = await ctx.loaders
      .connection(ctx.dataSource.getRepository(LeadAttribution), 'assignedPartnerId', args)
      .load(partner.id);
    return mapNodes(page, (row) => ({ id: row.leadId }));
  }

  @FieldResolver(() => PartnerLeadConnection, { description: 'CRM leads this partner referred.' })
  async referredLeads(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<LeadRef>> {
    authorize(ctx.identity, 'read', 'Attribution');
    const page = await ctx.loaders
      .connection(ctx.dataSource.getRepository(LeadAttribution), 'referredByPartnerId', args)
      .load(partner.id);
    return mapNodes(page, (row) => ({ id: row.leadId }));
  }
}
