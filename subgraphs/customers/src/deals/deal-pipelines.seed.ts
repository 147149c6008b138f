import type { EntityManager } from 'typeorm';
import { DEMO_PIPELINE_IDS } from '../pipelines';

/**
 * Demo deals in the configured pipelines: every "Support renewal" deal in Renewal, every fifth
 * other deal (in creation order) in Partner, each in the stage of its DealStage there (both
 * pipelines have one for each), its history on that pipeline's stages too. The rest stay in the
 * base pipeline ("New business", null columns). Set-based; no random draw (later steps' data stay).
 */
export async function seedDealPipelines(manager: EntityManager): Promise<void> {
  const picks: [pipelineId: string, where: string][] = [
    [DEMO_PIPELINE_IDS.renewal, `d.title LIKE '%Support renewal'`],
    [
      DEMO_PIPELINE_IDS.partner,
      `d.id IN (SELECT id FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n
         FROM crm.deals WHERE title NOT LIKE '%Support renewal') o WHERE o.n % 5 = 0)`,
    ],
  ];
  for (const [pipelineId, where] of picks) {
    await manager.query(
      `UPDATE crm.deals d SET pipeline_id = s.pipeline_id, stage_id = s.id
       FROM crm.pipeline_stages s
       WHERE s.pipeline_id = $1 AND s.legacy_stage = d.stage AND s.deleted_at IS NULL
         AND s.position = (SELECT min(position) FROM crm.pipeline_stages f
                           WHERE f.pipeline_id = $1 AND f.legacy_stage = d.stage AND f.deleted_at IS NULL)
         AND d.pipeline_id IS NULL AND ${where}`,
      [pipelineId],
    );
  }
  // The history of the moved deals, on their pipeline's stages.
  await manager.query(
    `UPDATE crm.deal_stage_changes c
     SET to_stage_id = (SELECT s.id FROM crm.pipeline_stages s WHERE s.pipeline_id = d.pipeline_id
                          AND s.legacy_stage = c.to_stage ORDER BY s.position LIMIT 1),
         from_stage_id = (SELECT s.id FROM crm.pipeline_stages s WHERE s.pipeline_id = d.pipeline_id
                          AND s.legacy_stage = c.from_stage ORDER BY s.position LIMIT 1)
     FROM crm.deals d WHERE d.id = c.deal_id AND d.pipeline_id IS NOT NULL`,
  );
}
