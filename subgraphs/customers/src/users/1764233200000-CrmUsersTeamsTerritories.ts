import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/**
 * People and ownership: our users (kept from the identity provider's claims), teams and
 * territories; an owner on customers and tickets (a nullable column: no row is rewritten) and
 * an index per owner filter (owner, then the lists' creation order) on the three owned lists
 * that had none.
 * Owners are kept as the user's `sub`, as `deals.owner_id` always was.
 */
export class CrmUsersTeamsTerritories1764233200000 implements MigrationInterface {
  name = 'CrmUsersTeamsTerritories1764233200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE crm.teams (
      ${RECORD_COLUMNS},
      name text NOT NULL,
      manager_id uuid
    )`);
    await q.query(`CREATE UNIQUE INDEX teams_name_key ON crm.teams (lower(name)) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX teams_updated_idx ON crm.teams (updated_at, id)`);
    await q.query(`CREATE INDEX teams_name_idx ON crm.teams (name, id)`);
    await q.query(`CREATE TABLE crm.users (
      ${RECORD_COLUMNS},
      sub text NOT NULL UNIQUE,
      name text,
      email text,
      role text NOT NULL,
      team_id uuid REFERENCES crm.teams(id),
      active boolean NOT NULL DEFAULT true,
      last_seen_at timestamptz(3)
    )`);
    await q.query(
      `ALTER TABLE crm.teams ADD CONSTRAINT teams_manager_fk FOREIGN KEY (manager_id) REFERENCES crm.users(id)`,
    );
    await q.query(`CREATE INDEX users_team_idx ON crm.users (team_id, created_at, id)`);
    await q.query(`CREATE INDEX users_updated_idx ON crm.users (updated_at, id)`);
    await q.query(`CREATE INDEX users_name_idx ON crm.users (name, id)`);
    await q.query(`CREATE TABLE crm.territories (
      ${RECORD_COLUMNS},
      name text NOT NULL,
      regions text[] NOT NULL DEFAULT '{}',
      team_id uuid NOT NULL REFERENCES crm.teams(id)
    )`);
    await q.query(
      `CREATE UNIQUE INDEX territories_name_key ON crm.territories (lower(name)) WHERE deleted_at IS NULL`,
    );
    await q.query(`CREATE INDEX territories_team_idx ON crm.territories (team_id, created_at, id)`);
    await q.query(`CREATE INDEX territories_updated_idx ON crm.territories (updated_at, id)`);
    await q.query(`CREATE INDEX territories_name_idx ON crm.territories (name, id)`);
    await q.query(`CREATE INDEX territories_regions_idx ON crm.territories USING gin (regions)`);
    await q.query(`ALTER TABLE crm.customers ADD COLUMN owner_id text`);
    await q.query(`ALTER TABLE crm.tickets ADD COLUMN owner_id text`);
    const live = 'WHERE deleted_at IS NULL';
    // deals and activities have theirs (deals_owner_idx, activities_owner_idx).
    for (const table of ['customers', 'tickets', 'leads']) {
      await q.query(
        `CREATE INDEX ${table}_owner_created_idx ON crm.${table} (owner_id, created_at, id) ${live}`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['customers', 'tickets', 'leads']) {
      await q.query(`DROP INDEX crm.${table}_owner_created_idx`);
    }
    await q.query(`ALTER TABLE crm.tickets DROP COLUMN owner_id`);
    await q.query(`ALTER TABLE crm.customers DROP COLUMN owner_id`);
    await q.query(`DROP TABLE crm.territories`);
    await q.query(`ALTER TABLE crm.teams DROP CONSTRAINT teams_manager_fk`);
    await q.query(`DROP TABLE crm.users`);
    await q.query(`DROP TABLE crm.teams`);
  }
}
