import type { EntityManager } from 'typeorm';
import { DAY_MS } from '@sales-graph/shared/time';
import { BUCKETS, MEASURES, measureOf } from '../migrations/1764234300000-CrmPartnerDealRollup';

/**
 * Partner sales rolled up in the CRM (migration CrmPartnerDealRollup): `crm.partner_deal_rollup`
 * holds, per partner and currency, per role (SOURCED / INFLUENCED) the deals OPEN (by created
 * day), WON and LOST (by closed day) and the open and won amounts, of all time (grain A), per
 * month (M) and per day (D); `crm.partner_deal_contributions` what each deal put in. The database keeps both in the
 * writer's transaction (triggers on deals, leads and the attribution projection call
 * `crm.partner_rollup_refresh`). `partnerDealAggregates` reads a period's whole months and its
 * edge days: a few rows per partner and period, whatever its deal count. README "Partner
 * performance at scale".
 */

/** The rollup ranges of a period (whole UTC days, both ends included). */
export interface RollupRanges {
  /** The period's first and last day. */
  firstDay: string;
  lastDay: string;
  /** Whole months [firstMonth, endMonth), read from grain M; days outside them from grain D. */
  firstMonth: string;
  endMonth: string;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * The whole months of `from`..`to` and the days at either edge: days [from, firstMonth) and
 * [endMonth, to] from the day rows, months [firstMonth, endMonth) from the month rows. A period
 * holding no whole month reads every day: firstMonth = endMonth = the day after `to`.
 */
export function rollupRanges(period: { from: string; to: string }): RollupRanges {
  const from = Date.parse(`${period.from}T00:00:00Z`);
  const after = Date.parse(`${period.to}T00:00:00Z`) + DAY_MS;
  const start = new Date(from);
  const firstMonth =
    start.getUTCDate() === 1 ? from : Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
  const end = new Date(after);
  const endMonth = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1);
  if (firstMonth >= endMonth)
    return { firstDay: period.from, lastDay: period.to, firstMonth: isoDay(after), endMonth: isoDay(after) };
  return {
    firstDay: period.from,
    lastDay: period.to,
    firstMonth: isoDay(firstMonth),
    endMonth: isoDay(endMonth),
  };
}

export interface PartnerRollupDrift {
  /** Contributions (deal, partner, role) and rollup rows compared. */
  contributions: number;
  rollupRows: number;
  /** Deals whose stored contributions differ from the rule now. */
  dealDrift: number;
  /** Rollup rows (non-zero) that differ from the sums of the stored contributions. */
  rollupDrift: number;
  /** Deals refreshed and partners whose rollup was rebuilt (with `repair`). */
  repairedDeals: number;
  rebuiltPartners: number;
  /** Up to 20 drifting deals and partners. */
  samples: { dealId?: string; partnerId?: string }[];
}

/**
 * Recomputes every attributed deal's contributions from the rule (`crm.partner_deal_contributions_of`)
 * and compares them with the stored ones, and the stored rollup with the sums of the stored
 * contributions (rows of zeros count as absent). With `repair`: the drifting deals
 * are refreshed (`crm.partner_rollup_refresh`), then the rollup rows of every partner still
 * drifting are rebuilt from the contributions. Expected drift: 0. Not a request path: it reads
 * every attributed deal.
 */
export async function reconcilePartnerRollup(
  db: Pick<EntityManager, 'query'>,
  options: { repair?: boolean } = {},
): Promise<PartnerRollupDrift> {
  const dealsDrifting = async (): Promise<{ deals: string[]; contributions: number }> => {
    const rows: { deal_id: string | null; contributions: number }[] = await db.query(
      `WITH expected AS (
         SELECT * FROM crm.partner_deal_contributions_of(ARRAY(
           SELECT crm.partner_attributed_deals() UNION SELECT deal_id FROM crm.partner_deal_contributions))),
       drift AS (
         SELECT coalesce(e.deal_id, c.deal_id) AS deal_id
         FROM expected e FULL JOIN crm.partner_deal_contributions c
           ON c.deal_id = e.deal_id AND c.partner_id = e.partner_id AND c.role = e.role
         WHERE (e.currency, e.state, e.amount, e.created_day, e.closed_day)
               IS DISTINCT FROM (c.currency, c.state, c.amount, c.created_day, c.closed_day))
       SELECT (SELECT count(*)::int FROM crm.partner_deal_contributions) AS contributions, d.deal_id
       FROM (SELECT 1) one LEFT JOIN (SELECT DISTINCT deal_id FROM drift) d ON true`,
    );
    return {
      deals: rows.flatMap((row) => (row.deal_id ? [row.deal_id] : [])),
      contributions: rows[0]?.contributions ?? 0,
    };
  };
  const partnersDrifting = async (): Promise<{ partners: string[]; rows: number }> => {
    const rows: { partner_id: string | null; rows: number }[] = await db.query(
      `WITH expected AS (
         SELECT c.partner_id, g.grain, g.bucket, c.currency, ${MEASURES.map((m) => `${measureOf(m)} AS ${m}`).join(', ')}
         FROM crm.partner_deal_contributions c ${BUCKETS}
         GROUP BY 1, 2, 3, 4),
       stored AS (SELECT * FROM crm.partner_deal_rollup WHERE ${MEASURES.map((m) => `${m} <> 0`).join(' OR ')}),
       drift AS (
         SELECT coalesce(e.partner_id, s.partner_id) AS partner_id
         FROM expected e FULL JOIN stored s
           ON (s.partner_id, s.grain, s.bucket, s.currency) = (e.partner_id, e.grain, e.bucket, e.currency)
         WHERE (${MEASURES.map((m) => `e.${m}`).join(', ')}) IS DISTINCT FROM (${MEASURES.map((m) => `s.${m}`).join(', ')}))
       SELECT (SELECT count(*)::int FROM crm.partner_deal_rollup) AS rows, d.partner_id
       FROM (SELECT 1) one LEFT JOIN (SELECT DISTINCT partner_id FROM drift) d ON true`,
    );
    return {
      partners: rows.flatMap((row) => (row.partner_id ? [row.partner_id] : [])),
      rows: rows[0]?.rows ?? 0,
    };
  };
  const deals = await dealsDrifting();
  let rollup = await partnersDrifting();
  const found = { deals: deals.deals, partners: rollup.partners };
  let repairedDeals = 0;
  let rebuiltPartners = 0;
  if (options.repair && deals.deals.length > 0) {
    await db.query(`SELECT crm.partner_rollup_refresh($1::uuid[])`, [deals.deals]);
    repairedDeals = deals.deals.length;
    rollup = await partnersDrifting();
  }
  if (options.repair && rollup.partners.length > 0) {
    // Rebuilt from the contributions: each row set to its sum, rows no contribution accounts for to 0.
    await db.query(
      `INSERT INTO crm.partner_deal_rollup AS r (partner_id, grain, bucket, currency, ${MEASURES.join(', ')})
       SELECT c.partner_id, g.grain, g.bucket, c.currency, ${MEASURES.map(measureOf).join(', ')}
       FROM crm.partner_deal_contributions c ${BUCKETS} AND c.partner_id = ANY($1::uuid[])
       GROUP BY 1, 2, 3, 4
       ON CONFLICT (partner_id, grain, bucket, currency)
       DO UPDATE SET ${MEASURES.map((m) => `${m} = EXCLUDED.${m}`).join(', ')}`,
      [rollup.partners],
    );
    await db.query(
      `UPDATE crm.partner_deal_rollup r SET ${MEASURES.map((m) => `${m} = 0`).join(', ')}
       WHERE r.partner_id = ANY($1::uuid[]) AND NOT EXISTS (
         SELECT 1 FROM crm.partner_deal_contributions c ${BUCKETS.replace('WHERE', 'WHERE c.partner_id = r.partner_id AND')}
           AND (g.grain, g.bucket, c.currency) = (r.grain, r.bucket, r.currency))`,
      [rollup.partners],
    );
    // A rebuilt partner's cached figures (partner-deal-facts.ts) are no longer its figures.
    await db.query(`SELECT crm.partner_rollup_touch($1::uuid[])`, [rollup.partners]);
    rebuiltPartners = rollup.partners.length;
  }
  return {
    contributions: deals.contributions,
    rollupRows: rollup.rows,
    dealDrift: found.deals.length,
    rollupDrift: found.partners.length,
    repairedDeals,
    rebuiltPartners,
    samples: [
      ...found.deals.slice(0, 10).map((dealId) => ({ dealId })),
      ...found.partners.slice(0, 10).map((partnerId) => ({ partnerId })),
    ],
  };
}
