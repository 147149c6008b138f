import { SCOPED_SQL } from '@sales-graph/shared/access/scope';
import type { RequestContext } from '@sales-graph/shared/context';

/** Every CRM record a partner has a claim to, from the PRM's own attribution tables (the scope's source). */
export async function partnerAccess(
  ctx: RequestContext,
  partnerId: string,
): Promise<{ dealIds: string[]; leadIds: string[] }> {
  const [deals, leads] = await Promise.all([
    ctx.dataSource.query(
      // The deals it is party to in any role: the primary sourcing one, and every other part
      // (a distributor: exactly the deals it is itself on, not every deal of its resellers).
      `${SCOPED_SQL} SELECT deal_id FROM prm.deal_attributions WHERE partner_id = $1 AND deleted_at IS NULL
       UNION
       SELECT deal_id FROM prm.deal_partner_attributions WHERE partner_id = $1 AND deleted_at IS NULL`,
      [partnerId],
    ),
    ctx.dataSource.query(
      `${SCOPED_SQL} SELECT lead_id FROM prm.lead_attributions
       WHERE (assigned_partner_id = $1 OR referred_by_partner_id = $1) AND deleted_at IS NULL
       UNION
       SELECT lead_id FROM prm.lead_offers
       WHERE partner_id = $1 AND status IN ('OFFERED', 'ACCEPTED') AND deleted_at IS NULL`,
      [partnerId],
    ),
  ]);
  return {
    dealIds: deals.map((row: { deal_id: string }) => row.deal_id),
    leadIds: leads.map((row: { lead_id: string }) => row.lead_id),
  };
}
