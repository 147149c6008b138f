import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import { assertId, ConflictError, isUuid, NotFoundError } from '@sales-graph/shared/errors';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { DealFilter, DEAL_SEARCH } from './deal.filter';
import { parseCurrency } from '@sales-graph/shared/graphql/scalars';
import { nonNegativeAmount } from '@sales-graph/shared/money';
import { optionalText, requiredText } from '@sales-graph/shared/validation';
import { getCustomer } from '../customers';
import { getLead } from '../leads';
import { emit } from '@sales-graph/shared/events/events';
import { Deal, DealStage, DealStageChange } from './deal.entity';
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
  planStageMove,
  repeatsStageMove,
} from './deal.rules';

export const dealRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Deal);

/** The deal if it exists and the caller may see it. */
export async function findDeal(ctx: RequestContext, id: string): Promise<Deal | null> {
  if (!isUuid(id)) return null;
  return ctx.loaders.byId(dealRepo(ctx)).load(id.toLowerCase());
}

export async function getDeal(ctx: RequestContext, id: string): Promise<Deal> {
  const deal = await findDeal(ctx, id);
  if (!deal) throw new NotFoundError('Deal', id);
  return deal;
}

function recordStageChange(
  manager: EntityManager,
  dealId: string,
  fromStage: DealStage | null,
  toStage: DealStage,
  by: string,
  reason: string | null = null,
) {
  return manager.insert(DealStageChange, { dealId, fromStage, toStage, changedBy: by, reason });
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
  values: NewDealValues,
  link: { customerId: string; leadId?: string | null; externalRef?: string | null; id?: string | null },
  by: string,
): Promise<Deal> {
  const deal = await manager.save(
    manager.create(Deal, {
      ...(link.id ? { id: link.id } : {}),
      ...values,
      customerId: link.customerId,
      leadId: link.leadId ?? null,
      ...(link.externalRef ? { externalRef: link.externalRef } : {}),
      createdBy: by,
    }),
  );
  await recordStageChange(manager, deal.id, null, values.stage, by, values.lostReason);
  await emit<DealEvents>(manager, { type: 'DealCreated', deal, by });
  return deal;
}

export async function createDeal(ctx: RequestContext, input: CreateDealInput): Promise<Deal> {
  const values = newDealValues({
    ...input,
    ownerId: optionalText(input.ownerId, 'ownerId') ?? ctx.identity.sub,
  });
  const customer = await getCustomer(ctx, input.customerId);
  const lead = input.leadId ? await getLead(ctx, input.leadId) : null;
  if (lead) {
    const existing = await ctx.loaders.manyBy(dealRepo(ctx), 'leadId').load(lead.id);
    if (existing.length > 0) throw new ConflictError(`Lead ${lead.id} already has a deal`, 'leadId');
  }
  return ctx.dataSource.transaction((manager) =>
    insertDeal(manager, values, { customerId: customer.id, leadId: lead?.id ?? null }, ctx.identity.sub),
  );
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
  to: DealStage,
  why: string | null,
): Promise<Deal> {
  const from = deal.stage;
  Object.assign(deal, planStageMove(deal, to, new Date()), planLostReason(to, why));
  await manager.save(deal);
  await recordStageChange(manager, deal.id, from, to, ctx.identity.sub, why);
  // Its reactions (automation rules) commit (or fail) with it.
  await emit<DealEvents>(manager, {
    type: 'DealStageChanged',
    deal,
    fromStage: from,
    toStage: to,
    by: ctx.identity.sub,
  });
  return deal;
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
    return repeatsStageMove(deal, to, why) ? deal : applyStageMove(ctx, manager, deal, to, why);
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
    return to ? applyStageMove(ctx, manager, deal, to, null) : manager.save(deal);
  });
}

/** Changes title, amount, currency, expected close date or owner; validated first, one transaction. */
export async function updateDeal(ctx: RequestContext, id: string, input: UpdateDealInput): Promise<Deal> {
  const changes = planDealUpdate(input);
  const dealId = assertId('Deal', id);
  return ctx.dataSource.transaction(async (manager) => {
    const deal = await lockDeal(ctx, manager, dealId);
    assertDerivedAmountKept(deal, changes, await hasLineItems(manager, deal.id));
    Object.assign(deal, changes);
    return manager.save(deal);
  });
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
  // The scope is ANDed outside the filter's own brackets: no `or` can widen it.
  return listPage(
    ctx,
    repo,
    qb,
    { typeName: 'Deal', filterType: DealFilter, searchIn: DEAL_SEARCH },
    args,
    query,
  );
}
