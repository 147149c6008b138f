import { In } from 'typeorm';
import { DealAttribution, LeadAttribution } from '../attribution/attribution.entity';
import type { PartnersContext } from '../context.type';
import type { CrmDeal } from '../crm/crm.client';

/** The CRM deals a partner sourced, and the ones it influenced (deals made from its leads). */
export interface PartnerDeals {
  sourced: CrmDeal[];
  /** Deals created from leads assigned to or referred by the partner, that it did not source. */
  influenced: CrmDeal[];
}

/**
 * Every partner's deals asked for in a request, with two PRM statements (the attributions) and
 * ONE call to the CRM for all of their deals and leads, however many partners are asked for.
 */
export const partnerDealsLoader = (ctx: PartnersContext) =>
  ctx.loaders.get<string, PartnerDeals>('PartnerDeals.byPartner', async (partnerIds) => {
    const ids = [...partnerIds];
    const [dealRows, leadRows] = await Promise.all([
      ctx.dataSource.getRepository(DealAttribution).find({ where: { partnerId: In(ids) } }),
      ctx.dataSource
        .getRepository(LeadAttribution)
        .createQueryBuilder('lead')
        .where('lead.assigned_partner_id = ANY(:ids) OR lead.referred_by_partner_id = ANY(:ids)', { ids })
        .getMany(),
    ]);
    const facts = await ctx.crm.dealFacts(
      [...new Set(dealRows.map((row) => row.dealId))],
      [...new Set(leadRows.map((row) => row.leadId))],
    );
    return ids.map((partnerId) => {
      const sourced = dealRows
        .filter((row) => row.partnerId === partnerId)
        .map((row) => facts.deals.get(row.dealId))
        .filter((deal): deal is CrmDeal => deal !== undefined);
      const own = new Set(sourced.map((deal) => deal.id));
      const influenced = new Map<string, CrmDeal>();
      for (const row of leadRows) {
        if (row.assignedPartnerId !== partnerId && row.referredByPartnerId !== partnerId) continue;
        const deal = facts.leadDeals.get(row.leadId);
        if (deal && !own.has(deal.id)) influenced.set(deal.id, deal);
      }
      return { sourced, influenced: [...influenced.values()] };
    });
  });
