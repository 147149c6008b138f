import type { PartnersContext } from '../context.type';
import type { PartnerScorecard } from './scorecard.entity';

interface OfferFigures {
  partner_id: string;
  received: number;
  accepted: number;
  declined: number;
  expired: number;
  rate: number | null;
  median_hours: number | null;
}

/** Scorecards of many partners at once: two statements per batch, figures computed in SQL. */
export const scorecardLoader = (ctx: PartnersContext) =>
  ctx.loaders.get<string, PartnerScorecard>('Partner.scorecard', async (partnerIds) => {
    const [offers, certifications] = await Promise.all([
      ctx.dataSource.query(
        `SELECT partner_id,
                count(*)::int AS received,
                count(*) FILTER (WHERE status = 'ACCEPTED')::int AS accepted,
                count(*) FILTER (WHERE status = 'DECLINED')::int AS declined,
                count(*) FILTER (WHERE status = 'EXPIRED')::int AS expired,
                round(count(*) FILTER (WHERE status = 'ACCEPTED')::numeric
                      / nullif(count(*) FILTER (WHERE status IN ('ACCEPTED', 'DECLINED')), 0), 4)::float8 AS rate,
                round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM responded_at - offered_at))
                       FILTER (WHERE status IN ('ACCEPTED', 'DECLINED')) / 3600)::numeric, 2)::float8 AS median_hours
         FROM prm.lead_offers
         WHERE partner_id = ANY($1::uuid[]) AND deleted_at IS NULL
         GROUP BY partner_id`,
        [partnerIds],
      ) as Promise<OfferFigures[]>,
      ctx.dataSource.query(
        `SELECT partner_id, count(*)::int AS active FROM prm.certifications
         WHERE partner_id = ANY($1::uuid[]) AND expires_at > now() AND deleted_at IS NULL
         GROUP BY partner_id`,
        [partnerIds],
      ) as Promise<{ partner_id: string; active: number }[]>,
    ]);
    const byPartner = new Map(offers.map((row) => [row.partner_id, row]));
    const certified = new Map(certifications.map((row) => [row.partner_id, row.active]));
    return partnerIds.map((id) => {
      const row = byPartner.get(id);
      return {
        leadOffersReceived: row?.received ?? 0,
        leadOffersAccepted: row?.accepted ?? 0,
        leadOffersDeclined: row?.declined ?? 0,
        leadOffersExpired: row?.expired ?? 0,
        leadAcceptanceRate: row?.rate ?? null,
        medianResponseHours: row?.median_hours ?? null,
        activeCertifications: certified.get(id) ?? 0,
      };
    });
  });
