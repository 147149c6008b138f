import type { DataSource } from 'typeorm';
import { useSeededCrm } from './seeded-crm';

/**
 * The demo's forecast: the quarter's quotas of the six reps and their two teams (each team's the
 * sum of its members'), and two weekly snapshots a week apart whose differences are the week's
 * changes `forecastChanges` lists (two amounts up, a category moved, one pulled in, one pushed
 * out, one new); the latest snapshot is the deals as seeded.
 */

const seeded = useSeededCrm('forecast_seed');
let crm: DataSource;
beforeAll(() => {
  crm = seeded.crm();
});

it('sets the quarter quotas of every rep and team, the teams the sum of their members', async () => {
  const rows = await crm.query(`SELECT u.sub, q.team_id IS NOT NULL AS team, q.amount::text AS amount,
      q.period_start::text AS start, q.period_end::text AS end, q.currency
    FROM crm.quotas q LEFT JOIN crm.users u ON u.id = q.user_id ORDER BY u.sub NULLS LAST, q.amount`);
  expect(
    rows
      .filter((r: { team: boolean }) => !r.team)
      .map((r: { sub: string; amount: string }) => [r.sub, r.amount]),
  ).toEqual([
    ['user:sales-1', '250000.00'],
    ['user:sales-2', '180000.00'],
    ['user:sales-3', '150000.00'],
    ['user:sales-4', '220000.00'],
    ['user:sales-5', '160000.00'],
    ['user:sales-6', '140000.00'],
  ]);
  expect(
    rows
      .filter((r: { team: boolean }) => r.team)
      .map((r: { amount: string }) => r.amount)
      .sort(),
  ).toEqual(['520000.00', '580000.00']);
  for (const row of rows)
    expect(row).toMatchObject({ start: '2026-10-01', end: '2026-12-31', currency: 'USD' });
});

it('keeps two snapshots a week apart, the latest equal to the deals as seeded', async () => {
  const snapshots = await crm.query(
    `SELECT id, week_start::text AS week, deal_count FROM crm.forecast_snapshots ORDER BY week_start`,
  );
  expect(snapshots.map((s: { week: string }) => s.week)).toEqual(['2026-10-19', '2026-10-26']);
  expect(snapshots[1].deal_count).toBe(snapshots[0].deal_count + 1);
  const [{ differs }] = await crm.query(
    `SELECT count(*)::int AS differs FROM crm.deals d
       FULL JOIN (SELECT * FROM crm.forecast_snapshot_deals WHERE snapshot_id = $1) sd ON sd.deal_id = d.id
      WHERE (d.deleted_at IS NULL AND (d.stage NOT IN ('CLOSED_WON','CLOSED_LOST') OR d.closed_at >= '2026-11-01T09:00:00Z'::timestamptz - interval '400 days'))
        IS DISTINCT FROM (sd.deal_id IS NOT NULL)
         OR (sd.deal_id IS NOT NULL AND (sd.amount <> d.amount OR sd.stage <> d.stage OR sd.expected_close_date IS DISTINCT FROM d.expected_close_date))`,
    [snapshots[1].id],
  );
  expect(differs).toBe(0);
});

it('differs between the two by the changes of the week', async () => {
  const [before, after] = (await crm.query(`SELECT id FROM crm.forecast_snapshots ORDER BY week_start`)).map(
    (s: { id: string }) => s.id,
  );
  const changes = await crm.query(
    `SELECT a.deal_id IS NULL AS added_since_absent, b.deal_id IS NULL AS added,
            b.amount < a.amount AS amount_up, b.forecast_category <> a.forecast_category AS category,
            (b.expected_close_date > '2026-12-31') AND (a.expected_close_date <= '2026-12-31') AS pulled_in,
            (b.expected_close_date <= '2026-12-31') AND (a.expected_close_date > '2026-12-31') AS pushed_out
       FROM (SELECT * FROM crm.forecast_snapshot_deals WHERE snapshot_id = $2) a
       FULL JOIN (SELECT * FROM crm.forecast_snapshot_deals WHERE snapshot_id = $1) b ON a.deal_id = b.deal_id
      WHERE b.deal_id IS NULL OR a.deal_id IS NULL OR b.amount <> a.amount OR b.stage <> a.stage
         OR b.expected_close_date IS DISTINCT FROM a.expected_close_date`,
    [before, after],
  );
  const count = (key: string) => changes.filter((c: Record<string, boolean>) => c[key]).length;
  expect(changes).toHaveLength(6);
  expect(count('added')).toBe(1);
  expect(count('added_since_absent')).toBe(0);
  expect(count('amount_up')).toBe(2);
  expect(count('category')).toBe(1);
  expect(count('pulled_in')).toBe(1);
  expect(count('pushed_out')).toBe(1);
});
