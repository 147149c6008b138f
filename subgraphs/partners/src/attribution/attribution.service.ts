import type { Connection, ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { assertId, ConflictError, NotFoundError } from '@sales-graph/shared/errors';
import type { PartnersContext } from '../context.type';
import { type Partner, findPartner } from '../partners';
import { getPartner } from '../partners';
import { DealAttribution, LeadAttribution } from './attribution.entity';
import type { AttributeDealInput, AttributeLeadInput } from './attribution.input';
import { DealPartnerRole } from './deal-partner.entity';
import { lockDealPartners, readDealParties } from './deal-partner.service';
import { PartnerLeadRelation, type DealRef, type LeadRef } from './shared-entities';

export function mapNodes<T, U>(page: Connection<T>, map: (node: T) => U): Connection<U> {
  return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: map(edge.node) })) };
}

export const dealAttributionLoader = (ctx: PartnersContext) =>
  ctx.loaders.oneBy(ctx.dataSource.getRepository(DealAttribution), 'dealId');

export const leadAttributionLoader = (ctx: PartnersContext) =>
  ctx.loaders.oneBy(ctx.dataSource.getRepository(LeadAttribution), 'leadId');

async function partnerOrNull(ctx: PartnersContext, id: string | null | undefined): Promise<Partner | null> {
  return id ? findPartner(ctx, id) : null;
}

/** The partner that sourced a CRM deal (null for a direct deal, or one the caller may not see). */
export async function sourcingPartner(ctx: PartnersContext, dealId: string): Promise<Partner | null> {
  return partnerOrNull(ctx, (await dealAttributionLoader(ctx).load(dealId))?.partnerId);
}

/** The partner a CRM lead is assigned to, or the one that referred it. */
export async function leadPartner(
  ctx: PartnersContext,
  leadId: string,
  relation: PartnerLeadRelation,
): Promise<Partner | null> {
  const attribution = await leadAttributionLoader(ctx).load(leadId);
  return partnerOrNull(
    ctx,
    relation === PartnerLeadRelation.ASSIGNED
      ? attribution?.assignedPartnerId
      : attribution?.referredByPartnerId,
  );
}

/** The CRM deals a partner sourced, in attribution order (batched across partners, row-scoped). */
export async function partnerDeals(
  ctx: PartnersContext,
  partnerId: string,
  args: ConnectionArgs,
): Promise<Connection<DealRef>> {
  const page = await ctx.loaders
    // A pending attribution's deal is not in the CRM yet (its delivery is under way).
    .connection(ctx.dataSource.getRepository(DealAttribution), 'partnerId', args, undefined, {
      pending: 'false',
    })
    .load(partnerId);
  return mapNodes(page, (row) => ({ id: row.dealId }));
}

/** The CRM leads assigned to, or referred by, a partner (batched across partners, row-scoped). */
export async function partnerLeads(
  ctx: PartnersContext,
  partnerId: string,
  relation: PartnerLeadRelation,
  args: ConnectionArgs,
): Promise<Connection<LeadRef>> {
  const column = relation === PartnerLeadRelation.ASSIGNED ? 'assignedPartnerId' : 'referredByPartnerId';
  const page = await ctx.loaders
    .connection(ctx.dataSource.getRepository(LeadAttribution), column, args)
    .load(partnerId);
  return mapNodes(page, (row) => ({ id: row.leadId }));
}

async function assertCrmRecord(ctx: PartnersContext, type: 'Deal' | 'Lead', id: string): Promise<string> {
  const crmId = assertId(type, id);
  if (!(await ctx.crm.existing(type, [crmId])).has(crmId)) throw new NotFoundError(type, id);
  return crmId;
}

/** Records (or clears, with a null partner) the partner that sourced a CRM deal. */
export async function attributeDeal(
  ctx: PartnersContext,
  input: AttributeDealInput,
): Promise<{ id: string }> {
  const partnerId = input.partnerId ? (await getPartner(ctx, input.partnerId)).id : null;
  const dealId = await assertCrmRecord(ctx, 'Deal', input.dealId);
  await ctx.dataSource.transaction(async (manager) => {
    await lockDealPartners(manager, dealId);
    // Through the entity, so the audit log records the attribution before and after.
    const current = await manager.findOne(DealAttribution, {
      where: { dealId },
      lock: { mode: 'pessimistic_write' },
    });
    const { others } = await readDealParties(manager, dealId);
    if (!partnerId) {
      // Direct only once its other partners are gone (exactly one primary while any remains).
      if (others.length > 0) {
        throw new ConflictError(
          'The deal has other partners: remove them before making it direct',
          'partnerId',
        );
      }
      if (current) await manager.softRemove(current);
      return;
    }
    // The new sourcing partner may have been a SOURCED partner of the deal: now it is the primary.
    const coSourced = others.find(
      (row) => row.partnerId === partnerId && row.role === DealPartnerRole.SOURCED,
    );
    if (coSourced && current?.partnerId !== partnerId) await manager.softRemove(coSourced);
    if (!current) {
      await manager.save(manager.create(DealAttribution, { dealId, partnerId, createdBy: ctx.identity.sub }));
    } else if (current.partnerId !== partnerId) {
      await manager.save(Object.assign(current, { partnerId }));
    }
  });
  return { id: dealId };
}

/** Sets a CRM lead's assigned and referring partners (null clears either). */
export async function attributeLead(
  ctx: PartnersContext,
  input: AttributeLeadInput,
): Promise<{ id: string }> {
  const assignedPartnerId = input.assignedPartnerId
    ? (await getPartner(ctx, input.assignedPartnerId)).id
    : null;
  const referredByPartnerId = input.referredByPartnerId
    ? (await getPartner(ctx, input.referredByPartnerId)).id
    : null;
  const leadId = await assertCrmRecord(ctx, 'Lead', input.leadId);
  await ctx.dataSource.transaction(async (manager) => {
    const current = await manager.findOne(LeadAttribution, {
      where: { leadId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!assignedPartnerId && !referredByPartnerId) {
      if (current) await manager.softRemove(current);
    } else if (!current) {
      await manager.save(
        manager.create(LeadAttribution, {
          leadId,
          assignedPartnerId,
          referredByPartnerId,
          createdBy: ctx.identity.sub,
        }),
      );
    } else if (
      current.assignedPartnerId !== assignedPartnerId ||
      current.referredByPartnerId !== referredByPartnerId
    ) {
      await manager.save(Object.assign(current, { assignedPartnerId, referredByPartnerId }));
    }
  });
  return { id: leadId };
}
