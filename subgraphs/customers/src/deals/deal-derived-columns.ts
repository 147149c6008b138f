import type { EntityManager } from 'typeorm';

/**
 * The deals' derived columns, kept by the deals module's own trigger functions (CONTRIBUTING.md,
 * "A module owns its tables"): the sales channel and its partner from the attribution projection
 * (migration CrmDealChannel, `crm.deal_channel_of`), the live customer's region and industry
 * (migration CrmDealCustomerSegment). Nothing else writes them: a write of the columns themselves
 * is recomputed by the deals' row triggers.
 */
export interface DealChannelDrift {
  /** Deals compared (deleted ones included: they keep their channel too). */
  checked: number;
  /** Deals whose stored channel or partner differs from the rule (or region / industry from the customer's). */
  drift: number;
  /** Deals repaired (with `repair`). */
  repaired: number;
  /** Up to 20 of them. */
  samples: { dealId: string; stored: string; expected: string }[];
}

/**
 * Compares every deal's stored channel and partner with `crm.deal_channel_of` (one statement),
 * and with `repair` rewrites the ones that differ (the deals' trigger recomputes them). Expected
 * drift: 0. Not a request path: it reads every deal.
 */
export async function reconcileDealChannels(
  db: Pick<EntityManager, 'query'>,
  options: { repair?: boolean } = {},
): Promise<DealChannelDrift> {
  const rows: {
    checked: number;
    id: string | null;
    stored: string | null;
    expected: string | null;
  }[] = await db.query(
    `WITH drift AS (
       SELECT d.id, d.channel || ':' || coalesce(d.channel_partner_id::text, '-') AS stored,
              ch.channel || ':' || coalesce(ch.partner_id::text, '-') AS expected
       FROM crm.deals d CROSS JOIN LATERAL crm.deal_channel_of(d.id, d.lead_id) ch
       WHERE (d.channel, d.channel_partner_id) IS DISTINCT FROM (ch.channel, ch.partner_id)
       UNION ALL
       -- The customer's region and industry the deals carry (migration CrmDealCustomerSegment).
       SELECT d.id, coalesce(d.customer_region, '-') || ':' || coalesce(d.customer_industry, '-'),
              coalesce(c.region, '-') || ':' || coalesce(c.industry, '-')
       FROM crm.deals d LEFT JOIN crm.customers c ON c.id = d.customer_id AND c.deleted_at IS NULL
       WHERE (d.customer_region, d.customer_industry) IS DISTINCT FROM (c.region, c.industry))
     SELECT (SELECT count(*)::int FROM crm.deals) AS checked, drift.* FROM (SELECT 1) one
     LEFT JOIN drift ON true`,
  );
  const drifting = rows.filter((row) => row.id !== null);
  let repaired = 0;
  if (options.repair && drifting.length > 0) {
    const [, count] = (await db.query(`UPDATE crm.deals SET channel = channel WHERE id = ANY($1::uuid[])`, [
      drifting.map((row) => row.id),
    ])) as [unknown, number];
    repaired = count;
  }
  return {
    checked: rows[0]?.checked ?? 0,
    drift: drifting.length,
    repaired,
    samples: drifting.slice(0, 20).map((row) => ({
      dealId: row.id!,
      stored: row.stored!,
      expected: row.expected!,
    })),
  };
}
