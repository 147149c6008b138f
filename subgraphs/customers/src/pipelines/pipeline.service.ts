import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import {
  assertId,
  BadUserInputError,
  ConflictError,
  isUuid,
  NotFoundError,
} from '@sales-graph/shared/errors';
import { emit } from '@sales-graph/shared/events/events';
import { requiredText } from '@sales-graph/shared/validation';
import type { DealStage } from '@sales-graph/shared/deal-stage';
import { ForecastCategory, Pipeline, PipelineStage } from './pipeline.entity';
import type { PipelineEvents } from './pipeline.events';
import type {
  CreatePipelineInput,
  PipelineStageInput,
  UpdatePipelineInput,
  UpdatePipelineStageInput,
} from './pipeline.input';
import {
  BASE_PIPELINE_ID,
  BASE_STAGE_IDS,
  checkPipelineStages,
  checkProbability,
  legacyStageFor,
  reorderedPositions,
  stageForLegacy,
  type StageSpec,
} from './pipeline.rules';

const pipelineRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Pipeline);
const stageRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(PipelineStage);

// ── Reads (through request-scoped loaders) ─────────────────────────────────────────────────────

export async function findPipeline(ctx: RequestContext, id: string): Promise<Pipeline | null> {
  if (!isUuid(id)) return null;
  return ctx.loaders.byId(pipelineRepo(ctx)).load(id.toLowerCase());
}

export async function getPipeline(ctx: RequestContext, id: string): Promise<Pipeline> {
  const pipeline = await findPipeline(ctx, id);
  if (!pipeline) throw new NotFoundError('Pipeline', id);
  return pipeline;
}

export async function findPipelineStage(ctx: RequestContext, id: string): Promise<PipelineStage | null> {
  if (!isUuid(id)) return null;
  return ctx.loaders.byId(stageRepo(ctx)).load(id.toLowerCase());
}

/** A pipeline's live stages, by position (batched across pipelines). */
export function pipelineStages(ctx: RequestContext, pipelineId: string): Promise<PipelineStage[]> {
  return ctx.loaders.manyBy(stageRepo(ctx), 'pipelineId', { position: 'ASC', id: 'ASC' }).load(pipelineId);
}

/** Every pipeline, default first then by name; archived ones only when asked. */
export async function listPipelines(ctx: RequestContext, includeArchived: boolean): Promise<Pipeline[]> {
  const qb = pipelineRepo(ctx)
    .createQueryBuilder('p')
    .orderBy('p.is_default', 'DESC')
    .addOrderBy('p.name', 'ASC');
  if (!includeArchived) qb.where('p.active');
  return qb.getMany();
}

/** Ids of the live stages in `category` (a handful of rows: the stages table is configuration). */
export async function stageIdsInForecastCategory(
  ctx: RequestContext,
  categories: readonly ForecastCategory[],
): Promise<string[]> {
  if (categories.length === 0) return [];
  const rows = await stageRepo(ctx)
    .createQueryBuilder('s')
    .select('s.id', 'id')
    .where('s.forecast_category IN (:...categories)', { categories: [...categories] })
    .getRawMany<{ id: string }>();
  return rows.map((row) => row.id);
}

/** Every live stage by id (for aggregates keyed by stage: one statement, a small table). */
export async function allStages(ctx: RequestContext): Promise<Map<string, PipelineStage>> {
  return ctx.loaders
    .get<string, Map<string, PipelineStage>>('PipelineStage.all', async (keys) => {
      const rows = await ctx.dataSource.getRepository(PipelineStage).find({ withDeleted: true });
      const map = new Map(rows.map((row) => [row.id, row]));
      return keys.map(() => map);
    })
    .load('all');
}

// ── Placing a deal (for the deals module, inside its transaction) ──────────────────────────────

/** Where a deal goes: its pipeline, the stage in it, and the DealStage that stage answers. */
export interface Placement {
  pipeline: Pipeline;
  stage: PipelineStage;
}

/** An id a writer names in an input: not an id is BAD_USER_INPUT naming the field. */
function inputId(id: string, field: string): string {
  if (!isUuid(id)) throw new BadUserInputError(`${field} must be a valid id`, field);
  return id.toLowerCase();
}

const liveStagesOf = (manager: EntityManager, pipelineId: string) =>
  manager.find(PipelineStage, { where: { pipelineId }, order: { position: 'ASC', id: 'ASC' } });

/** The effective ids of a deal: null columns mean the base pipeline's stage for `stage`. */
export const effectivePipelineId = (deal: { pipelineId: string | null }): string =>
  deal.pipelineId ?? BASE_PIPELINE_ID;
export const effectiveStageId = (deal: { stageId: string | null; stage: DealStage }): string =>
  deal.stageId ?? BASE_STAGE_IDS[deal.stage];

/**
 * Where a deal goes from what its writer named: a `stageId` (of `pipelineId` when both are
 * named, else of another pipeline is BAD_USER_INPUT), else the stage of `pipelineId` (the deal's
 * current one, else the default) answering `legacy`. An archived pipeline takes no deal.
 */
export async function placeDeal(
  manager: EntityManager,
  named: { pipelineId?: string | null; stageId?: string | null; legacy: DealStage; current?: string | null },
): Promise<Placement> {
  const pipelineId = named.pipelineId ? inputId(named.pipelineId, 'pipelineId') : null;
  const stageId = named.stageId ? inputId(named.stageId, 'stageId') : null;
  let stage: PipelineStage | null = null;
  if (stageId) {
    stage = await manager.findOne(PipelineStage, { where: { id: stageId } });
    if (!stage) throw new BadUserInputError(`No pipeline stage ${stageId}`, 'stageId');
    if (pipelineId && stage.pipelineId !== pipelineId)
      throw new BadUserInputError('stageId is a stage of another pipeline', 'stageId');
    if (!pipelineId && named.current && stage.pipelineId !== named.current)
      throw new BadUserInputError(
        "stageId is a stage of another pipeline than the deal's: name pipelineId to move it",
        'stageId',
      );
  }
  const target = stage?.pipelineId ?? pipelineId ?? named.current ?? null;
  const pipeline = target
    ? await manager.findOne(Pipeline, { where: { id: target } })
    : await manager.findOne(Pipeline, { where: { isDefault: true } });
  if (!pipeline) throw new BadUserInputError(`No pipeline ${target ?? '(default)'}`, 'pipelineId');
  if (!pipeline.active && pipeline.id !== named.current)
    throw new BadUserInputError(`Pipeline ${pipeline.name} is archived`, 'pipelineId');
  if (!stage) {
    stage = stageForLegacy(await liveStagesOf(manager, pipeline.id), named.legacy);
    if (!stage)
      throw new BadUserInputError(`Pipeline ${pipeline.name} has no stage for ${named.legacy}`, 'stage');
  }
  return { pipeline, stage };
}

/** A stage of the pipeline, in the caller's transaction (for a move between stages by id). */
export async function stageById(manager: EntityManager, id: string, field: string): Promise<PipelineStage> {
  const stageId = inputId(id, field);
  const stage = await manager.findOne(PipelineStage, { where: { id: stageId } });
  if (!stage) throw new BadUserInputError(`No pipeline stage ${id}`, field);
  return stage;
}

// ── Configuration (ADMIN) ──────────────────────────────────────────────────────────────────────

async function lockPipeline(manager: EntityManager, id: string): Promise<Pipeline> {
  const pipelineId = assertId('Pipeline', id);
  const pipeline = await manager.findOne(Pipeline, {
    where: { id: pipelineId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!pipeline) throw new NotFoundError('Pipeline', id);
  return pipeline;
}

async function uniqueName(manager: EntityManager, name: string, except: string | null): Promise<void> {
  const clash = await manager
    .createQueryBuilder(Pipeline, 'p')
    .where('lower(p.name) = lower(:name)', { name })
    .andWhere(except ? 'p.id <> :except' : 'true', { except })
    .getExists();
  if (clash) throw new ConflictError(`A pipeline is already named ${name}`, 'name');
}

function stageValues(input: PipelineStageInput, position: number): StageSpec {
  return {
    name: requiredText(input.name, 'name'),
    position,
    probability: checkProbability(input.probability),
    forecastCategory: input.forecastCategory,
    kind: input.kind,
    legacyStage: legacyStageFor(input.kind, input.legacyStage),
  };
}

/** Makes `pipeline` the default, the previous default stepping down, in the caller's transaction. */
async function makeDefault(manager: EntityManager, pipeline: Pipeline): Promise<void> {
  const previous = await manager.find(Pipeline, {
    where: { isDefault: true },
    lock: { mode: 'pessimistic_write' },
  });
  for (const other of previous.filter((row) => row.id !== pipeline.id)) {
    other.isDefault = false;
    await manager.save(other);
  }
  pipeline.isDefault = true;
}

export async function createPipeline(ctx: RequestContext, input: CreatePipelineInput): Promise<Pipeline> {
  const name = requiredText(input.name, 'name');
  const stages = input.stages.map((stage, index) => stageValues(stage, stage.position ?? index + 1));
  checkPipelineStages(stages);
  return ctx.dataSource.transaction(async (manager) => {
    await uniqueName(manager, name, null);
    const pipeline = manager.create(Pipeline, {
      name,
      isDefault: false,
      active: true,
      createdBy: ctx.identity.sub,
    });
    if (input.isDefault) await makeDefault(manager, pipeline);
    await manager.save(pipeline);
    await manager.save(
      stages.map((stage) =>
        manager.create(PipelineStage, { ...stage, pipelineId: pipeline.id, createdBy: ctx.identity.sub }),
      ),
    );
    return pipeline;
  });
}

export async function updatePipeline(
  ctx: RequestContext,
  id: string,
  input: UpdatePipelineInput,
): Promise<Pipeline> {
  const name = input.name !== undefined && input.name !== null ? requiredText(input.name, 'name') : null;
  return ctx.dataSource.transaction(async (manager) => {
    const pipeline = await lockPipeline(manager, id);
    if (name !== null && name !== pipeline.name) {
      await uniqueName(manager, name, pipeline.id);
      pipeline.name = name;
    }
    if (input.active === false && (pipeline.isDefault || input.isDefault))
      throw new ConflictError(
        'The default pipeline cannot be archived: make another one default first',
        'active',
      );
    if (input.active === true) pipeline.active = true;
    if (input.isDefault === false && pipeline.isDefault)
      throw new BadUserInputError('Make another pipeline default instead', 'isDefault');
    if (input.isDefault === true && !pipeline.isDefault) {
      if (!pipeline.active)
        throw new ConflictError('An archived pipeline cannot be the default', 'isDefault');
      await makeDefault(manager, pipeline);
    }
    if (input.active === false) pipeline.active = false;
    return manager.save(pipeline);
  });
}

/** Archives a pipeline: its deals stay in it, no deal joins it. The default is CONFLICT. */
export const archivePipeline = (ctx: RequestContext, id: string) =>
  updatePipeline(ctx, id, { active: false });

export async function addPipelineStage(
  ctx: RequestContext,
  pipelineId: string,
  input: PipelineStageInput,
): Promise<PipelineStage> {
  return ctx.dataSource.transaction(async (manager) => {
    const pipeline = await lockPipeline(manager, pipelineId);
    const stages = await liveStagesOf(manager, pipeline.id);
    const position = input.position ?? Math.max(0, ...stages.map((stage) => stage.position)) + 1;
    const stage = stageValues(input, position);
    checkPipelineStages([...stages, stage]);
    return manager.save(
      manager.create(PipelineStage, { ...stage, pipelineId: pipeline.id, createdBy: ctx.identity.sub }),
    );
  });
}

/** The stage locked with its pipeline, for a change of configuration. */
async function lockStage(manager: EntityManager, id: string) {
  const stageId = assertId('PipelineStage', id);
  const found = await manager.findOne(PipelineStage, { where: { id: stageId } });
  if (!found) throw new NotFoundError('PipelineStage', id);
  const pipeline = await lockPipeline(manager, found.pipelineId);
  const stages = await liveStagesOf(manager, pipeline.id);
  const stage = stages.find((row) => row.id === stageId);
  if (!stage) throw new NotFoundError('PipelineStage', id);
  return { pipeline, stages, stage };
}

export async function updatePipelineStage(
  ctx: RequestContext,
  id: string,
  input: UpdatePipelineStageInput,
): Promise<PipelineStage> {
  return ctx.dataSource.transaction(async (manager) => {
    const { stages, stage } = await lockStage(manager, id);
    if (input.name !== undefined && input.name !== null) stage.name = requiredText(input.name, 'name');
    if (input.probability !== undefined && input.probability !== null)
      stage.probability = checkProbability(input.probability);
    if (input.forecastCategory) stage.forecastCategory = input.forecastCategory;
    checkPipelineStages(stages);
    return manager.save(stage);
  });
}

/** Sets the order of a pipeline's stages: `stageIds` names each of them once, first to last. */
export async function reorderPipelineStages(
  ctx: RequestContext,
  pipelineId: string,
  stageIds: readonly string[],
): Promise<Pipeline> {
  return ctx.dataSource.transaction(async (manager) => {
    const pipeline = await lockPipeline(manager, pipelineId);
    const stages = await liveStagesOf(manager, pipeline.id);
    const positions = reorderedPositions(
      stages.map((stage) => stage.id),
      stageIds,
    );
    for (const stage of stages) {
      const position = positions.get(stage.id)!;
      if (stage.position === position) continue;
      stage.position = position;
      await manager.save(stage);
    }
    return pipeline;
  });
}

/**
 * Removes a stage with no deal in it (the deals module refuses otherwise, CONFLICT: move its deals
 * first with `moveDealsToStage`); what is left must still be a valid pipeline.
 */
export async function removePipelineStage(ctx: RequestContext, id: string): Promise<Pipeline> {
  return ctx.dataSource.transaction(async (manager) => {
    const { pipeline, stages, stage } = await lockStage(manager, id);
    checkPipelineStages(stages.filter((row) => row.id !== stage.id));
    await emit<PipelineEvents>(manager, { type: 'PipelineStageRemoving', stage, by: ctx.identity.sub });
    await manager.softRemove(stage);
    return pipeline;
  });
}
