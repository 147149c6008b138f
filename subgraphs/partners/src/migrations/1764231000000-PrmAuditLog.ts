import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditLogTableSql } from '@sales-graph/shared/audit/audit.entity';

/** Who changed what in the PRM, and the record before and after. */
export class PrmAuditLog1764231000000 implements MigrationInterface {
  name = 'PrmAuditLog1764231000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of auditLogTableSql('prm')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE prm.audit_log`);
  }
}
