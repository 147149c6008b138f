import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { EntityManager, ObjectLiteral, EntityTarget } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import {
  assertId,
  BadUserInputError,
  ConflictError,
  isUuid,
  NotFoundError,
} from '@sales-graph/shared/errors';
import type { PartnersContext } from '../context.type';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { parseCurrency } from '@sales-graph/shared/graphql/scalars';
import { optionalText, requiredText } from '@sales-graph/shared/validation';
import { validatePeriod } from '../performance';
import { getPartner } from '../partners';
import {
  MdfAllocation,
  MdfBudget,
  MdfClaim,
  MdfClaimStatus,
  MdfRequest,
  MdfRequestStatus,
} from './mdf.entity';
import type {
  AllocateMdfInput,
  ClaimMdfInput,
  CreateMdfBudgetInput,
  RequestMdfInput,
  ReviewMdfClaimInput,
  ReviewMdfRequestInput,
} from './mdf.input';
import { parseProof, withinParent } from './mdf.rules';
import { positiveAmount } from '@sales-graph/shared/money';
import { MDF_BUDGET_SEARCH, MDF_CLAIM_LIST, MDF_REQUEST_LIST, MdfBudgetFilter } from './mdf.filter';

type Owned = ObjectLiteral & { id: string };

/** A row by id if it exists and the caller may see it (the loader reads through the row scope). */
async function findRow<T extends Owned>(
  ctx: RequestContext,
  entity: EntityTarget<T>,
  id: string,
): Promise<T | null> {
  if (!isUuid(id)) return null;
  return ctx.loaders.byId(ctx.dataSource.getRepository(entity)).load(id.toLowerCase());
}

async function getRow<T extends Owned>(
  ctx: RequestContext,
  entity: EntityTarget<T>,
  type: string,
  id: string,
) {
  const row = await findRow(ctx, entity, id);
  if (!row) throw new NotFoundError(type, id);
  return row;
}

export const mdfAllocationRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(MdfAllocation);
export const mdfRequestRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(MdfRequest);
export const mdfClaimRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(MdfClaim);
export const findMdfBudget = (ctx: RequestContext, id: string) => findRow(ctx, MdfBudget, id);
export const findMdfAllocation = (ctx: RequestContext, id: string) => findRow(ctx, MdfAllocation, id);
export const findMdfRequest = (ctx: RequestContext, id: string) => findRow(ctx, MdfRequest, id);
export const findMdfClaim = (ctx: RequestContext, id: string) => findRow(ctx, MdfClaim, id);
export const getMdfBudget = (ctx: RequestContext, id: string) => getRow(ctx, MdfBudget, 'MdfBudget', id);
export const getMdfAllocation = (ctx: RequestContext, id: string) =>
  getRow(ctx, MdfAllocation, 'MdfAllocation', id);
export const getMdfRequest = (ctx: RequestContext, id: string) => getRow(ctx, MdfRequest, 'MdfRequest', id);
export const getMdfClaim = (ctx: RequestContext, id: string) => getRow(ctx, MdfClaim, 'MdfClaim', id);

/** The parent row, locked FOR UPDATE until the transaction ends: adding to it is serialised. */
async function lockRow<T extends Owned>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: string,
): Promise<T> {
  const row = await manager.findOne(entity, { where: { id } as never, lock: { mode: 'pessimistic_write' } });
  if (!row) throw new NotFoundError(String((entity as { name?: string }).name ?? 'Record'), id);
  return row;
}

/** What a parent's live children hold, summed in SQL (under the parent's lock). */
async function committed(manager: EntityManager, sql: string, parentId: string): Promise<string> {
  const [row] = (await manager.query(
    `SELECT coalesce(sum(amount), 0)::numeric(18,2)::text AS total ${sql} AND deleted_at IS NULL`,
    [parentId],
  )) as { total: string }[];
  return row.total;
}

const LIVE_ALLOCATIONS = `FROM prm.mdf_allocations WHERE budget_id = $1`;
const LIVE_REQUESTS = `FROM prm.mdf_requests WHERE allocation_id = $1 AND status <> 'REJECTED'`;
const LIVE_CLAIMS = `FROM prm.mdf_claims WHERE request_id = $1 AND status <> 'REJECTED'`;

export async function createMdfBudget(ctx: RequestContext, input: CreateMdfBudgetInput): Promise<MdfBudget> {
  const period = validatePeriod({ from: input.periodFrom, to: input.periodTo });
  const values = {
    name: requiredText(input.name, 'name'),
    periodFrom: period.from,
    periodTo: period.to,
    amount: positiveAmount(input.amount),
    currency: parseCurrency(input.currency),
    allocated: '0.00',
    createdBy: ctx.identity.sub,
  };
  const repo = ctx.dataSource.getRepository(MdfBudget);
  return repo.save(repo.create(values));
}

/** Gives a partner part of a budget: all allocations together stay within the budget. */
export async function allocateMdf(ctx: RequestContext, input: AllocateMdfInput): Promise<MdfAllocation> {
  const amount = positiveAmount(input.amount);
  const budget = await getMdfBudget(ctx, input.budgetId);
  const partner = await getPartner(ctx, input.partnerId);
  return ctx.dataSource.transaction(async (manager) => {
    const locked = await lockRow(manager, MdfBudget, budget.id);
    if (await manager.findOne(MdfAllocation, { where: { budgetId: locked.id, partnerId: partner.id } })) {
      throw new ConflictError('The partner already has an allocation of this budget', 'partnerId');
    }
    const used = await committed(manager, LIVE_ALLOCATIONS, locked.id);
    locked.allocated = withinParent(locked.amount, used, amount, { child: 'allocation', parent: 'budget' });
    const allocation = await manager.save(
      manager.create(MdfAllocation, {
        budgetId: locked.id,
        partnerId: partner.id,
        amount,
        currency: locked.currency,
        requested: '0.00',
        createdBy: ctx.identity.sub,
      }),
    );
    await manager.save(locked);
    return allocation;
  });
}

/** The campaign id if the CRM has such a campaign, else NOT_FOUND (one call to the CRM). */
export async function validCampaignId(ctx: RequestContext, campaignId: string): Promise<string> {
  const id = assertId('Campaign', campaignId);
  if (!(await (ctx as PartnersContext).crm.existingCampaigns([id])).has(id))
    throw new NotFoundError('Campaign', campaignId);
  return id;
}

/** A partner asks to spend part of its allocation: live requests stay within the allocation. */
export async function requestMdf(ctx: RequestContext, input: RequestMdfInput): Promise<MdfRequest> {
  const amount = positiveAmount(input.amount);
  const activity = requiredText(input.activity, 'activity', 500);
  const allocation = await getMdfAllocation(ctx, input.allocationId);
  // Named by a partner it waits for a channel manager's approval to count as confirmed.
  const campaignId = input.campaignId ? await validCampaignId(ctx, input.campaignId) : null;
  return ctx.dataSource.transaction(async (manager) => {
    const locked = await lockRow(manager, MdfAllocation, allocation.id);
    const used = await committed(manager, LIVE_REQUESTS, locked.id);
    locked.requested = withinParent(locked.amount, used, amount, { child: 'request', parent: 'allocation' });
    const request = await manager.save(
      manager.create(MdfRequest, {
        allocationId: locked.id,
        partnerId: locked.partnerId,
        activity,
        amount,
        currency: locked.currency,
        status: MdfRequestStatus.SUBMITTED,
        claimed: '0.00',
        campaignId,
        campaignConfirmed: campaignId !== null && ctx.identity.role !== 'PARTNER',
        createdBy: ctx.identity.sub,
      }),
    );
    await manager.save(locked);
    return request;
  });
}

/** Approves or rejects a submitted request; a rejection gives its amount back to the allocation. */
export async function reviewMdfRequest(
  ctx: RequestContext,
  input: ReviewMdfRequestInput,
): Promise<MdfRequest> {
  const note = optionalText(input.note, 'note', 1000);
  const request = await getMdfRequest(ctx, input.requestId);
  return ctx.dataSource.transaction(async (manager) => {
    // Parent before child, as every MDF write locks them.
    const allocation = await lockRow(manager, MdfAllocation, request.allocationId);
    const locked = await lockRow(manager, MdfRequest, request.id);
    if (locked.status !== MdfRequestStatus.SUBMITTED) {
      throw new ConflictError(`The request is already ${locked.status}`, 'requestId');
    }
    Object.assign(locked, {
      status: input.approve ? MdfRequestStatus.APPROVED : MdfRequestStatus.REJECTED,
      reviewedBy: ctx.identity.sub,
      reviewedAt: new Date(),
      reviewNote: note,
      // Approving a request that names a campaign confirms that it funds it (the partner sees its return).
      campaignConfirmed: locked.campaignConfirmed || (input.approve && locked.campaignId !== null),
    });
    const saved = await manager.save(locked);
    if (!input.approve) {
      allocation.requested = await committed(manager, LIVE_REQUESTS, allocation.id);
      await manager.save(allocation);
    }
    return saved;
  });
}

/** A partner claims spend on an approved request, with proof: live claims stay within the request. */
export async function claimMdf(ctx: RequestContext, input: ClaimMdfInput): Promise<MdfClaim> {
  const amount = positiveAmount(input.amount);
  const proof = parseProof(input.proof);
  const request = await getMdfRequest(ctx, input.requestId);
  return ctx.dataSource.transaction(async (manager) => {
    const locked = await lockRow(manager, MdfRequest, request.id);
    if (locked.status !== MdfRequestStatus.APPROVED) {
      throw new BadUserInputError(
        `Only an approved request can be claimed (it is ${locked.status})`,
        'requestId',
      );
    }
    const used = await committed(manager, LIVE_CLAIMS, locked.id);
    locked.claimed = withinParent(locked.amount, used, amount, {
      child: 'claim',
      parent: 'approved request',
    });
    const claim = await manager.save(
      manager.create(MdfClaim, {
        requestId: locked.id,
        partnerId: locked.partnerId,
        amount,
        currency: locked.currency,
        proof,
        status: MdfClaimStatus.SUBMITTED,
        createdBy: ctx.identity.sub,
      }),
    );
    await manager.save(locked);
    return claim;
  });
}

/** Pays or rejects a submitted claim; a rejection gives its amount back to the request. */
export async function reviewMdfClaim(ctx: RequestContext, input: ReviewMdfClaimInput): Promise<MdfClaim> {
  const claim = await getMdfClaim(ctx, input.claimId);
  return ctx.dataSource.transaction(async (manager) => {
    const request = await lockRow(manager, MdfRequest, claim.requestId);
    const locked = await lockRow(manager, MdfClaim, claim.id);
    if (locked.status !== MdfClaimStatus.SUBMITTED) {
      throw new ConflictError(`The claim is already ${locked.status}`, 'claimId');
    }
    Object.assign(locked, {
      status: input.pay ? MdfClaimStatus.PAID : MdfClaimStatus.REJECTED,
      reviewedBy: ctx.identity.sub,
      paidAt: input.pay ? new Date() : null,
    });
    const saved = await manager.save(locked);
    if (!input.pay) {
      request.claimed = await committed(manager, LIVE_CLAIMS, request.id);
      await manager.save(request);
    }
    return saved;
  });
}

/** `mdfBudgets(filter, orderBy, search)`: one page, oldest first unless `orderBy` says otherwise. */
export async function listMdfBudgets(
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<MdfBudget>> {
  const repo = ctx.dataSource.getRepository(MdfBudget);
  const qb = repo.createQueryBuilder('budget');
  const spec = { typeName: 'MdfBudget', filterType: MdfBudgetFilter, searchIn: MDF_BUDGET_SEARCH };
  return listPage(ctx, repo, qb, spec, args, query);
}

/**
 * MDF requests across partners for BI and reviewers: every partner's for internal roles, a
 * partner user's own only (the row scope, ANDed outside its filter), in creation order.
 */
export async function listMdfRequests(
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<MdfRequest>> {
  const repo = mdfRequestRepo(ctx);
  return listPage(ctx, repo, repo.createQueryBuilder('request'), MDF_REQUEST_LIST, args, query);
}

/** MDF claims across partners, scoped like requests. */
export async function listMdfClaims(
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<MdfClaim>> {
  const repo = mdfClaimRepo(ctx);
  return listPage(ctx, repo, repo.createQueryBuilder('claim'), MDF_CLAIM_LIST, args, query);
}
