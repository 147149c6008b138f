import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A deal's next step and notes: what the deal team (and the partner that sourced it) writes down. */
export class CrmDealNextStep1764231700000 implements MigrationInterface {
  name = 'CrmDealNextStep1764231700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crm.deals ADD COLUMN next_step text, ADD COLUMN notes text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crm.deals DROP COLUMN notes, DROP COLUMN next_step`);
  }
}
