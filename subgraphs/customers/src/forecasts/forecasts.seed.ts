import type { EntityManager } from 'typeorm';
import { DEMO_NOW } from '../activities';
import { Quota } from './quota.entity';
import { takeForecastSnapshot } from './snapshot.service';
import { DAY_MS } from '@sales-graph/shared/time';

/** The demo's quarter: the one of the demo's "now" (2026-11-01). */
export const DEMO_QUARTER = { from: '2026-10-01', to: '2026-12-31' };
const WEEK_MS = 7 * DAY_MS;

/** Each demo rep's quota for the quarter (USD), by sub; a team's is its members' sum. */
export const DEMO_QUOTAS: Readonly<Record<string, string>> = {
  'user:sales-1': '250000.00',
  'user:sales-2': '180000.00',
  'user:sales-3': '150000.00',
  'user:sales-4': '220000.00',
  'user:sales-5': '160000.00',
  'user:sales-6': '140000.00',
};

/**
 * The demo's forecast: the quarter's quotas of the six reps and their two teams, and two weekly
 * snapshots a week apart. The second is the deals at the demo's "now" (one INSERT … SELECT, as
 * the weekly job takes it); the first is the same week's rows as they stood a week before, with
 * the changes of that week undone (amounts raised since, a deal moved up a category, one pulled
 * into the quarter and one pushed out of it, one new): `forecastChanges` lists them.
 */
export async function seedForecasts(manager: EntityManager): Promise<void> {
  const users: { id: string; sub: string; team_id: string | null }[] = await manager.query(
    `SELECT id, sub, team_id FROM crm.users WHERE sub = ANY($1) ORDER BY sub`,
    [Object.keys(DEMO_QUOTAS)],
  );
  const teams = new Map<string, bigint>();
  const quotas: Partial<Quota>[] = [];
  for (const user of users) {
    const amount = DEMO_QUOTAS[user.sub];
    quotas.push({
      userId: user.id,
      periodStart: DEMO_QUARTER.from,
      periodEnd: DEMO_QUARTER.to,
      amount,
      currency: 'USD',
      createdBy: 'seed',
    });
    if (user.team_id)
      teams.set(user.team_id, (teams.get(user.team_id) ?? 0n) + BigInt(amount.replace('.', '')));
  }
  for (const [teamId, cents] of [...teams.entries()].sort()) {
    quotas.push({
      teamId,
      periodStart: DEMO_QUARTER.from,
      periodEnd: DEMO_QUARTER.to,
      amount: `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`,
      currency: 'USD',
      createdBy: 'seed',
    });
  }
  await manager.insert(Quota, quotas);

  const { snapshot: now } = await takeForecastSnapshot(manager, DEMO_NOW, 'seed');
  const [before] = await manager.query(
    `INSERT INTO crm.forecast_snapshots (week_start, taken_at, taken_by) VALUES ($1, $2, 'seed') RETURNING id`,
    [
      new Date(Date.parse(now.weekStart) - WEEK_MS).toISOString().slice(0, 10),
      new Date(DEMO_NOW.getTime() - WEEK_MS),
    ],
  );
  // The reps' open deals closing in the quarter, in a stable order (titles and dates are seeded).
  await manager.query(
    `WITH ranked AS (
       SELECT sd.deal_id, row_number() OVER (ORDER BY sd.expected_close_date, sd.amount, sd.deal_id) AS n
         FROM crm.forecast_snapshot_deals sd
        WHERE sd.snapshot_id = $2 AND sd.owner_id LIKE 'user:sales-%'
          AND sd.stage IN ('PROPOSAL', 'NEGOTIATION')
          AND sd.expected_close_date BETWEEN $3::date AND $4::date
     ), later AS (
       SELECT sd.deal_id, row_number() OVER (ORDER BY sd.expected_close_date, sd.amount, sd.deal_id) AS n
         FROM crm.forecast_snapshot_deals sd
        WHERE sd.snapshot_id = $2 AND sd.owner_id LIKE 'user:sales-%'
          AND sd.stage NOT IN ('CLOSED_WON', 'CLOSED_LOST') AND sd.expected_close_date > $4::date
     )
     INSERT INTO crm.forecast_snapshot_deals (snapshot_id, deal_id, owner_id, team_id, stage, stage_id,
       forecast_category, probability, amount, currency, expected_close_date, closed_at)
     SELECT $1, sd.deal_id, sd.owner_id, sd.team_id,
            CASE WHEN r.n = 3 THEN 'QUALIFICATION' ELSE sd.stage END,
            CASE WHEN r.n = 3 THEN NULL ELSE sd.stage_id END,
            CASE WHEN r.n = 3 THEN 'PIPELINE' ELSE sd.forecast_category END,
            CASE WHEN r.n = 3 THEN 20 ELSE sd.probability END,
            CASE WHEN r.n IN (1, 2) THEN round(sd.amount * 0.8, 2) ELSE sd.amount END,
            sd.currency,
            CASE WHEN r.n = 4 THEN ($4::date + 20) WHEN l.n = 1 THEN ($4::date - 10) ELSE sd.expected_close_date END,
            sd.closed_at
       FROM crm.forecast_snapshot_deals sd
       LEFT JOIN ranked r ON r.deal_id = sd.deal_id
       LEFT JOIN later l ON l.deal_id = sd.deal_id
      WHERE sd.snapshot_id = $2 AND (r.n IS NULL OR r.n <> 5)`,
    [before.id, now.id, DEMO_QUARTER.from, DEMO_QUARTER.to],
  );
  await manager.query(
    `UPDATE crm.forecast_snapshots SET deal_count = (SELECT count(*) FROM crm.forecast_snapshot_deals WHERE snapshot_id = $1) WHERE id = $1`,
    [before.id],
  );
}
