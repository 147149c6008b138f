import type { EntityManager } from 'typeorm';
import { assertId, BadUserInputError, NotFoundError } from '@sales-graph/shared/errors';
import type { Connection, ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import type { PartnersContext } from '../context.type';
import { getPartner, PartnerStatus } from '../partners';
import { DealAttribution } from './attribution.entity';
import {
  DEAL_PARTNER_ROLES,
  DealPartner,
  DealPartnerAttribution,
  DealPartnerRole,
} from './deal-partner.entity';
import type { DealPartnerInput, SetPrimaryDealPartnerInput } from './deal-partner.input';
import { type DealParties, planAdd, planRemove, planSetPrimary } from './deal-partner.rules';
import type { DealRef } from './shared-entities';

/**
 * Serialises every change of one deal's partners (its primary attribution and its other parts),
 * so the rules see the parties as they are; the unique indexes are the backstop.
 */
export async function lockDealPartners(manager: EntityManager, dealId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('prm.deal_partners'), hashtext($1))`, [dealId]);
}

/** A deal's parties as they are now, with the rows that hold them (call under `lockDealPartners`). */
export async function readDealParties(
  manager: EntityManager,
  dealId: string,
): Promise<{ parties: DealParties; primary: DealAttribution | null; others: DealPartnerAttribution[] }> {
  const [primary, others] = await Promise.all([
    manager.findOne(DealAttribution, { where: { dealId } }),
    manager.find(DealPartnerAttribution, { where: { dealId }, order: { createdAt: 'ASC', id: 'ASC' } }),
  ]);
  return { parties: { primary: primary?.partnerId ?? null, others }, primary, others };
}

const dealPartnerRepo = (ctx: PartnersContext) => ctx.dataSource.getRepository(DealPartnerAttribution);

/** Each deal's parts besides the primary, in one statement per request (row-scoped). */
export const dealPartnerLoader = (ctx: PartnersContext) => ctx.loaders.manyBy(dealPartnerRepo(ctx), 'dealId');

const ROLE_ORDER = new Map(DEAL_PARTNER_ROLES.map((role, index) => [role, index]));

/**
 * A deal's partners: its primary sourcing partner first, then the others by role (SOURCED,
 * RESELLER, DISTRIBUTOR, INFLUENCER, SERVICES) and in the order they were added. Two batched
 * statements per request however many deals and partners (the primary through the same loader as
 * `sourcedBy`, which the caller passes: that loader's module imports this one); a partner user
 * sees only its own partner's parts.
 */
export async function dealPartners(
  ctx: PartnersContext,
  dealId: string,
  primaryLoad: (dealId: string) => Promise<DealAttribution | null>,
): Promise<DealPartner[]> {
  const [primary, others] = await Promise.all([primaryLoad(dealId), dealPartnerLoader(ctx).load(dealId)]);
  return [
    ...(primary
      ? [{ dealId, partnerId: primary.partnerId, role: DealPartnerRole.SOURCED, primary: true }]
      : []),
    ...others
      // By role (in the enum's order), then in the order they were added (the loader's order).
      .map((row, added) => ({ row, added }))
      .sort((a, b) => ROLE_ORDER.get(a.row.role)! - ROLE_ORDER.get(b.row.role)! || a.added - b.added)
      .map(({ row }) => ({ dealId, partnerId: row.partnerId, role: row.role, primary: false })),
  ];
}

/** The CRM deals in which a partner holds `role` besides the primary sourcing (batched, row-scoped). */
export async function partnerDealsInRole(
  ctx: PartnersContext,
  partnerId: string,
  role: DealPartnerRole,
  args: ConnectionArgs,
): Promise<Connection<DealRef>> {
  const page = await ctx.loaders
    .connection(dealPartnerRepo(ctx), 'partnerId', args, undefined, { role })
    .load(partnerId);
  return {
    ...page,
    edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: { id: edge.node.dealId } })),
  };
}

async function activePartnerId(ctx: PartnersContext, id: string): Promise<string> {
  const partner = await getPartner(ctx, id);
  if (partner.status !== PartnerStatus.ACTIVE) {
    throw new BadUserInputError(`Partner ${partner.id} is ${partner.status}, not ACTIVE`, 'partnerId');
  }
  return partner.id;
}

async function crmDealId(ctx: PartnersContext, id: string): Promise<string> {
  const dealId = assertId('Deal', id);
  if (!(await ctx.crm.existing('Deal', [dealId])).has(dealId)) throw new NotFoundError('Deal', id);
  return dealId;
}

/** Adds an ACTIVE partner to a CRM deal in a role (the deal's first partner is its SOURCED primary). */
export async function addDealPartner(ctx: PartnersContext, input: DealPartnerInput): Promise<DealRef> {
  const partnerId = await activePartnerId(ctx, input.partnerId);
  const dealId = await crmDealId(ctx, input.dealId);
  await ctx.dataSource.transaction(async (manager) => {
    await lockDealPartners(manager, dealId);
    const { parties } = await readDealParties(manager, dealId);
    const plan = planAdd(parties, partnerId, input.role);
    // Through the entities, so the audit log records each part before and after.
    if (plan.kind === 'primary') {
      await manager.save(manager.create(DealAttribution, { dealId, partnerId, createdBy: ctx.identity.sub }));
    } else if (plan.kind === 'other') {
      await manager.save(
        manager.create(DealPartnerAttribution, {
          dealId,
          partnerId,
          role: input.role,
          createdBy: ctx.identity.sub,
        }),
      );
    }
  });
  return { id: dealId };
}

/** Removes a partner's role from a CRM deal (the primary last: then the deal is direct). */
export async function removeDealPartner(ctx: PartnersContext, input: DealPartnerInput): Promise<DealRef> {
  const partnerId = assertId('Partner', input.partnerId);
  const dealId = assertId('Deal', input.dealId);
  await ctx.dataSource.transaction(async (manager) => {
    await lockDealPartners(manager, dealId);
    const { parties, primary, others } = await readDealParties(manager, dealId);
    const plan = planRemove(parties, partnerId, input.role);
    if (plan.kind === 'primary') await manager.softRemove(primary!);
    else
      await manager.softRemove(others.find((row) => row.partnerId === partnerId && row.role === input.role)!);
  });
  return { id: dealId };
}

/**
 * Makes a SOURCED partner of the deal its primary: the primary attribution changes partner (ONE
 * change of the projection, so the CRM's channel follows in order) and the former primary stays
 * on the deal as a SOURCED partner.
 */
export async function setPrimaryDealPartner(
  ctx: PartnersContext,
  input: SetPrimaryDealPartnerInput,
): Promise<DealRef> {
  const partnerId = assertId('Partner', input.partnerId);
  const dealId = assertId('Deal', input.dealId);
  await ctx.dataSource.transaction(async (manager) => {
    await lockDealPartners(manager, dealId);
    const { parties, primary, others } = await readDealParties(manager, dealId);
    if (planSetPrimary(parties, partnerId) === 'same') return;
    const former = primary!.partnerId;
    await manager.softRemove(
      others.find((row) => row.partnerId === partnerId && row.role === DealPartnerRole.SOURCED)!,
    );
    await manager.save(Object.assign(primary!, { partnerId }));
    await manager.save(
      manager.create(DealPartnerAttribution, {
        dealId,
        partnerId: former,
        role: DealPartnerRole.SOURCED,
        createdBy: ctx.identity.sub,
      }),
    );
  });
  return { id: dealId };
}
