import {
  dealAttributionsOf,
  dealPartnerAttributionsOf,
  type DealPartnerRole,
  leadAttributionsOf,
} from '../attribution';
import type { PartnersContext } from '../context.type';
import { CRM_DEAL } from '../access';
import type { CrmDeal, CrmDealFacts } from '../crm';

/** The CRM deals a partner sourced, and the ones it influenced (deals made from its leads). */
export interface PartnerDeals {
  sourced: CrmDeal[];
  /** Deals created from leads assigned to or referred by the partner, that it did not source. */
  influenced: CrmDeal[];
  /** The deals it plays another part in (besides the primary sourcing), one entry per role. */
  parts: { role: DealPartnerRole; deal: CrmDeal }[];
}

/**
 * The CRM deals an aggregate may count: only those the caller may read one by one (a partner
 * user: the deals it sourced, not the ones made from its leads), so no figure reveals the
 * amount or close date of a deal it cannot open.
 */
async function readableFacts(ctx: PartnersContext, facts: CrmDealFacts): Promise<CrmDealFacts> {
  if (!ctx.scope.scoped) return facts;
  const readable = new Set(
    (await ctx.scope.filter(CRM_DEAL, [...facts.deals.values(), ...facts.leadDeals.values()])).map(
      (deal) => deal.id,
    ),
  );
  const keep = <K>(map: ReadonlyMap<K, CrmDeal>) =>
    new Map([...map].filter(([, deal]) => readable.has(deal.id)));
  return { ...facts, deals: keep(facts.deals), leadDeals: keep(facts.leadDeals) };
}

/**
 * Every partner's deals asked for in a request, with two PRM statements (the attributions) and
 * ONE call to the CRM for all of their deals and leads, however many partners are asked for.
 */
export const partnerDealsLoader = (ctx: PartnersContext) =>
  ctx.loaders.get<string, PartnerDeals>('PartnerDeals.byPartner', async (partnerIds) => {
    const ids = [...partnerIds];
    const [dealRows, leadRows, partRows] = await Promise.all([
      dealAttributionsOf(ctx, ids),
      leadAttributionsOf(ctx, ids),
      dealPartnerAttributionsOf(ctx, ids),
    ]);
    const facts = await readableFacts(
      ctx,
      await ctx.crm.dealFacts(
        [...new Set([...dealRows, ...partRows].map((row) => row.dealId))],
        [...new Set(leadRows.map((row) => row.leadId))],
        // Commission statements earn per product family of a deal's lines.
        { lineItems: true },
      ),
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
      const parts = partRows
        .filter((row) => row.partnerId === partnerId && facts.deals.has(row.dealId))
        .map((row) => ({ role: row.role, deal: facts.deals.get(row.dealId)! }));
      return { sourced, influenced: [...influenced.values()], parts };
    });
  });
