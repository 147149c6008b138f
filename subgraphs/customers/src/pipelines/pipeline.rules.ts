import { BadUserInputError } from '@sales-graph/shared/errors';
import { DealStage } from '@sales-graph/shared/deal-stage';
import { ForecastCategory, StageKind } from './pipeline.entity';

/**
 * The pipeline every deal was in before pipelines were configurable (migration CrmPipelines), and
 * its six stages, one per DealStage. A deal whose `stage_id` is null is in the base pipeline's
 * stage for its `stage`: the 1,000,000 existing deals need no rewrite. Fixed ids, so that the
 * meaning of null never depends on which pipeline is default today.
 */
export const BASE_PIPELINE_ID = '0a1e5000-0000-4000-8000-000000000000';
export const BASE_STAGE_IDS: Readonly<Record<DealStage, string>> = {
  [DealStage.PROSPECTING]: '0a1e5000-0000-4000-8000-000000000001',
  [DealStage.QUALIFICATION]: '0a1e5000-0000-4000-8000-000000000002',
  [DealStage.PROPOSAL]: '0a1e5000-0000-4000-8000-000000000003',
  [DealStage.NEGOTIATION]: '0a1e5000-0000-4000-8000-000000000004',
  [DealStage.CLOSED_WON]: '0a1e5000-0000-4000-8000-000000000005',
  [DealStage.CLOSED_LOST]: '0a1e5000-0000-4000-8000-000000000006',
};

/** The base pipeline's stages as the migration makes them: today's stages and probabilities. */
export const BASE_STAGES: readonly StageSpec[] = [
  {
    legacyStage: DealStage.PROSPECTING,
    name: 'Prospecting',
    probability: 10,
    forecastCategory: ForecastCategory.PIPELINE,
    kind: StageKind.OPEN,
  },
  {
    legacyStage: DealStage.QUALIFICATION,
    name: 'Qualification',
    probability: 20,
    forecastCategory: ForecastCategory.PIPELINE,
    kind: StageKind.OPEN,
  },
  {
    legacyStage: DealStage.PROPOSAL,
    name: 'Proposal',
    probability: 50,
    forecastCategory: ForecastCategory.BEST_CASE,
    kind: StageKind.OPEN,
  },
  {
    legacyStage: DealStage.NEGOTIATION,
    name: 'Negotiation',
    probability: 75,
    forecastCategory: ForecastCategory.COMMIT,
    kind: StageKind.OPEN,
  },
  {
    legacyStage: DealStage.CLOSED_WON,
    name: 'Closed won',
    probability: 100,
    forecastCategory: ForecastCategory.CLOSED,
    kind: StageKind.WON,
  },
  {
    legacyStage: DealStage.CLOSED_LOST,
    name: 'Closed lost',
    probability: 0,
    forecastCategory: ForecastCategory.OMITTED,
    kind: StageKind.LOST,
  },
].map((stage, index) => ({ ...stage, position: index + 1 }));

/** SQL: the base stage id of a deal's `stage` column (`legacy` is its SQL), for `COALESCE(stage_id, …)`. */
/** The forecast category of the stage `stageIdSql` names, as SQL (a correlated read of the stages). */
export const stageForecastCategorySql = (stageIdSql: string) =>
  `(SELECT s.forecast_category FROM crm.pipeline_stages s WHERE s.id = ${stageIdSql})`;

/**
 * SQL to join each row to the stage `stageIdSql` names (a set-based read, one hash join over the
 * few stages): the LEFT JOIN clause, the stage's forecast category (null for no such stage) and its
 * probability (0 for no such stage) as expressions.
 */
export const stageJoinSql = (
  stageIdSql: string,
  alias = 'stage',
): { join: string; forecastCategory: string; probability: string } => ({
  join: `LEFT JOIN crm.pipeline_stages ${alias} ON ${alias}.id = ${stageIdSql}`,
  forecastCategory: `${alias}.forecast_category`,
  probability: `COALESCE(${alias}.probability, 0)`,
});

export function baseStageSql(legacy: string): string {
  const cases = Object.entries(BASE_STAGE_IDS)
    .map(([stage, id]) => `WHEN '${stage}' THEN '${id}'::uuid`)
    .join(' ');
  return `CASE ${legacy} ${cases} END`;
}

/** What the rules need of a stage. */
export interface StageSpec {
  id?: string;
  name: string;
  position: number;
  probability: number;
  forecastCategory: ForecastCategory;
  kind: StageKind;
  legacyStage: DealStage;
}

export const OPEN_DEAL_STAGES: readonly DealStage[] = [
  DealStage.PROSPECTING,
  DealStage.QUALIFICATION,
  DealStage.PROPOSAL,
  DealStage.NEGOTIATION,
];

/** The `DealStage` a deal in `stage` answers: its kind decides; an open stage answers its legacy stage. */
export function dealStageOf(stage: Pick<StageSpec, 'kind' | 'legacyStage'>): DealStage {
  if (stage.kind === StageKind.WON) return DealStage.CLOSED_WON;
  if (stage.kind === StageKind.LOST) return DealStage.CLOSED_LOST;
  return stage.legacyStage;
}

/** The kind a `DealStage` belongs to. */
export function kindOf(stage: DealStage): StageKind {
  if (stage === DealStage.CLOSED_WON) return StageKind.WON;
  if (stage === DealStage.CLOSED_LOST) return StageKind.LOST;
  return StageKind.OPEN;
}

/**
 * The legacy stage a new stage keeps: WON and LOST stages theirs; an open stage the one given
 * (PROSPECTING when none is), never a closed one.
 */
export function legacyStageFor(kind: StageKind, given: DealStage | null | undefined): DealStage {
  if (kind !== StageKind.OPEN) {
    const own = dealStageOf({ kind, legacyStage: DealStage.PROSPECTING });
    if (given && given !== own)
      throw new BadUserInputError(`A ${kind} stage answers ${own}, not ${given}`, 'legacyStage');
    return own;
  }
  const legacy = given ?? DealStage.PROSPECTING;
  if (!OPEN_DEAL_STAGES.includes(legacy))
    throw new BadUserInputError(`An OPEN stage answers an open DealStage, not ${legacy}`, 'legacyStage');
  return legacy;
}

/**
 * The stage of `stages` (one pipeline's) a deal in `legacy` belongs to: the first (by position)
 * answering that DealStage, else the first of its kind. Null only for a pipeline without that
 * kind, which the rules below never allow.
 */
export function stageForLegacy<S extends Pick<StageSpec, 'kind' | 'legacyStage' | 'position'>>(
  stages: readonly S[],
  legacy: DealStage,
): S | null {
  const ordered = [...stages].sort((a, b) => a.position - b.position);
  return (
    ordered.find((stage) => dealStageOf(stage) === legacy) ??
    ordered.find((stage) => stage.kind === kindOf(legacy)) ??
    null
  );
}

/** The whole-number probability of a stage: 0 to 100. */
export function checkProbability(probability: number, field = 'probability'): number {
  if (!Number.isInteger(probability) || probability < 0 || probability > 100)
    throw new BadUserInputError('probability must be a whole number from 0 to 100', field);
  return probability;
}

/**
 * A pipeline's stages as a whole: at least one OPEN stage, exactly one WON and at least one LOST,
 * positions positive and unique, names unique, probability 0–100 with WON at 100 and LOST at 0.
 */
export function checkPipelineStages(stages: readonly StageSpec[]): void {
  const count = (kind: StageKind) => stages.filter((stage) => stage.kind === kind).length;
  if (count(StageKind.WON) !== 1)
    throw new BadUserInputError('A pipeline has exactly one WON stage', 'stages', {
      won: count(StageKind.WON),
    });
  if (count(StageKind.LOST) < 1)
    throw new BadUserInputError('A pipeline has at least one LOST stage', 'stages');
  if (count(StageKind.OPEN) < 1)
    throw new BadUserInputError('A pipeline has at least one OPEN stage', 'stages');
  const positions = new Set<number>();
  const names = new Set<string>();
  for (const stage of stages) {
    if (!Number.isInteger(stage.position) || stage.position < 1)
      throw new BadUserInputError('A stage position is a whole number from 1', 'position');
    if (positions.has(stage.position))
      throw new BadUserInputError(`Two stages at position ${stage.position}`, 'position');
    positions.add(stage.position);
    const name = stage.name.trim().toLowerCase();
    if (names.has(name)) throw new BadUserInputError(`Two stages named ${stage.name}`, 'name');
    names.add(name);
    checkProbability(stage.probability);
    if (stage.kind === StageKind.WON && stage.probability !== 100)
      throw new BadUserInputError('The WON stage has probability 100', 'probability');
    if (stage.kind === StageKind.LOST && stage.probability !== 0)
      throw new BadUserInputError('A LOST stage has probability 0', 'probability');
    legacyStageFor(stage.kind, stage.legacyStage);
  }
}

/** New positions for a reorder: `ids` must name every stage of the pipeline exactly once. */
export function reorderedPositions(current: readonly string[], ids: readonly string[]): Map<string, number> {
  const lowered = ids.map((id) => id.toLowerCase());
  const known = new Set(current);
  if (
    lowered.length !== current.length ||
    new Set(lowered).size !== lowered.length ||
    lowered.some((id) => !known.has(id))
  )
    throw new BadUserInputError("stageIds must list each of the pipeline's stages exactly once", 'stageIds');
  return new Map(lowered.map((id, index) => [id, index + 1]));
}
