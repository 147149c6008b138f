import type { PipelineStage } from './pipeline.entity';

/** What happens to pipelines, emitted inside the transaction that did it (`emit<PipelineEvents>`). */
export interface PipelineEvents {
  /**
   * A stage is about to be removed: a module with records in it refuses (throws CONFLICT) and the
   * removal rolls back. The deals module refuses while any live deal is in the stage.
   */
  PipelineStageRemoving: { stage: PipelineStage; by: string };
}
