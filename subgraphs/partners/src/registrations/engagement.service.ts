import { ForbiddenError, ServiceUnavailableError } from '@sales-graph/shared/errors';
import { engagementOf } from './engagement.check';
import type { PartnersContext } from '../context.type';
import { LOST, periodBounds, validatePeriod, WON, type Period } from '../performance';
import { scopedPartnerId } from '../training';
import { preview, type RegistrationConflictPreview } from './engagement.rules';
import { spendProspectCheck } from './prospect-availability.service';
import { prospect } from './registration.service';
import type { ChannelConflictAnalytics, ChannelConflictFigures } from './engagement.types';

/**
 * A partner's preview, before submitting: would a registration of this prospect be flagged?
 * Answers only the kind ("owned: direct / another partner"), spends one of the partner's hourly
 * pre-checks (shared with `prospectAvailability`: no walking the customer base), and refuses
 * internal callers (they read `Customer.ownership`).
 */
export async function checkRegistrationConflict(
  ctx: PartnersContext,
  company: string,
  domain: string | null | undefined,
  now: Date = new Date(),
): Promise<RegistrationConflictPreview> {
  const partnerId = ctx.identity.partnerId;
  if (ctx.identity.role !== 'PARTNER' || !partnerId) {
    throw new ForbiddenError('The registration conflict preview is for partner users');
  }
  const probe = prospect(company, domain);
  await spendProspectCheck(ctx, partnerId, now);
  const kind = await engagementOf(ctx, partnerId, probe);
  if (kind === null) throw new ServiceUnavailableError('The CRM cannot be reached to check the prospect');
  return preview(kind);
}

type AnalyticsRow = {
  partner_id: string;
  month: string;
  conflicts: number;
  direct_conflicts: number;
  partner_conflicts: number;
  overrides: number;
  approved: number;
  rejected: number;
  resolved: number;
  resolve_seconds: string | null;
  deal_ids: string[];
};

const zero = (): ChannelConflictFigures & { resolveSeconds: number } => ({
  conflicts: 0,
  directConflicts: 0,
  partnerConflicts: 0,
  overrides: 0,
  approved: 0,
  rejected: 0,
  unresolved: 0,
  dealsWon: 0,
  dealsLost: 0,
  averageHoursToResolve: null,
  resolveSeconds: 0,
});

/**
 * Channel-conflict analytics for a period (registrations flagged when submitted in it), by
 * partner and calendar month (UTC): conflicts, overrides, outcomes (approved / rejected, and
 * won / lost of the deals they became) and the average time from submission to decision. One
 * statement in the PRM and one call to the CRM (the resulting deals' stages), whatever the rows.
 */
export async function channelConflictAnalytics(
  ctx: PartnersContext,
  period: Period,
  rawPartnerId: string | null | undefined,
): Promise<ChannelConflictAnalytics> {
  const { from, to } = validatePeriod(period);
  const partnerId = rawPartnerId == null ? null : scopedPartnerId(ctx, rawPartnerId);
  const { start, end } = periodBounds({ from, to });
  const rows: AnalyticsRow[] = await ctx.dataSource.query(
    `SELECT partner_id,
            to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
            count(*)::int AS conflicts,
            count(*) FILTER (WHERE engagement_conflict = 'OWNED_DIRECT')::int AS direct_conflicts,
            count(*) FILTER (WHERE engagement_conflict = 'OWNED_BY_ANOTHER_PARTNER')::int AS partner_conflicts,
            count(*) FILTER (WHERE engagement_overridden_at IS NOT NULL)::int AS overrides,
            count(*) FILTER (WHERE approved_at IS NOT NULL)::int AS approved,
            count(*) FILTER (WHERE status = 'REJECTED')::int AS rejected,
            count(*) FILTER (WHERE approved_at IS NOT NULL OR status = 'REJECTED')::int AS resolved,
            sum(extract(epoch FROM coalesce(approved_at, CASE WHEN status = 'REJECTED' THEN decided_at END)
              - created_at)) AS resolve_seconds,
            coalesce(array_agg(deal_id) FILTER (WHERE deal_id IS NOT NULL), '{}') AS deal_ids
     FROM prm.deal_registrations
     WHERE deleted_at IS NULL AND engagement_conflict IN ('OWNED_DIRECT', 'OWNED_BY_ANOTHER_PARTNER')
       AND created_at >= $1 AND created_at < $2 AND ($3::uuid IS NULL OR partner_id = $3::uuid)
     GROUP BY partner_id, month
     ORDER BY month, partner_id`,
    [new Date(start), new Date(end), partnerId],
  );
  // The resulting deals' outcomes are the CRM's: null (with the rest answered) while it is down.
  const facts = await ctx.crm
    .dealFacts(
      rows.flatMap((r) => r.deal_ids),
      [],
    )
    .catch((error: unknown) => {
      if (error instanceof ServiceUnavailableError) return null;
      throw error;
    });
  const totals = zero();
  const out = rows.map((r) => {
    const stages = facts ? r.deal_ids.map((id) => facts.deals.get(id)?.stage) : null;
    const seconds = Number(r.resolve_seconds ?? 0);
    const figures = {
      partnerId: r.partner_id,
      month: r.month,
      conflicts: r.conflicts,
      directConflicts: r.direct_conflicts,
      partnerConflicts: r.partner_conflicts,
      overrides: r.overrides,
      approved: r.approved,
      rejected: r.rejected,
      unresolved: r.conflicts - r.resolved,
      dealsWon: stages && stages.filter((s) => s === WON).length,
      dealsLost: stages && stages.filter((s) => s === LOST).length,
      averageHoursToResolve: r.resolved > 0 ? seconds / r.resolved / 3600 : null,
    };
    for (const key of [
      'conflicts',
      'directConflicts',
      'partnerConflicts',
      'overrides',
      'approved',
      'rejected',
      'unresolved',
    ] as const) {
      totals[key] += figures[key];
    }
    totals.dealsWon = facts ? totals.dealsWon! + figures.dealsWon! : null;
    totals.dealsLost = facts ? totals.dealsLost! + figures.dealsLost! : null;
    totals.resolveSeconds += seconds;
    return figures;
  });
  if (!facts) Object.assign(totals, { dealsWon: null, dealsLost: null });
  const resolved = totals.approved + totals.rejected;
  const { resolveSeconds, ...sums } = totals;
  return {
    from,
    to,
    partnerId,
    rows: out,
    totals: { ...sums, averageHoursToResolve: resolved > 0 ? resolveSeconds / resolved / 3600 : null },
  };
}
