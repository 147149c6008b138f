import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { Pipeline, PipelineStage } from './pipeline.entity';
import {
  CreatePipelineInput,
  PipelineStageInput,
  UpdatePipelineInput,
  UpdatePipelineStageInput,
} from './pipeline.input';
import {
  addPipelineStage,
  archivePipeline,
  createPipeline,
  getPipeline,
  listPipelines,
  pipelineStages,
  removePipelineStage,
  reorderPipelineStages,
  updatePipeline,
  updatePipelineStage,
} from './pipeline.service';

@Resolver(() => Pipeline)
export class PipelineResolver {
  @Query(() => [Pipeline], {
    description:
      'The configured pipelines, the default first, then by name (internal roles; a handful of rows, not paginated). Archived ones only with includeArchived.',
  })
  async pipelines(
    @Arg('includeArchived', () => Boolean, { defaultValue: false, description: 'Also archived pipelines.' })
    includeArchived: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<Pipeline[]> {
    authorize(ctx.identity, 'read', 'Pipeline');
    return listPipelines(ctx, includeArchived);
  }

  @Query(() => Pipeline, {
    nullable: true,
    description: 'One pipeline by id (internal roles). Null, with NOT_FOUND, when there is none.',
  })
  async pipeline(
    @Arg('id', () => ID, { description: "The pipeline's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Pipeline> {
    authorize(ctx.identity, 'read', 'Pipeline');
    return getPipeline(ctx, id);
  }

  @FieldResolver(() => [PipelineStage], { description: 'Its stages, by position.' })
  async stages(@Root() pipeline: Pipeline, @Ctx() ctx: RequestContext): Promise<PipelineStage[]> {
    return pipelineStages(ctx, pipeline.id);
  }

  @Mutation(() => Pipeline, { description: 'Makes a pipeline with its stages (ADMIN).' })
  async createPipeline(
    @Arg('input', () => CreatePipelineInput, { description: 'The pipeline and its stages.' })
    input: CreatePipelineInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Pipeline> {
    authorize(ctx.identity, 'create', 'Pipeline');
    return createPipeline(ctx, input);
  }

  @Mutation(() => Pipeline, {
    description: 'Renames a pipeline, makes it the default, archives or reactivates it (ADMIN).',
  })
  async updatePipeline(
    @Arg('id', () => ID, { description: 'The pipeline.' }) id: string,
    @Arg('input', () => UpdatePipelineInput, { description: 'The changes; omitted fields stay.' })
    input: UpdatePipelineInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Pipeline> {
    authorize(ctx.identity, 'update', 'Pipeline');
    return updatePipeline(ctx, id, input);
  }

  @Mutation(() => Pipeline, {
    description:
      'Archives a pipeline (ADMIN): its deals stay in it, no deal joins it; the default is CONFLICT.',
  })
  async archivePipeline(
    @Arg('id', () => ID, { description: 'The pipeline.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Pipeline> {
    authorize(ctx.identity, 'update', 'Pipeline');
    return archivePipeline(ctx, id);
  }

  @Mutation(() => PipelineStage, { description: 'Adds a stage to a pipeline (ADMIN).' })
  async addPipelineStage(
    @Arg('pipelineId', () => ID, { description: 'The pipeline.' }) pipelineId: string,
    @Arg('input', () => PipelineStageInput, { description: 'The stage.' }) input: PipelineStageInput,
    @Ctx() ctx: RequestContext,
  ): Promise<PipelineStage> {
    authorize(ctx.identity, 'update', 'Pipeline');
    return addPipelineStage(ctx, pipelineId, input);
  }

  @Mutation(() => PipelineStage, {
    description:
      "Renames a stage or changes its probability or forecast category (ADMIN); deals' probability follows.",
  })
  async updatePipelineStage(
    @Arg('id', () => ID, { description: 'The stage.' }) id: string,
    @Arg('input', () => UpdatePipelineStageInput, { description: 'The changes; omitted fields stay.' })
    input: UpdatePipelineStageInput,
    @Ctx() ctx: RequestContext,
  ): Promise<PipelineStage> {
    authorize(ctx.identity, 'update', 'Pipeline');
    return updatePipelineStage(ctx, id, input);
  }

  @Mutation(() => Pipeline, { description: "Sets the order of a pipeline's stages, first to last (ADMIN)." })
  async reorderPipelineStages(
    @Arg('pipelineId', () => ID, { description: 'The pipeline.' }) pipelineId: string,
    @Arg('stageIds', () => [ID], { description: 'Each of its stages once, in the new order.' })
    stageIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<Pipeline> {
    authorize(ctx.identity, 'update', 'Pipeline');
    return reorderPipelineStages(ctx, pipelineId, stageIds);
  }

  @Mutation(() => Pipeline, {
    description:
      'Removes a stage (ADMIN). CONFLICT while a deal is in it: move them with moveDealsToStage first. The pipeline must keep one WON, a LOST and an OPEN stage.',
  })
  async removePipelineStage(
    @Arg('id', () => ID, { description: 'The stage.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Pipeline> {
    authorize(ctx.identity, 'delete', 'Pipeline');
    return removePipelineStage(ctx, id);
  }
}
