import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import { ConnectionArgs, paginate, type Connection } from '@sales-graph/shared/graphql/pagination';
import {
  DealAttribution,
  LeadAttribution,
  mapNodes,
  DealRef,
  LeadRef,
  DealConnection,
  LeadConnection,
  PartnerDealConnection,
  PartnerLeadConnection,
  PartnerLeadRelation,
} from '../attribution';
import type { PartnersContext } from '../context.type';
import { Partner, PartnerConnection } from './partner.entity';
import { CreatePartnerInput, UpdatePartnerInput } from './partner.input';
import { updatePartnerProfile } from './partner-profile.service';
import { createPartner, getPartner, partnerRepo } from './partner.service';

@Resolver(() => Partner)
export class PartnerResolver {
  @Query(() => Partner, {
    description:
      'One partner by id (every role; a partner user only its own partner). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.',
    nullable: true,
  })
  async partner(
    @Arg('id', () => ID, { description: "The partner's id." }) id: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<Partner> {
    authorize(ctx.identity, 'read', 'Partner');
    return getPartner(ctx, id);
  }

  @Query(() => PartnerConnection, {
    description: 'Partners in creation order (every role; a partner user sees only its own partner).',
  })
  async partners(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<Partner>> {
    authorize(ctx.identity, 'read', 'Partner');
    const repo = partnerRepo(ctx);
    return paginate(repo, await ctx.scope.query(repo, 'partner'), args);
  }

  @Mutation(() => Partner, {
    description: 'Creates a partner directly, skipping the application (CHANNEL_MANAGER and ADMIN).',
  })
  async createPartner(
    @Arg('input', () => CreatePartnerInput, { description: 'The new partner.' }) input: CreatePartnerInput,
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
    @Arg('id', () => ID, { description: 'The partner whose profile to edit (a partner ADMIN: its own).' })
    id: string,
    @Arg('input', () => UpdatePartnerInput, { description: 'The profile fields to change; others stay.' })
    input: UpdatePartnerInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<Partner> {
    authorize(ctx.identity, 'update', 'PartnerProfile');
    return updatePartnerProfile(ctx, id, input);
  }

  @FieldResolver(() => PartnerDealConnection, {
    description: 'CRM deals this partner sourced.',
    deprecationReason: 'Use deals (the same list as a DealConnection, like every other list of deals)',
  })
  async sourcedDeals(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<DealRef>> {
    return this.deals(partner, args, ctx);
  }

  @FieldResolver(() => DealConnection, {
    description:
      'CRM deals this partner sourced, in attribution order (partners see only their own partner).',
  })
  async deals(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<DealRef>> {
    authorize(ctx.identity, 'read', 'Attribution');
    const page = await ctx.loaders
      // A pending attribution's deal is not in the CRM yet (its delivery is under way).
      .connection(ctx.dataSource.getRepository(DealAttribution), 'partnerId', args, undefined, {
        pending: 'false',
      })
      .load(partner.id);
    return mapNodes(page, (row) => ({ id: row.dealId }));
  }

  @FieldResolver(() => PartnerLeadConnection, {
    description: 'CRM leads assigned to this partner.',
    deprecationReason: 'Use leads(relation: ASSIGNED) (a LeadConnection, like every other list of leads)',
  })
  async assignedLeads(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<LeadRef>> {
    return this.leads(partner, PartnerLeadRelation.ASSIGNED, args, ctx);
  }

  @FieldResolver(() => PartnerLeadConnection, {
    description: 'CRM leads this partner referred.',
    deprecationReason: 'Use leads(relation: REFERRED) (a LeadConnection, like every other list of leads)',
  })
  async referredLeads(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<LeadRef>> {
    return this.leads(partner, PartnerLeadRelation.REFERRED, args, ctx);
  }

  @FieldResolver(() => LeadConnection, {
    description: 'CRM leads assigned to or referred by this partner (partners see only their own partner).',
  })
  async leads(
    @Root() partner: Partner,
    @Arg('relation', () => PartnerLeadRelation, {
      description: 'Assigned to the partner, or referred by it.',
    })
    relation: PartnerLeadRelation,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<LeadRef>> {
    authorize(ctx.identity, 'read', 'Attribution');
    const column = relation === PartnerLeadRelation.ASSIGNED ? 'assignedPartnerId' : 'referredByPartnerId';
    const page = await ctx.loaders
      .connection(ctx.dataSource.getRepository(LeadAttribution), column, args)
      .load(partner.id);
    return mapNodes(page, (row) => ({ id: row.leadId }));
  }
}
