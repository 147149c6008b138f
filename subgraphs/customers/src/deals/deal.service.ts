import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import {
  assertId,
  BadUserInputError,
  ConflictError,
  isUuid,
  NotFoundError,
} from '@sales-graph/shared/errors';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { DealFilter, DEAL_SEARCH, withForecastStages } from './deal.filter';
import { fieldAllowed } from '@sales-graph/shared/auth/permissions';
import { parseCurrency } from '@sales-graph/shared/graphql/scalars';
import { nonNegativeAmount } from '@sales-graph/shared/money';
import { optionalText, requiredText } from '@sales-graph/shared/validation';
import { getCustomer } from '../customers';
import { getLead } from '../leads';
import { emit } from '@sales-graph/shared/events/events';
import { Deal, DealStage, DealStageChange } from './deal.entity';
import {
  dealStageOf,
  effectivePipelineId,
  effectiveStageId,
  placeDeal,
  stageById,
  stageIdsInForecastCategory,
  type PipelineStage,
} from '../pipelines';
import { dealStageIdSql } from './1764233300100-CrmDealPipelineStage';
import type { DealEvents } from './deal.events';
import type { CreateDealInput, PartnerDealUpdateInput, UpdateDealInput } from './deal.input';
import { hasLineItems, replaceLineItems } from './deal-line-item.service';
import type { DealLineItemInput } from './deal-line-item.input';
import type { DealLineItem } from './deal-line-item.entity';
import { assertDerivedAmountKept } from './deal-line-item.rules';
import {
  isClosed,
  planDealUpdate,
  planLostReason,
  planPartnerDealFields,
  planPartnerStageMove,
  planConfiguredStageMove,
  repeatsStageMove,
} from './deal.rules';

export const dealRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Deal);

/** The deal if it exists and the caller may see it. */
export async function findDeal(ctx: RequestContext, id: string): Promise<Deal | null> {
  if (!isUuid(id)) return null;
  return ctx.loaders.byId(dealRepo(ctx)).load(id.toLowerCase());
}

/** A customer's deals, a page of them (batched across customers; the row scope applies). */
export function dealsOfCustomer(
  ctx: RequestContext,
  customerId: string,
  args: ConnectionArgs,
): Promise<Connection<Deal>> {
  return ctx.loaders.connection(dealRepo(ctx), 'customerId', args).load(customerId);
}

/** The deals a lead became (batched across leads; the row scope applies). */
export function dealsOfLead(ctx: RequestContext, leadId: string): Promise<Deal[]> {
  return ctx.loaders.manyBy(dealRepo(ctx), 'leadId').load(leadId);
}

export async function getDeal(ctx: RequestContext, id: string): Promise<Deal> {
  const deal = await findDeal(ctx, id);
  if (!deal) throw new NotFoundError('Deal', id);
  return deal;
}

/** Where a deal is: its DealStage and its configured stage. */
interface StagePoint {
  stage: DealStage;
  stageId: string;
}

function recordStageChange(
  manager: EntityManager,
  dealId: string,
  from: StagePoint | null,
  to: StagePoint,
  by: string,
  reason: string | null = null,
) {
  return manager.insert(DealStageChange, {
    dealId,
    fromStage: from?.stage ?? null,
    fromStageId: from?.stageId ?? null,
    toStage: to.stage,
    toStageId: to.stageId,
    changedBy: by,
    reason,
  });
}

/** What a new deal is made of, before validation (`newDealValues`). */
export interface NewDealInput {
  title: string;
  amount: string;
  currency: string;
  stage?: DealStage | null;
  expectedCloseDate?: string | null;
  ownerId: string | null;
  lostReason?: string | null;
}

export type NewDealValues = ReturnType<typeof newDealValues>;

/** A new deal's values, validated (BAD_USER_INPUT before anything is written) with their defaults. */
export function newDealValues(input: NewDealInput, now: Date = new Date()) {
  const stage = input.stage ?? DealStage.PROSPECTING;
  return {
    title: requiredText(input.title, 'title'),
    amount: nonNegativeAmount(input.amount),
    currency: parseCurrency(input.currency),
    stage,
    expectedCloseDate: input.expectedCloseDate ?? null,
    ownerId: input.ownerId,
    closedAt: isClosed(stage) ? now : null,
    ...planLostReason(stage, optionalText(input.lostReason, 'lostReason', 500)),
  };
}

/**
 * THE deal-creation path (a user's deal, a lead's conversion, a partner's registration), in the
 * caller's transaction: writes the deal (audited, through the entity), its first stage-history
 * entry and emits DealCreated. `link` says whose deal it is: the customer, and the lead, the
 * registration's key (`externalRef`) or a chosen id where there is one.
 */
export async function insertDeal(
  manager: EntityManager,
  values: NewDealValues & { pipelineId?: string; stageId?: string },
  link: { customerId: string; leadId?: string | null; externalRef?: string | null; id?: string | null },
  by: string,
): Promise<Deal> {
  // A writer that names no configured stage (a lead's conversion, a registration): the default
  // pipeline's stage for its DealStage, which then answers that stage's DealStage.
  let placed = values;
  if (!values.stageId) {
    const { pipeline, stage } = await placeDeal(manager, { legacy: values.stage });
    placed = { ...values, stage: dealStageOf(stage), pipelineId: pipeline.id, stageId: stage.id };
  }
  const deal = await manager.save(
    manager.create(Deal, {
      ...(link.id ? { id: link.id } : {}),
      ...placed,
      customerId: link.customerId,
      leadId: link.leadId ?? null,
      ...(link.externalRef ? { externalRef: link.externalRef } : {}),
      createdBy: by,
    }),
  );
  await recordStageChange(
    manager,
    deal.id,
    null,
    { stage: deal.stage, stageId: deal.stageId! },
    by,
    deal.lostReason,
  );
  await emit<DealEvents>(manager, { type: 'DealCreated', deal, by });
  return deal;
}

export async function createDeal(ctx: RequestContext, input: CreateDealInput): Promise<Deal> {
  const ownerId = optionalText(input.ownerId, 'ownerId') ?? ctx.identity.sub;
  newDealValues({ ...input, stage: input.stageId ? null : input.stage, ownerId });
  const customer = await getCustomer(ctx, input.customerId);
  const lead = input.leadId ? await getLead(ctx, input.leadId) : null;
  if (lead) {
    const existing = await dealsOfLead(ctx, lead.id);
    if (existing.length > 0) throw new ConflictError(`Lead ${lead.id} already has a deal`, 'leadId');
  }
  return ctx.dataSource.transaction(async (manager) => {
    // A named stage decides the DealStage (and so whether a lost reason is needed).
    const { pipeline, stage } = await placeDeal(manager, {
      pipelineId: input.pipelineId,
      stageId: input.stageId,
      legacy: input.stage ?? DealStage.PROSPECTING,
    });
    const values = newDealValues({ ...input, stage: dealStageOf(stage), ownerId });
    return insertDeal(
      manager,
      { ...values, pipelineId: pipeline.id, stageId: stage.id },
      { customerId: customer.id, leadId: lead?.id ?? null },
      ctx.identity.sub,
    );
  });
}

/**
 * Locks a deal for a write; one the caller may not read (another partner's) is NOT_FOUND, exactly
 * like a missing one.
 */
async function lockDeal(ctx: RequestContext, manager: EntityManager, id: string): Promise<Deal> {
  const deal = await manager.findOne(Deal, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!deal || !(await ctx.scope.allows(Deal, deal))) throw new NotFoundError('Deal', id);
  return deal;
}

/**
 * The one stage-move path: moves a locked deal, records the move (by the caller) in its stage
 * history and runs the rules on stage changes, all in the caller's transaction.
 */
async function applyStageMove(
  ctx: RequestContext,
  manager: EntityManager,
  deal: Deal,
  target: PipelineStage,
  why: string | null,
): Promise<Deal> {
  const from = { stage: deal.stage, stageId: effectiveStageId(deal) };
  const to = { stage: dealStageOf(target), stageId: target.id };
  // A lost deal moved to another LOST stage (or pipeline) keeps its reason unless given another.
  const reason = why ?? (deal.stage === DealStage.CLOSED_LOST ? deal.lostReason : null);
  Object.assign(
    deal,
    planConfiguredStageMove({ ...deal, stageId: from.stageId }, to, new Date()),
    planLostReason(to.stage, reason),
    {
      pipelineId: target.pipelineId,
      stageId: target.id,
    },
  );
  await manager.save(deal);
  await recordStageChange(manager, deal.id, from, to, ctx.identity.sub, why);
  // Its reactions (automation rules) commit (or fail) with it.
  await emit<DealEvents>(manager, {
    type: 'DealStageChanged',
    deal,
    fromStage: from.stage,
    toStage: to.stage,
    fromStageId: from.stageId,
    toStageId: to.stageId,
    by: ctx.identity.sub,
  });
  return deal;
}

/** The stage of the deal's own pipeline answering `legacy` (the old `stage` inputs). */
async function stageInOwnPipeline(
  manager: EntityManager,
  deal: Deal,
  legacy: DealStage,
): Promise<PipelineStage> {
  const current = effectivePipelineId(deal);
  return (await placeDeal(manager, { pipelineId: current, legacy, current })).stage;
}

/** Moves a deal to another stage and records the move, in one transaction. */
export async function moveDealStage(
  ctx: RequestContext,
  id: string,
  to: DealStage,
  reason?: string | null,
): Promise<Deal> {
  const dealId = assertId('Deal', id);
  const why = optionalText(reason, 'reason', 500);
  return ctx.dataSource.transaction(async (manager) => {
    const deal = await lockDeal(ctx, manager, dealId);
    if (repeatsStageMove(deal, to, why)) return deal;
    return applyStageMove(ctx, manager, deal, await stageInOwnPipeline(manager, deal, to), why);
  });
}

/**
 * A partner user updates a deal its partner sourced (the row scope decides which): next step,
 * notes, expected close date, and a forward stage move up to NEGOTIATION through the one stage
 * path. Nothing else of the deal can be named. One transaction, written through the entity.
 */
export async function updatePartnerDeal(
  ctx: RequestContext,
  id: string,
  input: PartnerDealUpdateInput,
): Promise<Deal> {
  const changes = planPartnerDealFields(input);
  const dealId = assertId('Deal', id);
  // Through the row scope first (another partner's deal is NOT_FOUND before anything is locked);
  // this also loads the scope, so the check under the lock asks nothing outside the transaction.
  await getDeal(ctx, dealId);
  return ctx.dataSource.transaction(async (manager) => {
    const deal = await lockDeal(ctx, manager, dealId);
    const to = planPartnerStageMove(deal.stage, input.stage);
    Object.assign(deal, changes);
    return to
      ? applyStageMove(ctx, manager, deal, await stageInOwnPipeline(manager, deal, to), null)
      : manager.save(deal);
  });
}

/**
 * Changes title, amount, currency, expected close date or owner, and moves the deal to a stage
 * (`stageId`, of its pipeline unless `pipelineId` names another) or to another pipeline (its
 * stage mapped: the same DealStage there, else the first of its kind), through the one stage
 * path; validated first, one transaction.
 */
export async function updateDeal(ctx: RequestContext, id: string, input: UpdateDealInput): Promise<Deal> {
  const changes = planDealUpdate(input);
  const why = optionalText(input.reason, 'reason', 500);
  const dealId = assertId('Deal', id);
  return ctx.dataSource.transaction(async (manager) => {
    const deal = await lockDeal(ctx, manager, dealId);
    assertDerivedAmountKept(deal, changes, await hasLineItems(manager, deal.id));
    Object.assign(deal, changes);
    if (input.pipelineId || input.stageId) {
      const current = effectivePipelineId(deal);
      const { stage } = await placeDeal(manager, {
        pipelineId: input.pipelineId,
        stageId: input.stageId,
        legacy: deal.stage,
        current,
      });
      if (stage.id !== effectiveStageId(deal)) return applyStageMove(ctx, manager, deal, stage, why);
    }
    return manager.save(deal);
  });
}

/** How many deals `moveDealsToStage` moved, and how many are left in the stage. */
export interface MovedDeals {
  moved: number;
  remaining: number;
}

/** Deals one `moveDealsToStage` call moves at most (each through the stage path, audited). */
export const MOVE_DEALS_BATCH = 200;

/**
 * Moves the live deals of one stage to another (of any pipeline) through the one stage path, so
 * each move is locked, audited and in the deals' history: at most MOVE_DEALS_BATCH per call, in
 * creation order; call again while `remaining` is not 0. Then the stage can be removed.
 */
export async function moveDealsToStage(
  ctx: RequestContext,
  fromStageId: string,
  toStageId: string,
  reason?: string | null,
): Promise<MovedDeals> {
  const why = optionalText(reason, 'reason', 500);
  return ctx.dataSource.transaction(async (manager) => {
    const from = await stageById(manager, fromStageId, 'fromStageId');
    const to = await stageById(manager, toStageId, 'toStageId');
    if (from.id === to.id)
      throw new BadUserInputError('fromStageId and toStageId are the same stage', 'toStageId');
    const inStage = () =>
      manager
        .createQueryBuilder(Deal, 'deal')
        .where(`${dealStageIdSql('"deal"')} = :stage`, { stage: from.id });
    const ids = (
      await inStage()
        .select('deal.id', 'id')
        .orderBy('deal.created_at')
        .addOrderBy('deal.id')
        .limit(MOVE_DEALS_BATCH)
        .getRawMany<{ id: string }>()
    ).map((row) => row.id);
    for (const dealId of ids)
      await applyStageMove(ctx, manager, await lockDeal(ctx, manager, dealId), to, why);
    return { moved: ids.length, remaining: await inStage().getCount() };
  });
}

/** A deals filter as the list helper runs it: forecast categories as stage ids (`withForecastStages`). */
export function dealFilterFor(ctx: RequestContext, filter: DealFilter | null | undefined) {
  return withForecastStages(
    filter,
    fieldAllowed(ctx.identity.role, 'PipelineStage', 'forecastCategory'),
    (categories) => stageIdsInForecastCategory(ctx, categories),
  );
}

/**
 * Sets a deal's line items as a whole (SALES and ADMIN) and derives its amount from them, in one
 * transaction under the deal's lock; another partner's or a missing deal is NOT_FOUND.
 */
export async function setDealLineItems(
  ctx: RequestContext,
  id: string,
  lines: readonly DealLineItemInput[],
): Promise<{ deal: Deal; lineItems: DealLineItem[] }> {
  const dealId = assertId('Deal', id);
  return ctx.dataSource.transaction(async (manager) => {
    const deal = await lockDeal(ctx, manager, dealId);
    const lineItems = await replaceLineItems(manager, deal, lines, ctx.identity.sub);
    return { deal, lineItems };
  });
}

/** `deals(filter, orderBy, search)`: one page for the caller, in creation order unless `orderBy` says otherwise. */
export async function listDeals(
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<Deal>> {
  const repo = dealRepo(ctx);
  const qb = repo.createQueryBuilder('deal');
  const filter = await dealFilterFor(ctx, query.filter as DealFilter | undefined);
  // The scope is ANDed outside the filter's own brackets: no `or` can widen it.
  return listPage(ctx, repo, qb, { typeName: 'Deal', filterType: DealFilter, searchIn: DEAL_SEARCH }, args, {
    ...query,
    filter,
  });
}

/** In `manager`'s transaction: the deal a lead became (one per lead), deleted or not (`withDeleted`). */
export function dealOfLeadIn(
  manager: EntityManager,
  leadId: string,
  withDeleted = false,
): Promise<Deal | null> {
  return manager.findOne(Deal, { where: { leadId }, withDeleted });
}

/** Serialises, until `manager`'s transaction ends, the writers of the deal with this external reference. */
export async function lockDealExternalRef(manager: EntityManager, externalRef: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
    `crm.deals.external_ref:${externalRef}`,
  ]);
}

/** In `manager`'s transaction: the deal with this external reference (a registration's key) or id, deleted or not. */
export function dealEvenDeleted(
  manager: EntityManager,
  where: { externalRef: string } | { id: string },
): Promise<Deal | null> {
  return manager.findOne(Deal, { where, withDeleted: true });
}

/** The live open deals (any stage but CLOSED_WON / CLOSED_LOST) of these customers, oldest first (one statement). */
export async function openDealsOfCustomers(
  db: Pick<EntityManager, 'query'>,
  customerIds: readonly string[],
): Promise<{ id: string; customerId: string }[]> {
  if (customerIds.length === 0) return [];
  const rows: { id: string; customer_id: string }[] = await db.query(
    `SELECT d.id, d.customer_id FROM crm.deals d
     WHERE d.customer_id = ANY($1::uuid[]) AND d.deleted_at IS NULL
       AND d.stage NOT IN ('${DealStage.CLOSED_WON}', '${DealStage.CLOSED_LOST}')
     ORDER BY d.created_at, d.id`,
    [[...new Set(customerIds)]],
  );
  return rows.map((row) => ({ id: row.id, customerId: row.customer_id }));
}

/** The live open deals of these customers, counted and summed per customer and currency (one statement on `deals_customer_idx`). */
export async function openDealTotalsOfCustomers(
  db: Pick<EntityManager, 'query'>,
  customerIds: readonly string[],
): Promise<{ customerId: string; currency: string; deals: number; amount: string }[]> {
  if (customerIds.length === 0) return [];
  const rows: { customer_id: string; currency: string; deals: number; amount: string }[] = await db.query(
    `SELECT d.customer_id, d.currency, count(d.id)::int AS deals, sum(d.amount)::text AS amount
     FROM crm.deals d
     WHERE d.customer_id = ANY($1::uuid[]) AND d.deleted_at IS NULL
       AND d.stage NOT IN ('${DealStage.CLOSED_WON}', '${DealStage.CLOSED_LOST}')
     GROUP BY d.customer_id, d.currency
     ORDER BY d.customer_id, d.currency`,
    [[...new Set(customerIds)]],
  );
  return rows.map((row) => ({
    customerId: row.customer_id,
    currency: row.currency,
    deals: row.deals,
    amount: row.amount,
  }));
}
