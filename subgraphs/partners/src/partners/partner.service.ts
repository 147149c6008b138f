import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { SelectQueryBuilder, EntityManager } from 'typeorm';
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
 * A page of partners: `qb` (every partner, or a narrower list such as those at risk) with the
 * caller's filter, search and order, read through its row scope. The scope is ANDed outside the
 * filter's own brackets, so no `or` in a filter can widen it.
 */
export async function pagePartners(
  ctx: RequestContext,
  args: ConnectionArgs,
  list: ListQueryArgs,
  qb: SelectQueryBuilder<Partner> = partnerRepo(ctx).createQueryBuilder('partner'),
): Promise<Connection<Partner>> {
  return listPage(ctx, partnerRepo(ctx), qb, PARTNER_LIST, args, list);
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
