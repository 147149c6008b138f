import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BASE_PIPELINE_ID, baseStageSql } from '../pipelines';

/** The deal's pipeline as SQL over a row alias: null is the base pipeline. */
export const dealPipelineSql = (alias: string) =>
  `COALESCE(${alias}.pipeline_id, '${BASE_PIPELINE_ID}'::uuid)`;
/** The deal's configured stage as SQL over a row alias: null is the base pipeline's stage for `stage`. */
export const dealStageIdSql = (alias: string) =>
  `COALESCE(${alias}.stage_id, ${baseStageSql(`${alias}.stage`)})`;

/**
 * A deal's configured pipeline and stage, and the configured stages of its history. All nullable
 * with no default: on 1,000,000 deals (and their history) `ADD COLUMN` only changes the catalogue,
 * no row is rewritten, and null means "the base pipeline's stage for `stage`" (pipelines/
 * pipeline.rules.ts), which is where every existing deal is. The two filter indexes are on the
 * effective values (one read of the table each, no rewrite); the foreign keys are NOT VALID (no
 * scan of existing rows: they are all null) and hold for every row written from now on.
 */
export class CrmDealPipelineStage1764233300100 implements MigrationInterface {
  name = 'CrmDealPipelineStage1764233300100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crm.deals ADD COLUMN pipeline_id uuid, ADD COLUMN stage_id uuid`);
    await q.query(`ALTER TABLE crm.deals
      ADD CONSTRAINT deals_pipeline_fk FOREIGN KEY (pipeline_id) REFERENCES crm.pipelines(id) NOT VALID,
      ADD CONSTRAINT deals_stage_fk FOREIGN KEY (stage_id) REFERENCES crm.pipeline_stages(id) NOT VALID`);
    await q.query(
      `ALTER TABLE crm.deal_stage_changes ADD COLUMN from_stage_id uuid, ADD COLUMN to_stage_id uuid`,
    );
    await q.query(`CREATE INDEX deals_pipeline_idx ON crm.deals ((${dealPipelineSql('deals')}), created_at, id)
      WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX deals_pipeline_stage_idx ON crm.deals ((${dealStageIdSql('deals')}), created_at, id)
      WHERE deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX crm.deals_pipeline_stage_idx`);
    await q.query(`DROP INDEX crm.deals_pipeline_idx`);
    await q.query(`ALTER TABLE crm.deal_stage_changes DROP COLUMN to_stage_id, DROP COLUMN from_stage_id`);
    await q.query(`ALTER TABLE crm.deals DROP COLUMN stage_id, DROP COLUMN pipeline_id`);
  }
}
