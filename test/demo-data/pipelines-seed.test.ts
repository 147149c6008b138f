import type { DataSource } from 'typeorm';
import { useSeededCrm } from './seeded-crm';

/**
 * The demo's configured pipelines: New business (the base pipeline), Renewal and Partner, each
 * with deals in it; every deal's configured stage answers its DealStage, and its history is on
 * its pipeline's stages.
 */
const seeded = useSeededCrm('pipelines_seed');
let crm: DataSource;
beforeAll(() => {
  crm = seeded.crm();
});

it('has new business, renewal and partner pipelines with deals in each, consistently staged', async () => {
  const pipelines = (await crm.query(`SELECT p.name, p.is_default, count(d.id)::int AS deals
    FROM crm.pipelines p
    LEFT JOIN crm.deals d ON COALESCE(d.pipeline_id, '0a1e5000-0000-4000-8000-000000000000') = p.id
    GROUP BY p.name, p.is_default ORDER BY p.name`)) as {
    name: string;
    is_default: boolean;
    deals: number;
  }[];
  expect(pipelines.map((p) => [p.name, p.is_default])).toEqual([
    ['New business', true],
    ['Partner', false],
    ['Renewal', false],
  ]);
  for (const pipeline of pipelines)
    expect({ [pipeline.name]: pipeline.deals > 10 }).toEqual({ [pipeline.name]: true });
  const [checks] = await crm.query(`SELECT
    (SELECT count(*) FROM crm.deals d JOIN crm.pipeline_stages s ON s.id = d.stage_id
      WHERE s.pipeline_id <> d.pipeline_id
         OR d.stage <> CASE s.kind WHEN 'WON' THEN 'CLOSED_WON' WHEN 'LOST' THEN 'CLOSED_LOST' ELSE s.legacy_stage END)::int
      AS inconsistent_deals,
    (SELECT count(*) FROM crm.deals WHERE (pipeline_id IS NULL) <> (stage_id IS NULL))::int AS half_placed,
    (SELECT count(*) FROM crm.deal_stage_changes c JOIN crm.deals d ON d.id = c.deal_id
      LEFT JOIN crm.pipeline_stages s ON s.id = c.to_stage_id
      WHERE d.pipeline_id IS NOT NULL AND (s.id IS NULL OR s.pipeline_id <> d.pipeline_id))::int AS foreign_history`);
  expect(checks).toEqual({ inconsistent_deals: 0, half_placed: 0, foreign_history: 0 });
});
