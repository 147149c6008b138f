import { Arg, Args, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import { DEAL_PARTNER_ROLES, DealRef } from '../attribution';
import type { PartnersContext } from '../context.type';
import { PeriodInput } from '../performance';
import { Partner } from '../partners';
import {
  CommissionPayout,
  CommissionFamilyRate,
  CommissionPayoutConnection,
  CommissionPlan,
  CommissionPlanConnection,
  CommissionRoleShare,
  CommissionStatement,
  DealCommission,
} from './commission.entity';
import {
  CommissionPayoutFilter,
  CommissionPayoutOrder,
  CommissionPlanFilter,
  CommissionPlanOrder,
} from './commission.filter';
import { SetCommissionPlanInput } from './commission.input';
import { rateRatio, roleShare } from './commission.rules';
import {
  commissionStatement,
  dealCommissionBreakdown,
  dealCommissionOf,
  listCommissionPayouts,
  listCommissionPlans,
  payoutRepo,
  recordCommissionPayout,
  setCommissionPlan,
} from './commission.service';

@Resolver(() => CommissionPlan)
export class CommissionPlanResolver {
  @Query(() => CommissionPlanConnection, {
    description:
      'Commission plans, one per tier, in creation order unless `orderBy` says otherwise. Roles: CHANNEL_MANAGER, ANALYST and ADMIN.',
  })
  async commissionPlans(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => CommissionPlanFilter, {
      description: 'Only plans meeting these conditions.',
      nullable: true,
    })
    filter: CommissionPlanFilter | undefined,
    @Arg('orderBy', () => CommissionPlanOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<CommissionPlan>> {
    authorize(ctx.identity, 'read', 'CommissionPlan');
    return listCommissionPlans(ctx, args, { filter, orderBy });
  }

  @Mutation(() => CommissionPlan, {
    description:
      'Sets the commission plan of a partner tier, replacing the one it had (CHANNEL_MANAGER and ADMIN).',
  })
  async setCommissionPlan(
    @Arg('input', () => SetCommissionPlanInput, { description: 'The tier and its plan.' })
    input: SetCommissionPlanInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<CommissionPlan> {
    authorize(ctx.identity, 'update', 'CommissionPlan');
    return setCommissionPlan(ctx, input);
  }

  @FieldResolver(() => [CommissionRoleShare], {
    description: 'The commission\'s split by deal role, every role (a role the plan does not pay: "0.0000").',
  })
  roleShares(@Root() plan: CommissionPlan): CommissionRoleShare[] {
    return DEAL_PARTNER_ROLES.map((role) => ({ role, share: roleShare(plan, role) }));
  }

  @FieldResolver(() => [CommissionFamilyRate], {
    description:
      "Rates per product family, by family: a deal's line items of a family earn its rate, all else the plan's rate. Empty: every deal earns the plan's rate on its amount.",
  })
  familyRates(@Root() plan: CommissionPlan): CommissionFamilyRate[] {
    return Object.entries(plan.familyRates ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([family, rate]) => ({ family, rate, commissionRate: rateRatio(rate) as number }));
  }
}

@Resolver(() => CommissionPayout)
export class CommissionPayoutResolver {
  @Query(() => CommissionPayoutConnection, {
    description:
      "Commission payouts, in creation order unless `orderBy` says otherwise: every partner's for CHANNEL_MANAGER, ANALYST and ADMIN, its own partner's for a partner user.",
  })
  async commissionPayouts(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => CommissionPayoutFilter, {
      description: 'Only payouts meeting these conditions.',
      nullable: true,
    })
    filter: CommissionPayoutFilter | undefined,
    @Arg('orderBy', () => CommissionPayoutOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<CommissionPayout>> {
    authorize(ctx.identity, 'read', 'Payout');
    return listCommissionPayouts(ctx, args, { filter, orderBy });
  }
}

@Resolver(() => Partner)
export class PartnerIncentivesResolver {
  // Nullable: it reads the CRM, which can be down while the PRM answers (README, Partial answers).
  @FieldResolver(() => CommissionStatement, {
    nullable: true,
    description: 'Commission on the sourced deals won in a period, what was paid, and the difference.',
  })
  async commissionStatement(
    @Root() partner: Partner,
    @Arg('period', () => PeriodInput, { description: 'The statement period.' }) period: PeriodInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<CommissionStatement> {
    authorize(ctx.identity, 'read', 'Commission');
    return commissionStatement(ctx, partner, period);
  }

  @FieldResolver(() => CommissionPayoutConnection, { description: 'Commission payouts, oldest first.' })
  async payouts(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<CommissionPayout>> {
    authorize(ctx.identity, 'read', 'Payout');
    return ctx.loaders.connection(payoutRepo(ctx), 'partnerId', args).load(partner.id);
  }

  @Mutation(() => CommissionPayout, {
    description: "Pays a partner's commission statement for a period (idempotent per partner and period).",
  })
  async recordCommissionPayout(
    @Arg('partnerId', () => ID, { description: 'The partner paid.' }) partnerId: string,
    @Arg('period', () => PeriodInput, { description: 'The statement period paid.' }) period: PeriodInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<CommissionPayout> {
    authorize(ctx.identity, 'create', 'Payout');
    return recordCommissionPayout(ctx, partnerId, period);
  }
}

@Resolver(() => DealRef)
export class DealCommissionResolver {
  @Directive('@requires(fields: "stage amount currency closedAt")')
  @FieldResolver(() => DealCommission, {
    nullable: true,
    description:
      'What the sourcing partner earns on this deal while it is CLOSED_WON; null for a direct deal, ' +
      "an open or lost (or reopened) deal, and for a partner user, another partner's deal.",
  })
  async commission(@Root() deal: DealRef, @Ctx() ctx: PartnersContext): Promise<DealCommission | null> {
    authorize(ctx.identity, 'read', 'Commission');
    return dealCommissionOf(ctx, deal);
  }

  @Directive('@requires(fields: "stage amount currency closedAt")')
  @FieldResolver(() => [DealCommission], {
    nullable: true,
    description:
      "What each partner of this deal earns while it is CLOSED_WON: its role's share of its tier's plan (the primary first); " +
      'empty for a direct, open or lost deal. A partner user sees only its own lines.',
  })
  async commissionBreakdown(@Root() deal: DealRef, @Ctx() ctx: PartnersContext): Promise<DealCommission[]> {
    authorize(ctx.identity, 'read', 'Commission');
    return dealCommissionBreakdown(ctx, deal);
  }
}
