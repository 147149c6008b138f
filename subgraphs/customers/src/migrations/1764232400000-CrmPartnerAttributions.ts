import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CRM's projection of the PRM's attributions (partner-deals/partner-attributions.ts): one row
 * per (record, role) — a deal's SOURCED partner, a lead's ASSIGNED and REFERRED partners — with
 * the PRM's version of it (a removal keeps its row, partner null, so that an older message
 * arriving late changes nothing). `partner_attributions_partner_idx` bounds a partner's
 * aggregates by that partner's own rows.
 */
export class CrmPartnerAttributions1764232400000 implements MigrationInterface {
  name = 'CrmPartnerAttributions1764232400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE crm.partner_attributions (
      record_id uuid NOT NULL,
      role text NOT NULL CHECK (role IN ('SOURCED', 'ASSIGNED', 'REFERRED')),
      partner_id uuid,
      version bigint NOT NULL CHECK (version >= 0),
      attributed_at timestamptz(3) NOT NULL,
      applied_at timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY (record_id, role)
    )`);
    await q.query(`CREATE INDEX partner_attributions_partner_idx
      ON crm.partner_attributions (partner_id, role, record_id) WHERE partner_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm.partner_attributions`);
  }
}
