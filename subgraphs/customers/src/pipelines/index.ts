export { ForecastCategory, Pipeline, PipelineStage, StageKind } from './pipeline.entity';
export type { PipelineEvents } from './pipeline.events';
export type { PipelineStageInput } from './pipeline.input';
export {
  allStages,
  createPipeline,
  removePipelineStage,
  updatePipeline,
  effectivePipelineId,
  effectiveStageId,
  findPipeline,
  findPipelineStage,
  placeDeal,
  stageById,
  stageIdsInForecastCategory,
  type Placement,
} from './pipeline.service';
export {
  BASE_PIPELINE_ID,
  BASE_STAGE_IDS,
  baseStageSql,
  dealStageOf,
  stageForecastCategorySql,
  stageJoinSql,
} from './pipeline.rules';
export { DEMO_PIPELINE_IDS } from './pipelines.seed';
