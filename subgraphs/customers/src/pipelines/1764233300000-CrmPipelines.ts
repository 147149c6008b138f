import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';
import { BASE_PIPELINE_ID, BASE_STAGE_IDS, BASE_STAGES } from './pipeline.rules';

/**
 * Configurable pipelines and their stages, with the base pipeline ("New business"): today's six
 * stages and probabilities, under fixed ids. Small tables; nothing of the deals is touched here
 * (CrmDealPipelineStage adds the deals' nullable columns).
 */
export class CrmPipelines1764233300000 implements MigrationInterface {
  name = 'CrmPipelines1764233300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE crm.pipelines (
      ${RECORD_COLUMNS},
      name text NOT NULL,
      is_default boolean NOT NULL DEFAULT false,
      active boolean NOT NULL DEFAULT true,
      CHECK (active OR NOT is_default)
    )`);
    // At most one default, names unique among live pipelines.
    await q.query(`CREATE UNIQUE INDEX pipelines_default_idx ON crm.pipelines ((true))
      WHERE is_default AND deleted_at IS NULL`);
    await q.query(
      `CREATE UNIQUE INDEX pipelines_name_idx ON crm.pipelines (lower(name)) WHERE deleted_at IS NULL`,
    );
    await q.query(`CREATE TABLE crm.pipeline_stages (
      ${RECORD_COLUMNS},
      pipeline_id uuid NOT NULL REFERENCES crm.pipelines(id),
      name text NOT NULL,
      position int NOT NULL CHECK (position > 0),
      probability int NOT NULL CHECK (probability BETWEEN 0 AND 100),
      forecast_category text NOT NULL
        CHECK (forecast_category IN ('PIPELINE', 'BEST_CASE', 'COMMIT', 'CLOSED', 'OMITTED')),
      kind text NOT NULL CHECK (kind IN ('OPEN', 'WON', 'LOST')),
      legacy_stage text NOT NULL,
      CHECK (kind <> 'WON' OR (probability = 100 AND legacy_stage = 'CLOSED_WON')),
      CHECK (kind <> 'LOST' OR (probability = 0 AND legacy_stage = 'CLOSED_LOST')),
      CHECK (kind <> 'OPEN' OR legacy_stage IN ('PROSPECTING', 'QUALIFICATION', 'PROPOSAL', 'NEGOTIATION'))
    )`);
    await q.query(`CREATE INDEX pipeline_stages_pipeline_idx ON crm.pipeline_stages (pipeline_id, position)
      WHERE deleted_at IS NULL`);
    await q.query(`INSERT INTO crm.pipelines (id, name, is_default, active, created_by)
      VALUES ('${BASE_PIPELINE_ID}', 'New business', true, true, 'migration')`);
    for (const stage of BASE_STAGES) {
      await q.query(
        `INSERT INTO crm.pipeline_stages
          (id, pipeline_id, name, position, probability, forecast_category, kind, legacy_stage, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'migration')`,
        [
          BASE_STAGE_IDS[stage.legacyStage],
          BASE_PIPELINE_ID,
          stage.name,
          stage.position,
          stage.probability,
          stage.forecastCategory,
          stage.kind,
          stage.legacyStage,
        ],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm.pipeline_stages`);
    await q.query(`DROP TABLE crm.pipelines`);
  }
}
