import { intFromEnv } from '@sales-graph/shared/config';
import { ForbiddenError, RateLimitedError } from '@sales-graph/shared/errors';
import type { PartnersContext } from '../context.type';
import { DealRegistrationStatus } from './registration.entity';
import { findConflicts } from './registration.rules';
import { liveCandidates, prospect } from './registration.service';
import {
  DEFAULT_PROSPECT_CHECKS_PER_HOUR,
  PROSPECT_CHECK_WINDOW_MS,
  prospectAvailability,
  retryAfterSeconds,
  type ProspectAvailability,
} from './prospect-availability.rules';

/** PROSPECT_CHECKS_PER_HOUR, read per check (0: no limit). */
export const prospectChecksPerHour = (): number =>
  intFromEnv('PROSPECT_CHECKS_PER_HOUR', DEFAULT_PROSPECT_CHECKS_PER_HOUR);

/**
 * Spends one of the partner's pre-checks of the last hour (all its users and keys together), or
 * RATE_LIMITED: a partner cannot walk the customer base through the pre-check. Serialised per
 * partner by an advisory lock, counted in the PRM database (every replica sees the same count).
 */
export async function spendProspectCheck(
  ctx: Pick<PartnersContext, 'dataSource' | 'identity'>,
  partnerId: string,
  now: Date,
): Promise<void> {
  const limit = prospectChecksPerHour();
  if (limit <= 0) return;
  const since = new Date(now.getTime() - PROSPECT_CHECK_WINDOW_MS);
  await ctx.dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`prm.prospect_checks:${partnerId}`]);
    await manager.query(`DELETE FROM prm.prospect_checks WHERE partner_id = $1 AND checked_at <= $2`, [
      partnerId,
      since,
    ]);
    const [window]: { count: string; oldest: Date | null }[] = await manager.query(
      `SELECT count(*) AS count, min(checked_at) AS oldest FROM prm.prospect_checks WHERE partner_id = $1`,
      [partnerId],
    );
    if (Number(window.count) >= limit) throw new RateLimitedError(retryAfterSeconds(window.oldest!, now));
    await manager.query(
      `INSERT INTO prm.prospect_checks (partner_id, checked_by, checked_at) VALUES ($1, $2, $3)`,
      [partnerId, ctx.identity.sub, now],
    );
  });
}

/**
 * Whether a partner's registration of this prospect would conflict: with a live registration (the
 * PRM's conflict rules, same normalised company name or domain) or with an open CRM deal (asked as
 * the SERVICE identity, as approval does). Only the answer leaves: no name, amount, owner or id.
 */
export async function checkProspect(
  ctx: PartnersContext,
  company: string,
  domain: string | null | undefined,
  now: Date = new Date(),
): Promise<ProspectAvailability> {
  const partnerId = ctx.identity.partnerId;
  if (ctx.identity.role !== 'PARTNER' || !partnerId) {
    throw new ForbiddenError('The prospect pre-check is for partner users');
  }
  const probe = prospect(company, domain);
  await spendProspectCheck(ctx, partnerId, now);
  const candidates = await liveCandidates(ctx.dataSource.manager, [probe]);
  const claim = { id: '', status: DealRegistrationStatus.SUBMITTED, protectedUntil: null, ...probe };
  const claimants = findConflicts(claim, candidates, now);
  if (claimants.length > 0) return prospectAvailability(claimants, partnerId, 0);
  const open = await ctx.crm.openDealsForProspects([
    { ref: 'prospect', domain: probe.prospectDomain, name: probe.prospectCompanyName },
  ]);
  return prospectAvailability(claimants, partnerId, open.get('prospect')?.length ?? 0);
}
