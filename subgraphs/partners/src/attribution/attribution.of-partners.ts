import type { PartnersContext } from '../context.type';
import { DealAttribution, LeadAttribution } from './attribution.entity';
import { DealPartnerAttribution } from './deal-partner.entity';

/**
 * The attributions of many partners at once, for the figures other modules compute of them
 * (performance, commissions): one statement each, through the caller's row scope (`ctx.scope`).
 * The `…IdsOf` forms read two or three columns, not entities: a page may hold tens of thousands.
 */

/** The deals these partners sourced: deal and partner ids. */
export async function sourcedDealIdsOf(
  ctx: PartnersContext,
  partnerIds: readonly string[],
): Promise<{ dealId: string; partnerId: string }[]> {
  if (partnerIds.length === 0) return [];
  const qb = await ctx.scope.query(ctx.dataSource.getRepository(DealAttribution), 'deal');
  return qb
    .select(['deal.deal_id AS "dealId"', 'deal.partner_id AS "partnerId"'])
    .andWhere('deal.partner_id = ANY(:ids)', { ids: partnerIds })
    .getRawMany<{ dealId: string; partnerId: string }>();
}

/** The leads assigned to or referred by these partners: lead id and both partner ids. */
export async function partnerLeadIdsOf(
  ctx: PartnersContext,
  partnerIds: readonly string[],
): Promise<{ leadId: string; assignedPartnerId: string | null; referredByPartnerId: string | null }[]> {
  if (partnerIds.length === 0) return [];
  const qb = await ctx.scope.query(ctx.dataSource.getRepository(LeadAttribution), 'lead');
  return qb
    .select([
      'lead.lead_id AS "leadId"',
      'lead.assigned_partner_id AS "assignedPartnerId"',
      'lead.referred_by_partner_id AS "referredByPartnerId"',
    ])
    .andWhere('(lead.assigned_partner_id = ANY(:ids) OR lead.referred_by_partner_id = ANY(:ids))', {
      ids: partnerIds,
    })
    .getRawMany();
}

/** The deal attributions (sourced) of these partners. */
export async function dealAttributionsOf(
  ctx: PartnersContext,
  partnerIds: readonly string[],
): Promise<DealAttribution[]> {
  const qb = await ctx.scope.query(ctx.dataSource.getRepository(DealAttribution), 'deal');
  return qb.andWhere('deal.partner_id = ANY(:ids)', { ids: partnerIds }).getMany();
}

/** The lead attributions (assigned or referred) of these partners. */
export async function leadAttributionsOf(
  ctx: PartnersContext,
  partnerIds: readonly string[],
): Promise<LeadAttribution[]> {
  const qb = await ctx.scope.query(ctx.dataSource.getRepository(LeadAttribution), 'lead');
  return qb
    .andWhere('(lead.assigned_partner_id = ANY(:ids) OR lead.referred_by_partner_id = ANY(:ids))', {
      ids: partnerIds,
    })
    .getMany();
}

/** The other parts (roles besides the primary sourcing) these partners play in deals. */
export async function dealPartnerAttributionsOf(
  ctx: PartnersContext,
  partnerIds: readonly string[],
): Promise<DealPartnerAttribution[]> {
  const qb = await ctx.scope.query(ctx.dataSource.getRepository(DealPartnerAttribution), 'part');
  return qb.andWhere('part.partner_id = ANY(:ids)', { ids: partnerIds }).getMany();
}
