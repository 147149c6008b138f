import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import { NotFoundError } from '@sales-graph/shared/errors';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import type { PartnersContext } from '../context.type';
import { PartnerFilter, PartnerOrder } from '../partners';
import { Partner, PartnerConnection, PartnerTier, visiblePartnerId } from '../partners';
import {
  PartnerTierChange,
  PartnerTierChangeConnection,
  PartnerTierStatus,
  TierRecomputeResult,
  TierRule,
} from './tier.entity';
import { SetTierRuleInput } from './tier.input';
import {
  deleteTierRule,
  listTierRules,
  partnersAtRisk,
  recomputePartnerTiers,
  setTierRule,
  tierHistory,
  tierStatus,
} from './tier.service';

@Resolver(() => TierRule)
export class TierRuleResolver {
  @Query(() => [TierRule], {
    description: 'The rule of each tier, lowest tier first. Roles: CHANNEL_MANAGER, ANALYST and ADMIN.',
  })
  async tierRules(@Ctx() ctx: PartnersContext): Promise<TierRule[]> {
    authorize(ctx.identity, 'read', 'TierRule');
    return listTierRules(ctx);
  }

  @Mutation(() => TierRule, {
    description: 'Creates or replaces the rule of a tier. Roles: CHANNEL_MANAGER and ADMIN.',
  })
  async setTierRule(
    @Arg('input', () => SetTierRuleInput, { description: 'The tier and its rule.' }) input: SetTierRuleInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<TierRule> {
    authorize(ctx.identity, 'update', 'TierRule');
    return setTierRule(ctx, input);
  }

  @Mutation(() => TierRule, {
    description: 'Removes the rule of a tier (partners keep their tiers). Roles: CHANNEL_MANAGER and ADMIN.',
  })
  async deleteTierRule(
    @Arg('tier', () => PartnerTier, { description: 'The tier whose rule is removed.' }) tier: PartnerTier,
    @Ctx() ctx: PartnersContext,
  ): Promise<TierRule> {
    authorize(ctx.identity, 'delete', 'TierRule');
    return deleteTierRule(ctx, tier);
  }

  @Mutation(() => TierRecomputeResult, {
    description:
      'Evaluates every ACTIVE partner against the tier rules: promotes, flags at risk (with the date it drops), demotes after the grace period, un-flags.',
  })
  async recomputePartnerTiers(@Ctx() ctx: PartnersContext): Promise<TierRecomputeResult> {
    authorize(ctx.identity, 'update', 'TierRule');
    authorize(ctx.identity, 'update', 'Partner');
    return recomputePartnerTiers(ctx);
  }

  @Query(() => PartnerConnection, {
    description: 'Partners flagged at risk of dropping a tier (a partner user: only its own).',
  })
  async partnersAtRisk(
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
    authorize(ctx.identity, 'read', 'PartnerPerformance');
    return partnersAtRisk(ctx, args, { filter, orderBy, search });
  }
}

@Resolver(() => Partner)
export class PartnerTierResolver {
  @FieldResolver(() => PartnerTierStatus, {
    description: 'Whether the partner is at risk of dropping its tier (a partner user: its own only).',
  })
  async tierStatus(@Root() partner: Partner, @Ctx() ctx: PartnersContext): Promise<PartnerTierStatus> {
    authorize(ctx.identity, 'read', 'PartnerPerformance');
    if (!visiblePartnerId(ctx, partner.id)) throw new NotFoundError('Partner', partner.id);
    return tierStatus(ctx, partner.id);
  }

  @FieldResolver(() => PartnerTierChangeConnection, {
    description: 'Tier changes and at-risk flags, oldest first (a partner user: its own only).',
  })
  async tierHistory(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<PartnerTierChange>> {
    authorize(ctx.identity, 'read', 'PartnerPerformance');
    if (!visiblePartnerId(ctx, partner.id)) throw new NotFoundError('Partner', partner.id);
    return tierHistory(ctx, partner.id, args);
  }
}
