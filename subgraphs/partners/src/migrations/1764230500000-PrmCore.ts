import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/** The PRM core: partners, and their attribution to CRM deals and leads (by id, never by join). */
export class PrmCore1764230500000 implements MigrationInterface {
  name = 'PrmCore1764230500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE prm.partners (${RECORD_COLUMNS},
      name text NOT NULL CHECK (length(trim(name)) > 0),
      type text NOT NULL CHECK (type IN ('RESELLER','DISTRIBUTOR','REFERRAL','MSP')),
      tier text NOT NULL CHECK (tier IN ('REGISTERED','SILVER','GOLD','PLATINUM')),
      status text NOT NULL CHECK (status IN ('APPLIED','IN_REVIEW','ONBOARDING','ACTIVE','SUSPENDED','TERMINATED','REJECTED')),
      region text,
      domain text
    )`);
    await q.query(
      `CREATE INDEX partners_created_idx ON prm.partners (created_at, id) WHERE deleted_at IS NULL`,
    );

    await q.query(`CREATE TABLE prm.deal_attributions (${RECORD_COLUMNS},
      deal_id uuid NOT NULL,
      partner_id uuid NOT NULL REFERENCES prm.partners(id)
    )`);
    await q.query(
      `CREATE UNIQUE INDEX deal_attributions_deal_idx ON prm.deal_attributions (deal_id) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX deal_attributions_partner_idx ON prm.deal_attributions (partner_id, created_at, id)`,
    );

    await q.query(`CREATE TABLE prm.lead_attributions (${RECORD_COLUMNS},
      lead_id uuid NOT NULL,
      assigned_partner_id uuid REFERENCES prm.partners(id),
      referred_by_partner_id uuid REFERENCES prm.partners(id)
    )`);
    await q.query(
      `CREATE UNIQUE INDEX lead_attributions_lead_idx ON prm.lead_attributions (lead_id) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX lead_attributions_assigned_idx ON prm.lead_attributions (assigned_partner_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX lead_attributions_referred_idx ON prm.lead_attributions (referred_by_partner_id, created_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE prm.lead_attributions, prm.deal_attributions, prm.partners`);
  }
}
