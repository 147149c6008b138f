import { SCOPED_SQL } from '@sales-graph/shared/access/scope';
import { NotFoundError } from '@sales-graph/shared/errors';
import type { PartnersContext } from '../context.type';
import type { PartnerScorecard, CurrencyAmount } from './scorecard.entity';
import { engagementScore, todayUtc, trailingPeriod } from './tier.rules';
import { visiblePartnerId } from '../partners';
import { leadOfferStatsSql } from '../lead-sharing';
import { registrationsSubmittedSql } from '../registrations';
import { activeCertificationsSql, trainingsPassedSql } from '../training';
import {
  figuresKey,
  figuresOf,
  partnerFiguresLoader,
  periodBounds,
  validatePeriod,
  type Period,
  type PerformanceFigures,
} from '../performance';

interface ScorecardRow {
  i: string;
  received: number;
  accepted: number;
  declined: number;
  expired: number;
  rate: number | null;
  median_hours: number | null;
  active: number;
  course_ids: string[];
  submitted: number;
  passed: number;
}

/** The loader key of a partner's scorecard for a period. */
export const scorecardKey = (partnerId: string, period: Period): string =>
  `${partnerId}|${period.from}|${period.to}`;

/**
 * Scorecards of many (partner, period) pairs at once, in ONE statement: offers made in the period
 * (counts, acceptance rate, median response), certifications active now, deal registrations
 * submitted and courses passed in the period. Revenue and win rate resolve on demand from the
 * partner's CRM deals (see scorecard.resolver.ts).
 */
export const scorecardLoader = (ctx: PartnersContext) =>
  ctx.loaders.get<string, PartnerScorecard>('Partner.scorecard', async (keys) => {
    const all = keys.map((key) => {
      const [partnerId, from, to] = key.split('|');
      const { start, end } = periodBounds({ from, to });
      return { partnerId, from, to, start: new Date(start).toISOString(), end: new Date(end).toISOString() };
    });
    // Keyed by partner, each part reading that partner's rows only: scoped by scoping the keys.
    const readable = await ctx.scope.readableIds('Partner', [...new Set(all.map((p) => p.partnerId))]);
    const parts = all.filter((p) => readable.has(p.partnerId));
    // Each part from its table's owner: offers (lead-sharing), registrations, training.
    const rows = (await ctx.dataSource.query(
      `${SCOPED_SQL} SELECT k.i::text AS i, o.*, c.active, c.course_ids, r.submitted, t.passed
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS k(partner_id, start_at, end_at, i)
       CROSS JOIN LATERAL (${leadOfferStatsSql('k')}) o
       CROSS JOIN LATERAL (${activeCertificationsSql('k')}) c
       CROSS JOIN LATERAL (${registrationsSubmittedSql('k')}) r
       CROSS JOIN LATERAL (${trainingsPassedSql('k')}) t`,
      [parts.map((p) => p.partnerId), parts.map((p) => p.start), parts.map((p) => p.end)],
    )) as ScorecardRow[];
    const byIndex = new Map(rows.map((row) => [Number(row.i), row]));
    const byKey = new Map(parts.map((part, index) => [part, byIndex.get(index + 1)!]));
    return all.map((part) => {
      const row = byKey.get(part);
      if (!row) return new NotFoundError('Partner', part.partnerId);
      const { partnerId, from, to } = part;
      return {
        partnerId,
        from,
        to,
        leadOffersReceived: row.received,
        leadOffersAccepted: row.accepted,
        leadOffersDeclined: row.declined,
        leadOffersExpired: row.expired,
        leadAcceptanceRate: row.rate,
        medianResponseHours: row.median_hours,
        activeCertifications: row.active,
        certifiedCourseIds: row.course_ids,
        registrationsSubmitted: row.submitted,
        trainingsCompleted: row.passed,
        engagement: engagementScore({
          registrationsSubmitted: row.submitted,
          offersAnswered: row.accepted + row.declined,
          trainingsCompleted: row.passed,
        }),
      };
    });
  });

/**
 * `Partner.scorecard(period)`: a partner the caller may see, in the period (default the trailing
 * 12 months). With `withSales` the sales figures are asked for now, so that they join the batch
 * of every partner's `performance` in this request (one CRM call, not one per depth).
 */
export async function partnerScorecard(
  ctx: PartnersContext,
  partnerId: string,
  period: Period | null,
  withSales: boolean,
): Promise<PartnerScorecard> {
  if (!visiblePartnerId(ctx, partnerId)) throw new NotFoundError('Partner', partnerId);
  const valid = period ? validatePeriod(period) : trailingPeriod(12, todayUtc());
  if (withSales) {
    partnerFiguresLoader(ctx)
      .load(figuresKey(partnerId, valid))
      .catch(() => undefined); // the sales fields answer the error themselves
  }
  return scorecardLoader(ctx).load(scorecardKey(partnerId, valid));
}

/** The sales side of a scorecard, from the sums the CRM computes (batched per request). */
export async function scorecardSales(
  ctx: PartnersContext,
  card: PartnerScorecard,
): Promise<PerformanceFigures> {
  const aggregates = await partnerFiguresLoader(ctx).load(
    figuresKey(card.partnerId, { from: card.from, to: card.to }),
  );
  return figuresOf(aggregates, false);
}

/** Partner-sourced deals won in the scorecard's period, per currency (by currency code). */
export async function scorecardRevenue(
  ctx: PartnersContext,
  card: PartnerScorecard,
): Promise<CurrencyAmount[]> {
  const figures = await scorecardSales(ctx, card);
  return figures.byCurrency
    .filter((row) => row.dealsWon > 0)
    .map((row) => ({ currency: row.currency, amount: row.wonRevenue }));
}
