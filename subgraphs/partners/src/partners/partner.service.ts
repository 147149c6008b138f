import { listPage } from '@sales-graph/shared/graphql/list-page';
import { In, Not, type SelectQueryBuilder, type EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import { assertId, NotFoundError } from '@sales-graph/shared/errors';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { normaliseDomain, optionalText, requiredText } from '@sales-graph/shared/validation';
import { Partner, PartnerStatus, PartnerTier } from './partner.entity';
import { PARTNER_LIST } from './partner.filter';
import type { CreatePartnerInput } from './partner.input';

export const partnerRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Partner);

/**
 * Whether a partner named in an input is one the caller may act for (the row scope of `Partner`:
 * every partner for internal roles, only its own for a partner user). Reads go through the
 * scoped loaders instead; a partner outside the scope reads as missing, so ids cannot be probed.
 */
export function visiblePartnerId(ctx: RequestContext, id: string): boolean {
  return !ctx.scope.scoped || ctx.identity.partnerId === id;
}

export async function findPartner(ctx: RequestContext, id: string): Promise<Partner | null> {
  return ctx.loaders.byId(partnerRepo(ctx)).load(id);
}

export async function getPartner(ctx: RequestContext, id: string): Promise<Partner> {
  const partner = await findPartner(ctx, assertId('Partner', id));
  if (!partner) throw new NotFoundError('Partner', id);
  return partner;
}

/**
 * A page of partners: every partner, or a narrower list (`where`, a condition on the alias
 * `partner`, such as those at risk) with the caller's filter, search and order, read through its
 * row scope. The scope is ANDed outside the filter's own brackets, so no `or` in a filter can widen it.
 */
export async function pagePartners(
  ctx: RequestContext,
  args: ConnectionArgs,
  list: ListQueryArgs,
  where?: string,
): Promise<Connection<Partner>> {
  const qb: SelectQueryBuilder<Partner> = partnerRepo(ctx).createQueryBuilder('partner');
  if (where) qb.where(where);
  return listPage(ctx, partnerRepo(ctx), qb, PARTNER_LIST, args, list);
}

/** The ids of the ACTIVE partners (every one: not a request's read, the tier recompute's). */
export async function activePartnerIds(ctx: RequestContext): Promise<string[]> {
  const active = await partnerRepo(ctx).find({
    where: { status: PartnerStatus.ACTIVE },
    select: { id: true },
  });
  return active.map((partner) => partner.id);
}

/** Those of `ids` that are (still) ACTIVE, oldest first, read in `manager`'s transaction. */
export function activePartnersIn(manager: EntityManager, ids: string[]): Promise<Partner[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return manager.find(Partner, {
    where: { id: In(ids), status: PartnerStatus.ACTIVE },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
}

/** The partners of `ids`, whatever their status, read in `manager`'s transaction. */
export function partnersIn(manager: EntityManager, ids: string[]): Promise<Partner[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return manager.find(Partner, { where: { id: In(ids) } });
}

/** Sets a partner's tier (a promotion or demotion), in `manager`'s transaction. */
export async function setPartnerTier(
  manager: EntityManager,
  partner: Partner,
  tier: PartnerTier,
): Promise<void> {
  partner.tier = tier;
  await manager.save(partner);
}

export async function createPartner(ctx: RequestContext, input: CreatePartnerInput): Promise<Partner> {
  const repo = partnerRepo(ctx);
  return repo.save(
    repo.create({
      name: requiredText(input.name, 'name'),
      type: input.type,
      tier: PartnerTier.REGISTERED,
      status: PartnerStatus.APPLIED,
      region: optionalText(input.region, 'region', 100),
      domain: normaliseDomain(input.domain),
      createdBy: ctx.identity.sub,
    }),
  );
}

/** The partner row, locked for the rest of the transaction; missing or out of scope reads as NOT_FOUND. */
export async function lockPartner(ctx: RequestContext, manager: EntityManager, id: string): Promise<Partner> {
  const partner = visiblePartnerId(ctx, id)
    ? await manager.findOne(Partner, { where: { id }, lock: { mode: 'pessimistic_write' } })
    : null;
  if (!partner) throw new NotFoundError('Partner', id);
  return partner;
}

/**
 * SQL: the status of the live partner whose id `partnerIdSql` names, null for none (or a deleted
 * one): a correlated read of one row by primary key, the partners' piece of a set-based statement
 * another module owns (the webhook dispatcher's one-statement claim of its endpoints).
 */
export const livePartnerStatusSql = (partnerIdSql: string): string =>
  `(SELECT live_partner.status FROM prm.partners live_partner
     WHERE live_partner.id = ${partnerIdSql} AND live_partner.deleted_at IS NULL)`;

/** In `manager`'s transaction: every ACTIVE partner (lead routing). */
export function activePartners(manager: EntityManager): Promise<Partner[]> {
  return manager.find(Partner, { where: { status: PartnerStatus.ACTIVE } });
}

/** A partner's status, or null if there is no such live partner (an API key's check, before any request context). */
export async function partnerStatusIn(manager: EntityManager, id: string): Promise<PartnerStatus | null> {
  return (await manager.findOne(Partner, { where: { id } }))?.status ?? null;
}

/** In `manager`'s transaction: a live partner with this domain (or company-name key) whose status is not one of `closed`. */
export function openPartnerWith(
  manager: EntityManager,
  key: { domain: string } | { nameKey: string },
  closed: readonly PartnerStatus[],
): Promise<Partner | null> {
  return manager.findOne(Partner, { where: { ...key, status: Not(In([...closed])) } });
}

/** In `manager`'s transaction: a new partner as it applies (REGISTERED tier, APPLIED status). */
export function insertAppliedPartner(
  manager: EntityManager,
  values: Pick<Partner, 'name' | 'type' | 'region' | 'domain'> & Partial<Partner>,
  by: string,
): Promise<Partner> {
  return manager.save(
    manager.create(Partner, {
      ...values,
      tier: PartnerTier.REGISTERED,
      status: PartnerStatus.APPLIED,
      createdBy: by,
    }),
  );
}
