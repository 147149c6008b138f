import {
  Arg,
  Args,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { Customer, findCustomer } from '../customers';
import { Lead, findLead } from '../leads';
import { Deal, DealConnection, DealStage, DealStageChange } from './deal.entity';
import { CreateDealInput, PartnerDealUpdateInput, UpdateDealInput } from './deal.input';
import { DealFilter, DealOrder } from './deal.filter';
import {
  BASE_STAGE_IDS,
  effectivePipelineId,
  effectiveStageId,
  findPipeline,
  findPipelineStage,
  Pipeline,
  PipelineStage,
} from '../pipelines';
import { STAGE_PROBABILITY } from './deal.rules';
import {
  createDeal,
  getDeal,
  listDeals,
  moveDealsToStage,
  moveDealStage,
  updateDeal,
  updatePartnerDeal,
} from './deal.service';

@ObjectType({ description: 'What moveDealsToStage did: deals moved, and deals still in the stage.' })
export class MovedDeals {
  @Field(() => Int, { description: 'Deals moved by this call.' })
  moved: number;

  @Field(() => Int, { description: 'Deals still in the stage (call again while not 0).' })
  remaining: number;
}

@Resolver(() => Deal)
export class DealResolver {
  @Query(() => Deal, {
    description:
      'One deal by id (every role; a partner user only the deals its partner sourced). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.',
    nullable: true,
  })
  async deal(
    @Arg('id', () => ID, { description: "The deal's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Deal> {
    authorize(ctx.identity, 'read', 'Deal');
    return getDeal(ctx, id);
  }

  @Query(() => DealConnection, {
    description:
      'Deals, in creation order unless `orderBy` says otherwise (every role; a partner user sees only the deals its partner sourced).',
  })
  async deals(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => DealFilter, { description: 'Only deals meeting these conditions.', nullable: true })
    filter: DealFilter | undefined,
    @Arg('orderBy', () => DealOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, { nullable: true, description: 'Title contains this, ignoring case.' })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Deal>> {
    authorize(ctx.identity, 'read', 'Deal');
    return listDeals(ctx, args, { filter, orderBy, search });
  }

  @Mutation(() => Deal, { description: 'Opens a deal for a customer (SALES and ADMIN).' })
  async createDeal(
    @Arg('input', () => CreateDealInput, { description: 'The new deal.' }) input: CreateDealInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Deal> {
    authorize(ctx.identity, 'create', 'Deal');
    return createDeal(ctx, input);
  }

  @Mutation(() => Deal, {
    description:
      "Moves a deal to another pipeline stage and records it in the deal's stage history. Roles: SALES and ADMIN.",
  })
  async moveDealStage(
    @Arg('id', () => ID, { description: 'The deal.' }) id: string,
    @Arg('stage', () => DealStage, { description: 'The stage to move to.' }) stage: DealStage,
    @Arg('reason', () => String, {
      nullable: true,
      description: 'Why; required when moving to CLOSED_LOST (it becomes the lostReason).',
    })
    reason: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Deal> {
    authorize(ctx.identity, 'update', 'Deal');
    return moveDealStage(ctx, id, stage, reason);
  }

  @Mutation(() => Deal, {
    description: 'Changes title, amount, currency, expected close date or owner. Roles: SALES and ADMIN.',
  })
  async updateDeal(
    @Arg('id', () => ID, { description: 'The deal.' }) id: string,
    @Arg('input', () => UpdateDealInput, {
      description: 'The fields to change; omitted fields keep their value.',
    })
    input: UpdateDealInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Deal> {
    authorize(ctx.identity, 'update', 'Deal');
    return updateDeal(ctx, id, input);
  }

  @Mutation(() => Deal, {
    description:
      "A partner user (PARTNER) updates a deal its partner sourced: next step, notes, expected close date, and a forward stage move up to NEGOTIATION. Another partner's deal is NOT_FOUND.",
  })
  async updatePartnerDeal(
    @Arg('id', () => ID, { description: 'A deal the caller’s partner sourced.' }) id: string,
    @Arg('input', () => PartnerDealUpdateInput, { description: 'The fields to change; others stay.' })
    input: PartnerDealUpdateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Deal> {
    authorize(ctx.identity, 'update', 'PartnerDealUpdate');
    return updatePartnerDeal(ctx, id, input);
  }

  @Mutation(() => MovedDeals, {
    description:
      'Moves the deals of one stage to another stage (of any pipeline) through the stage path, each one in its history: at most 200 per call, call again while `remaining` is not 0 (ADMIN; e.g. before removePipelineStage). `reason` is needed for a move to a LOST stage of deals not lost yet.',
  })
  async moveDealsToStage(
    @Arg('fromStageId', () => ID, { description: 'The stage the deals are in.' }) fromStageId: string,
    @Arg('toStageId', () => ID, { description: 'The stage to move them to.' }) toStageId: string,
    @Arg('reason', () => String, { nullable: true, description: 'Why (the lost reason on a LOST stage).' })
    reason: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<MovedDeals> {
    authorize(ctx.identity, 'update', 'Pipeline');
    authorize(ctx.identity, 'update', 'Deal');
    return Object.assign(new MovedDeals(), await moveDealsToStage(ctx, fromStageId, toStageId, reason));
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      "Chance of winning at the current stage, 0 to 1: the configured stage's probability (internal).",
  })
  async probability(@Root() deal: Deal, @Ctx() ctx: RequestContext): Promise<number> {
    const stage = await findPipelineStage(ctx, effectiveStageId(deal));
    return stage ? stage.probability / 100 : STAGE_PROBABILITY[deal.stage];
  }

  @FieldResolver(() => Pipeline, {
    nullable: true,
    description: 'The pipeline the deal is in (internal roles).',
  })
  async pipeline(@Root() deal: Deal, @Ctx() ctx: RequestContext): Promise<Pipeline | null> {
    authorize(ctx.identity, 'read', 'Pipeline');
    return findPipeline(ctx, effectivePipelineId(deal));
  }

  @FieldResolver(() => PipelineStage, {
    nullable: true,
    description:
      "The deal's configured stage in its pipeline (`stage` answers its DealStage). A partner user reads its name, position and kind; probability and forecast category are internal.",
  })
  async pipelineStage(@Root() deal: Deal, @Ctx() ctx: RequestContext): Promise<PipelineStage | null> {
    return findPipelineStage(ctx, effectiveStageId(deal));
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'Null once the customer is deleted.' })
  async customer(@Root() deal: Deal, @Ctx() ctx: RequestContext): Promise<Customer | null> {
    authorize(ctx.identity, 'read', 'Customer');
    return findCustomer(ctx, deal.customerId);
  }

  @FieldResolver(() => Lead, { description: 'The lead the deal was converted from, if any.', nullable: true })
  async lead(@Root() deal: Deal, @Ctx() ctx: RequestContext): Promise<Lead | null> {
    authorize(ctx.identity, 'read', 'Lead');
    if (!deal.leadId) return null;
    return findLead(ctx, deal.leadId);
  }

  @FieldResolver(() => [DealStageChange], {
    nullable: true,
    description: 'Every move of the deal between pipeline stages, oldest first.',
  })
  async stageHistory(@Root() deal: Deal, @Ctx() ctx: RequestContext): Promise<DealStageChange[]> {
    return ctx.loaders
      .manyBy(ctx.dataSource.getRepository(DealStageChange), 'dealId', { changedAt: 'ASC', id: 'ASC' })
      .load(deal.id);
  }
}

@Resolver(() => DealStageChange)
export class DealStageChangeResolver {
  @FieldResolver(() => PipelineStage, {
    nullable: true,
    description: 'The configured stage the deal left; null for the stage a deal was created in.',
  })
  async fromPipelineStage(
    @Root() change: DealStageChange,
    @Ctx() ctx: RequestContext,
  ): Promise<PipelineStage | null> {
    const id = change.fromStageId ?? (change.fromStage ? BASE_STAGE_IDS[change.fromStage] : null);
    return id ? findPipelineStage(ctx, id) : null;
  }

  @FieldResolver(() => PipelineStage, {
    nullable: true,
    description: 'The configured stage the deal moved to.',
  })
  async toPipelineStage(
    @Root() change: DealStageChange,
    @Ctx() ctx: RequestContext,
  ): Promise<PipelineStage | null> {
    return findPipelineStage(ctx, change.toStageId ?? BASE_STAGE_IDS[change.toStage]);
  }
}
