import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/**
 * Forecasting: quotas (per user or team and period), weekly forecast snapshots and their deal
 * rows. New tables only: nothing existing is rewritten.
 */
export class CrmForecasts1764234000000 implements MigrationInterface {
  name = 'CrmForecasts1764234000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE crm.quotas (${RECORD_COLUMNS},
      user_id uuid REFERENCES crm.users(id),
      team_id uuid REFERENCES crm.teams(id),
      period_start date NOT NULL,
      period_end date NOT NULL,
      amount numeric(18,2) NOT NULL CHECK (amount >= 0),
      currency char(3) NOT NULL,
      CHECK ((user_id IS NULL) <> (team_id IS NULL)),
      CHECK (period_end >= period_start)
    )`);
    // A subject's quotas by period (the overlap check, a forecast's quota), and the list's orders.
    await q.query(`CREATE INDEX quotas_user_idx ON crm.quotas (user_id, period_start)
      WHERE deleted_at IS NULL AND user_id IS NOT NULL`);
    await q.query(`CREATE INDEX quotas_team_idx ON crm.quotas (team_id, period_start)
      WHERE deleted_at IS NULL AND team_id IS NOT NULL`);
    for (const [name, columns] of [
      ['quotas_created_idx', 'created_at, id'],
      ['quotas_updated_idx', 'updated_at, id'],
      ['quotas_period_idx', 'period_start, id'],
      ['quotas_amount_idx', 'amount, id'],
    ])
      await q.query(`CREATE INDEX ${name} ON crm.quotas (${columns}) WHERE deleted_at IS NULL`);

    // A forecast of an owner (or a team's owners) over a period reads their deals by the date
    // that counts (expected close while open, closed date once closed), not all their deals:
    // two indexes on crm.deals (built once, no row rewritten). Partial on the date being set, so
    // a lookup by owner alone keeps the owner index (a date range implies the date is set).
    await q.query(`CREATE INDEX deals_owner_close_date_idx ON crm.deals (owner_id, expected_close_date)
      WHERE deleted_at IS NULL AND expected_close_date IS NOT NULL`);
    await q.query(`CREATE INDEX deals_owner_closed_at_idx ON crm.deals (owner_id, closed_at)
      WHERE deleted_at IS NULL AND closed_at IS NOT NULL`);

    // One snapshot per ISO week (its Monday), and the deals it saw.
    await q.query(`CREATE TABLE crm.forecast_snapshots (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      week_start date NOT NULL UNIQUE,
      taken_at timestamptz(3) NOT NULL,
      taken_by text,
      deal_count int NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE TABLE crm.forecast_snapshot_deals (
      snapshot_id uuid NOT NULL REFERENCES crm.forecast_snapshots(id) ON DELETE CASCADE,
      deal_id uuid NOT NULL,
      owner_id text,
      team_id uuid,
      stage text NOT NULL,
      stage_id uuid,
      forecast_category text,
      probability int NOT NULL,
      amount numeric(18,2) NOT NULL,
      currency char(3) NOT NULL,
      expected_close_date date,
      closed_at timestamptz(3),
      PRIMARY KEY (snapshot_id, deal_id)
    )`);
    // A scoped diff reads one snapshot's rows of an owner (or a team).
    await q.query(
      `CREATE INDEX forecast_snapshot_deals_owner_idx ON crm.forecast_snapshot_deals (snapshot_id, owner_id)`,
    );
    await q.query(
      `CREATE INDEX forecast_snapshot_deals_team_idx ON crm.forecast_snapshot_deals (snapshot_id, team_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm.forecast_snapshot_deals`);
    await q.query(`DROP TABLE crm.forecast_snapshots`);
    await q.query(`DROP TABLE crm.quotas`);
    await q.query(`DROP INDEX crm.deals_owner_closed_at_idx`);
    await q.query(`DROP INDEX crm.deals_owner_close_date_idx`);
  }
}
