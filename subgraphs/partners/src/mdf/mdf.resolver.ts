import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';
import { Partner } from '../partners';
import {
  MdfAllocation,
  MdfAllocationConnection,
  MdfBudget,
  MdfBudgetConnection,
  MdfClaim,
  MdfClaimConnection,
  MdfRequest,
  MdfRequestConnection,
} from './mdf.entity';
import {
  MdfBudgetFilter,
  MdfBudgetOrder,
  MdfClaimFilter,
  MdfClaimOrder,
  MdfRequestFilter,
  MdfRequestOrder,
} from './mdf.filter';
import {
  AllocateMdfInput,
  ClaimMdfInput,
  CreateMdfBudgetInput,
  RequestMdfInput,
  ReviewMdfClaimInput,
  ReviewMdfRequestInput,
} from './mdf.input';
import { remaining } from './mdf.rules';
import {
  allocateMdf,
  claimMdf,
  createMdfBudget,
  getMdfAllocation,
  getMdfBudget,
  getMdfClaim,
  getMdfRequest,
  listMdfBudgets,
  listMdfClaims,
  listMdfRequests,
  mdfAllocationRepo,
  mdfClaimRepo,
  mdfRequestRepo,
  requestMdf,
  reviewMdfClaim,
  reviewMdfRequest,
} from './mdf.service';

@Resolver(() => MdfBudget)
export class MdfBudgetResolver {
  @Query(() => MdfBudgetConnection, {
    description: 'MDF budgets, oldest first unless `orderBy` says otherwise (internal roles).',
  })
  async mdfBudgets(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => MdfBudgetFilter, {
      description: 'Only budgets meeting these conditions.',
      nullable: true,
    })
    filter: MdfBudgetFilter | undefined,
    @Arg('orderBy', () => MdfBudgetOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, { nullable: true, description: 'Name contains this, ignoring case.' })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<MdfBudget>> {
    authorize(ctx.identity, 'read', 'MdfBudget');
    return listMdfBudgets(ctx, args, { filter, orderBy, search });
  }

  @Query(() => MdfBudget, {
    description:
      'One MDF budget by id (CHANNEL_MANAGER, ANALYST and ADMIN). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.',
    nullable: true,
  })
  async mdfBudget(
    @Arg('id', () => ID, { description: "The budget's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfBudget> {
    authorize(ctx.identity, 'read', 'MdfBudget');
    return getMdfBudget(ctx, id);
  }

  @Mutation(() => MdfBudget, {
    description: 'Creates an MDF budget for a period (CHANNEL_MANAGER and ADMIN).',
  })
  async createMdfBudget(
    @Arg('input', () => CreateMdfBudgetInput, { description: 'The new budget.' }) input: CreateMdfBudgetInput,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfBudget> {
    authorize(ctx.identity, 'create', 'MdfBudget');
    return createMdfBudget(ctx, input);
  }

  @FieldResolver(() => DecimalScalar, { description: 'Amount not yet allocated.' })
  remaining(@Root() budget: MdfBudget): string {
    return remaining(budget.amount, budget.allocated);
  }

  @FieldResolver(() => MdfAllocationConnection, {
    description: "The budget's allocations to partners, oldest first.",
  })
  async allocations(
    @Root() budget: MdfBudget,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<MdfAllocation>> {
    authorize(ctx.identity, 'read', 'MdfBudget');
    return ctx.loaders.connection(mdfAllocationRepo(ctx), 'budgetId', args).load(budget.id);
  }
}

@Resolver(() => MdfAllocation)
export class MdfAllocationResolver {
  @Query(() => MdfAllocation, {
    description:
      "One MDF allocation by id (a partner user only its own partner's). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.",
    nullable: true,
  })
  async mdfAllocation(
    @Arg('id', () => ID, { description: "The allocation's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfAllocation> {
    authorize(ctx.identity, 'read', 'Mdf');
    return getMdfAllocation(ctx, id);
  }

  @Mutation(() => MdfAllocation, { description: 'Gives a partner part of a budget.' })
  async allocateMdf(
    @Arg('input', () => AllocateMdfInput, { description: 'The budget, the partner and the amount.' })
    input: AllocateMdfInput,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfAllocation> {
    authorize(ctx.identity, 'create', 'MdfBudget');
    return allocateMdf(ctx, input);
  }

  @FieldResolver(() => DecimalScalar, { description: 'Amount not yet requested.' })
  remaining(@Root() allocation: MdfAllocation): string {
    return remaining(allocation.amount, allocation.requested);
  }

  @FieldResolver(() => MdfRequestConnection, {
    description: "The partner's requests against this allocation, oldest first.",
  })
  async requests(
    @Root() allocation: MdfAllocation,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<MdfRequest>> {
    authorize(ctx.identity, 'read', 'Mdf');
    return ctx.loaders.connection(mdfRequestRepo(ctx), 'allocationId', args).load(allocation.id);
  }
}

@Resolver(() => MdfRequest)
export class MdfRequestResolver {
  @Query(() => MdfRequestConnection, {
    description:
      "MDF requests, in creation (submission) order unless `orderBy` says otherwise: every partner's for CHANNEL_MANAGER, ANALYST and ADMIN, its own partner's for a partner user.",
  })
  async mdfRequests(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => MdfRequestFilter, {
      description: 'Only requests meeting these conditions.',
      nullable: true,
    })
    filter: MdfRequestFilter | undefined,
    @Arg('orderBy', () => MdfRequestOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, {
      nullable: true,
      description: 'The activity contains this, ignoring case.',
    })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<MdfRequest>> {
    authorize(ctx.identity, 'read', 'Mdf');
    return listMdfRequests(ctx, args, { filter, orderBy, search });
  }

  @Query(() => MdfRequest, {
    description:
      "One MDF request by id (a partner user only its own partner's). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.",
    nullable: true,
  })
  async mdfRequest(
    @Arg('id', () => ID, { description: "The request's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfRequest> {
    authorize(ctx.identity, 'read', 'Mdf');
    return getMdfRequest(ctx, id);
  }

  @Mutation(() => MdfRequest, {
    description:
      'Asks to spend part of an allocation on an activity. Roles: CHANNEL_MANAGER, PARTNER and ADMIN.',
  })
  async requestMdf(
    @Arg('input', () => RequestMdfInput, { description: 'The allocation, the activity and the amount.' })
    input: RequestMdfInput,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfRequest> {
    authorize(ctx.identity, 'create', 'Mdf');
    return requestMdf(ctx, input);
  }

  @Mutation(() => MdfRequest, {
    description: 'Approves or rejects a submitted MDF request (CHANNEL_MANAGER and ADMIN).',
    deprecationReason: 'Use decideMdfRequest',
  })
  async reviewMdfRequest(
    @Arg('input', () => ReviewMdfRequestInput, { description: 'The request and the decision.' })
    input: ReviewMdfRequestInput,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfRequest> {
    return this.decideMdfRequest(input, ctx);
  }

  @Mutation(() => MdfRequest, {
    description: 'Decides a submitted MDF request: approves or rejects it (CHANNEL_MANAGER and ADMIN).',
  })
  async decideMdfRequest(
    @Arg('input', () => ReviewMdfRequestInput, { description: 'The request and the decision.' })
    input: ReviewMdfRequestInput,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfRequest> {
    authorize(ctx.identity, 'update', 'MdfReview');
    return reviewMdfRequest(ctx, input);
  }

  @FieldResolver(() => DecimalScalar, { description: 'Amount not yet claimed.' })
  remaining(@Root() request: MdfRequest): string {
    return remaining(request.amount, request.claimed);
  }

  @FieldResolver(() => MdfClaimConnection, { description: 'Claims against this request, oldest first.' })
  async claims(
    @Root() request: MdfRequest,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<MdfClaim>> {
    authorize(ctx.identity, 'read', 'Mdf');
    return ctx.loaders.connection(mdfClaimRepo(ctx), 'requestId', args).load(request.id);
  }
}

@Resolver(() => MdfClaim)
export class MdfClaimResolver {
  @Query(() => MdfClaimConnection, {
    description:
      "MDF claims, in creation (submission) order unless `orderBy` says otherwise: every partner's for CHANNEL_MANAGER, ANALYST and ADMIN, its own partner's for a partner user.",
  })
  async mdfClaims(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => MdfClaimFilter, {
      description: 'Only claims meeting these conditions.',
      nullable: true,
    })
    filter: MdfClaimFilter | undefined,
    @Arg('orderBy', () => MdfClaimOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<MdfClaim>> {
    authorize(ctx.identity, 'read', 'Mdf');
    return listMdfClaims(ctx, args, { filter, orderBy });
  }

  @Query(() => MdfClaim, {
    description:
      "One MDF claim by id (a partner user only its own partner's). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.",
    nullable: true,
  })
  async mdfClaim(
    @Arg('id', () => ID, { description: "The claim's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfClaim> {
    authorize(ctx.identity, 'read', 'Mdf');
    return getMdfClaim(ctx, id);
  }

  @Mutation(() => MdfClaim, {
    description:
      'Claims spend on an approved MDF request, with proof. Roles: CHANNEL_MANAGER, PARTNER and ADMIN.',
  })
  async claimMdf(
    @Arg('input', () => ClaimMdfInput, { description: 'The approved request and the amount spent.' })
    input: ClaimMdfInput,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfClaim> {
    authorize(ctx.identity, 'create', 'Mdf');
    return claimMdf(ctx, input);
  }

  @Mutation(() => MdfClaim, {
    description: 'Pays or rejects a submitted MDF claim (CHANNEL_MANAGER and ADMIN).',
    deprecationReason: 'Use decideMdfClaim',
  })
  async reviewMdfClaim(
    @Arg('input', () => ReviewMdfClaimInput, { description: 'The claim and the decision.' })
    input: ReviewMdfClaimInput,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfClaim> {
    return this.decideMdfClaim(input, ctx);
  }

  @Mutation(() => MdfClaim, {
    description: 'Decides a submitted MDF claim: pays or rejects it (CHANNEL_MANAGER and ADMIN).',
  })
  async decideMdfClaim(
    @Arg('input', () => ReviewMdfClaimInput, { description: 'The claim and the decision.' })
    input: ReviewMdfClaimInput,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfClaim> {
    authorize(ctx.identity, 'update', 'MdfReview');
    return reviewMdfClaim(ctx, input);
  }
}

@Resolver(() => Partner)
export class PartnerMdfResolver {
  @FieldResolver(() => MdfAllocationConnection, {
    description: "The partner's MDF allocations, oldest first.",
  })
  async mdfAllocations(
    @Root() partner: Partner,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<MdfAllocation>> {
    authorize(ctx.identity, 'read', 'Mdf');
    return ctx.loaders.connection(mdfAllocationRepo(ctx), 'partnerId', args).load(partner.id);
  }
}
