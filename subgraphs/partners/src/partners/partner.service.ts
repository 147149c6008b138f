import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import { assertId, NotFoundError } from '@sales-graph/shared/errors';
import { normaliseDomain, optionalText, requiredText } from '@sales-graph/shared/validation';
import { Partner, PartnerStatus, PartnerTier } from './partner.entity';
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
