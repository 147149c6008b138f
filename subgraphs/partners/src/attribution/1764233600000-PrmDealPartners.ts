import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/**
 * A deal's partners besides its primary sourcing one (`prm.deal_attributions` keeps that one): one
 * row per (deal, partner, role). A new, empty table: nothing existing is rewritten.
 */
export class PrmDealPartners1764233600000 implements MigrationInterface {
  name = 'PrmDealPartners1764233600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE prm.deal_partner_attributions (${RECORD_COLUMNS},
      deal_id uuid NOT NULL,
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      role text NOT NULL CHECK (role IN ('SOURCED', 'RESELLER', 'DISTRIBUTOR', 'INFLUENCER', 'SERVICES'))
    )`);
    // One row per (deal, partner, role); also serves Deal.partners (by deal).
    await q.query(`CREATE UNIQUE INDEX deal_partner_attributions_key
      ON prm.deal_partner_attributions (deal_id, partner_id, role) WHERE deleted_at IS NULL`);
    // Partner.deals(role:) and the partner's row scope (partnerAccess).
    await q.query(`CREATE INDEX deal_partner_attributions_partner_idx
      ON prm.deal_partner_attributions (partner_id, role, created_at, id) WHERE deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE prm.deal_partner_attributions`);
  }
}
