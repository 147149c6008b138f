import type { EntityManager } from 'typeorm';
import { DealStage } from '@sales-graph/shared/deal-stage';
import { ForecastCategory, Pipeline, PipelineStage, StageKind } from './pipeline.entity';
import { checkPipelineStages, type StageSpec } from './pipeline.rules';

/** The demo's pipelines besides the base one ("New business", made by the migration). */
export const DEMO_PIPELINES: readonly { name: string; stages: Omit<StageSpec, 'position'>[] }[] = [
  {
    name: 'Renewal',
    stages: [
      {
        name: 'Renewal due',
        probability: 40,
        forecastCategory: ForecastCategory.PIPELINE,
        kind: StageKind.OPEN,
        legacyStage: DealStage.PROSPECTING,
      },
      {
        name: 'Usage review',
        probability: 60,
        forecastCategory: ForecastCategory.PIPELINE,
        kind: StageKind.OPEN,
        legacyStage: DealStage.QUALIFICATION,
      },
      {
        name: 'Quote sent',
        probability: 80,
        forecastCategory: ForecastCategory.BEST_CASE,
        kind: StageKind.OPEN,
        legacyStage: DealStage.PROPOSAL,
      },
      {
        name: 'Verbal yes',
        probability: 90,
        forecastCategory: ForecastCategory.COMMIT,
        kind: StageKind.OPEN,
        legacyStage: DealStage.NEGOTIATION,
      },
      {
        name: 'Renewed',
        probability: 100,
        forecastCategory: ForecastCategory.CLOSED,
        kind: StageKind.WON,
        legacyStage: DealStage.CLOSED_WON,
      },
      {
        name: 'Churned',
        probability: 0,
        forecastCategory: ForecastCategory.OMITTED,
        kind: StageKind.LOST,
        legacyStage: DealStage.CLOSED_LOST,
      },
    ],
  },
  {
    name: 'Partner',
    stages: [
      {
        name: 'Registered',
        probability: 15,
        forecastCategory: ForecastCategory.PIPELINE,
        kind: StageKind.OPEN,
        legacyStage: DealStage.PROSPECTING,
      },
      {
        name: 'Partner qualified',
        probability: 30,
        forecastCategory: ForecastCategory.PIPELINE,
        kind: StageKind.OPEN,
        legacyStage: DealStage.QUALIFICATION,
      },
      {
        name: 'Joint proposal',
        probability: 55,
        forecastCategory: ForecastCategory.BEST_CASE,
        kind: StageKind.OPEN,
        legacyStage: DealStage.PROPOSAL,
      },
      {
        name: 'Partner commit',
        probability: 80,
        forecastCategory: ForecastCategory.COMMIT,
        kind: StageKind.OPEN,
        legacyStage: DealStage.NEGOTIATION,
      },
      {
        name: 'Won with partner',
        probability: 100,
        forecastCategory: ForecastCategory.CLOSED,
        kind: StageKind.WON,
        legacyStage: DealStage.CLOSED_WON,
      },
      {
        name: 'Lost',
        probability: 0,
        forecastCategory: ForecastCategory.OMITTED,
        kind: StageKind.LOST,
        legacyStage: DealStage.CLOSED_LOST,
      },
      {
        name: 'Partner withdrew',
        probability: 0,
        forecastCategory: ForecastCategory.OMITTED,
        kind: StageKind.LOST,
        legacyStage: DealStage.CLOSED_LOST,
      },
    ],
  },
];

/** Fixed ids (the shared random source is left as it was, so later steps' data stay the same). */
const demoId = (pipeline: number, stage: number) =>
  `0a1e5000-0000-4000-8000-${String(pipeline * 100 + stage).padStart(12, '0')}`;
export const DEMO_PIPELINE_IDS = { renewal: demoId(1, 0), partner: demoId(2, 0) };

/** The Renewal and Partner pipelines (the deals module puts demo deals in them). */
export async function seedPipelines(manager: EntityManager): Promise<void> {
  for (const [p, demo] of DEMO_PIPELINES.entries()) {
    const stages = demo.stages.map((stage, index) => ({ ...stage, position: index + 1 }));
    checkPipelineStages(stages);
    const pipeline = await manager.save(
      manager.create(Pipeline, {
        id: demoId(p + 1, 0),
        name: demo.name,
        isDefault: false,
        active: true,
        createdBy: 'seed',
      }),
    );
    await manager.save(
      stages.map((stage) =>
        manager.create(PipelineStage, {
          ...stage,
          id: demoId(p + 1, stage.position),
          pipelineId: pipeline.id,
          createdBy: 'seed',
        }),
      ),
    );
  }
}
