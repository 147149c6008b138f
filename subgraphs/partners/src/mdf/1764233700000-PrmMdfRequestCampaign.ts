import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CRM campaign an MDF request funds (its return: README "Campaign influence"), and whether a
 * channel manager confirmed that link (a partner sees the return only then). A nullable column and
 * a constant default: no row is rewritten.
 */
export class PrmMdfRequestCampaign1764233700000 implements MigrationInterface {
  name = 'PrmMdfRequestCampaign1764233700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prm.mdf_requests ADD COLUMN campaign_id uuid NULL`);
    await q.query(
      `ALTER TABLE prm.mdf_requests ADD COLUMN campaign_confirmed boolean NOT NULL DEFAULT false`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prm.mdf_requests DROP COLUMN campaign_confirmed`);
    await q.query(`ALTER TABLE prm.mdf_requests DROP COLUMN campaign_id`);
  }
}
