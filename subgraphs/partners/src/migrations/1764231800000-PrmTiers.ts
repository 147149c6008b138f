import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/**
 * Partner tiers: the rule each tier above REGISTERED asks a partner to meet, the live at-risk flag
 * of a partner that no longer meets its tier's rule (one per partner), and the history of every
 * tier change and flag.
 */
export class PrmTiers1764231800000 implements MigrationInterface {
  name = 'PrmTiers1764231800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE prm.tier_rules (${RECORD_COLUMNS},
      tier text NOT NULL CHECK (tier IN ('SILVER','GOLD','PLATINUM')),
      min_revenue numeric(18,2) CHECK (min_revenue >= 0),
      currency char(3),
      min_win_rate numeric(5,4) CHECK (min_win_rate >= 0 AND min_win_rate <= 1),
      min_acceptance_rate numeric(5,4) CHECK (min_acceptance_rate >= 0 AND min_acceptance_rate <= 1),
      required_course_ids uuid[] NOT NULL DEFAULT '{}',
      min_certifications int NOT NULL DEFAULT 0 CHECK (min_certifications >= 0),
      review_period_months int NOT NULL CHECK (review_period_months BETWEEN 1 AND 36),
      grace_days int NOT NULL CHECK (grace_days BETWEEN 1 AND 365),
      CHECK ((min_revenue IS NULL) = (currency IS NULL))
    )`);
    await q.query(
      `CREATE UNIQUE INDEX tier_rules_tier_idx ON prm.tier_rules (tier) WHERE deleted_at IS NULL`,
    );

    await q.query(`CREATE TABLE prm.partner_tier_flags (${RECORD_COLUMNS},
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      tier text NOT NULL,
      reasons jsonb NOT NULL,
      flagged_on date NOT NULL,
      drops_on date NOT NULL CHECK (drops_on > flagged_on)
    )`);
    await q.query(
      `CREATE UNIQUE INDEX partner_tier_flags_partner_idx ON prm.partner_tier_flags (partner_id) WHERE deleted_at IS NULL`,
    ); // also serves partnersAtRisk (EXISTS a live flag)

    await q.query(`CREATE TABLE prm.partner_tier_changes (${RECORD_COLUMNS},
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      kind text NOT NULL CHECK (kind IN ('PROMOTED','DEMOTED','FLAGGED_AT_RISK','UNFLAGGED')),
      from_tier text NOT NULL,
      to_tier text NOT NULL,
      reason text NOT NULL,
      changed_at timestamptz(3) NOT NULL DEFAULT now(),
      changed_by text
    )`);
    await q.query(
      `CREATE INDEX partner_tier_changes_partner_idx ON prm.partner_tier_changes (partner_id, created_at, id)`,
    );

    // The scorecard's period figures, per partner.
    await q.query(`CREATE INDEX lead_offers_partner_offered_idx ON prm.lead_offers (partner_id, offered_at)`);
    await q.query(
      `CREATE INDEX deal_registrations_partner_submitted_idx ON prm.deal_registrations (partner_id, submitted_at) WHERE submitted_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX enrolments_partner_passed_idx ON prm.enrolments (partner_id, completed_at) WHERE status = 'PASSED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX prm.enrolments_partner_passed_idx`);
    await q.query(`DROP INDEX prm.deal_registrations_partner_submitted_idx`);
    await q.query(`DROP INDEX prm.lead_offers_partner_offered_idx`);
    await q.query(`DROP TABLE prm.partner_tier_changes`);
    await q.query(`DROP TABLE prm.partner_tier_flags`);
    await q.query(`DROP TABLE prm.tier_rules`);
  }
}
