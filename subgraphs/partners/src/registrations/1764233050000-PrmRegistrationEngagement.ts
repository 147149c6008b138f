import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rules of engagement on deal registrations: the conflict flag stored at submission (NONE,
 * OWNED_DIRECT, OWNED_BY_ANOTHER_PARTNER; null: not checked, e.g. registered before the rule or
 * while the CRM was unreachable) and the override an approval of a flagged registration needs
 * (who, when, why). `deal_registrations_engagement_idx` bounds the channel-conflict analytics
 * by period to the flagged rows.
 */
export class PrmRegistrationEngagement1764233050000 implements MigrationInterface {
  name = 'PrmRegistrationEngagement1764233050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prm.deal_registrations
      ADD COLUMN engagement_conflict text
        CHECK (engagement_conflict IN ('NONE', 'OWNED_DIRECT', 'OWNED_BY_ANOTHER_PARTNER')),
      ADD COLUMN engagement_overridden_by text,
      ADD COLUMN engagement_overridden_at timestamptz(3),
      ADD COLUMN engagement_override_reason text`);
    await q.query(`CREATE INDEX deal_registrations_engagement_idx
      ON prm.deal_registrations (created_at, partner_id)
      WHERE deleted_at IS NULL AND engagement_conflict IN ('OWNED_DIRECT', 'OWNED_BY_ANOTHER_PARTNER')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX prm.deal_registrations_engagement_idx`);
    await q.query(`ALTER TABLE prm.deal_registrations DROP COLUMN engagement_conflict,
      DROP COLUMN engagement_overridden_by, DROP COLUMN engagement_overridden_at,
      DROP COLUMN engagement_override_reason`);
  }
}
