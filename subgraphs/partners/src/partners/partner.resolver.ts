import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import { DealPartnerRole, partnerDeals, partnerDealsInRole, partnerLeads } from '../attribution';
import {
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
import { PartnerFilter, PartnerOrder } from './partner.filter';
import { createPartner, getPartner, pagePartners } from './partner.service';

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
    description:
      'Partners, in creation order unless `orderBy` says otherwise (every role; a partner user sees only its own partner).',
  })
  async partners(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => PartnerFilter, {
      description: 'Only partners meeting these conditions.',
      nullable: true,
    })
    filter: PartnerFilter | undefined,
    @Arg('orderBy', () => PartnerOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, { nullable: true, description: 'Name contains this, ignoring case.' })
    search: string | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<Partner>> {
    authorize(ctx.identity, 'read', 'Partner');
    return pagePartners(ctx, args, { filter, orderBy, search });
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
      'CRM deals this partner sourced as their primary partner, in attribution order; with `role`, the deals in which it plays that part besides the primary sourcing (SOURCED: co-sourced), in the order it was added (partners see only their own partner).',
  })
  async deals(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
    @Arg('role', () => DealPartnerRole, {
      nullable: true,
      description: 'Only the deals in which the partner plays this part (besides the primary sourcing).',
    })
    role?: DealPartnerRole | null,
  ): Promise<Connection<DealRef>> {
    authorize(ctx.identity, 'read', 'Attribution');
    return role ? partnerDealsInRole(ctx, partner.id, role, args) : partnerDeals(ctx, partner.id, args);
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
    return partnerLeads(ctx, partner.id, relation, args);
  }
}
