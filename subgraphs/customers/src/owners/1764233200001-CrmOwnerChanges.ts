import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/** The history of owner changes on customers, deals, leads, tickets and activities. */
export class CrmOwnerChanges1764233200001 implements MigrationInterface {
  name = 'CrmOwnerChanges1764233200001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE crm.owner_changes (
      ${RECORD_COLUMNS},
      record_type text NOT NULL CHECK (record_type IN ('CUSTOMER', 'DEAL', 'LEAD', 'TICKET', 'ACTIVITY')),
      record_id uuid NOT NULL,
      from_owner_id text,
      to_owner_id text NOT NULL,
      reason text NOT NULL,
      changed_by text NOT NULL,
      changed_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX owner_changes_record_idx ON crm.owner_changes (record_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm.owner_changes`);
  }
}
