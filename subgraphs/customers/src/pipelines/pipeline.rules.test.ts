import { DealStage } from '@sales-graph/shared/deal-stage';
import { ForecastCategory, StageKind } from './pipeline.entity';
import {
  BASE_STAGE_IDS,
  BASE_STAGES,
  baseStageSql,
  checkPipelineStages,
  dealStageOf,
  legacyStageFor,
  reorderedPositions,
  stageForLegacy,
  type StageSpec,
} from './pipeline.rules';

const stage = (over: Partial<StageSpec>): StageSpec => ({
  name: 'Open',
  position: 1,
  probability: 10,
  forecastCategory: ForecastCategory.PIPELINE,
  kind: StageKind.OPEN,
  legacyStage: DealStage.PROSPECTING,
  ...over,
});
const VALID: StageSpec[] = [
  stage({ name: 'Early', position: 1, legacyStage: DealStage.PROSPECTING }),
  stage({ name: 'Late', position: 2, probability: 60, legacyStage: DealStage.PROPOSAL }),
  stage({ name: 'Late too', position: 3, probability: 70, legacyStage: DealStage.PROPOSAL }),
  stage({
    name: 'Won',
    position: 4,
    probability: 100,
    kind: StageKind.WON,
    legacyStage: DealStage.CLOSED_WON,
  }),
  stage({
    name: 'Lost',
    position: 5,
    probability: 0,
    kind: StageKind.LOST,
    legacyStage: DealStage.CLOSED_LOST,
  }),
];

test('the base pipeline is today’s six stages with today’s probabilities', () => {
  expect(BASE_STAGES.map((s) => [s.legacyStage, s.probability])).toEqual([
    ['PROSPECTING', 10],
    ['QUALIFICATION', 20],
    ['PROPOSAL', 50],
    ['NEGOTIATION', 75],
    ['CLOSED_WON', 100],
    ['CLOSED_LOST', 0],
  ]);
  expect(() => checkPipelineStages(BASE_STAGES)).not.toThrow();
  expect(new Set(Object.values(BASE_STAGE_IDS)).size).toBe(6);
  expect(baseStageSql('d.stage')).toContain(`WHEN 'CLOSED_LOST' THEN '${BASE_STAGE_IDS.CLOSED_LOST}'::uuid`);
});

test('a stage answers its DealStage by kind: WON → CLOSED_WON, LOST → CLOSED_LOST, OPEN → its legacy stage', () => {
  expect(dealStageOf({ kind: StageKind.WON, legacyStage: DealStage.PROSPECTING })).toBe(DealStage.CLOSED_WON);
  expect(dealStageOf({ kind: StageKind.LOST, legacyStage: DealStage.PROSPECTING })).toBe(
    DealStage.CLOSED_LOST,
  );
  expect(dealStageOf({ kind: StageKind.OPEN, legacyStage: DealStage.NEGOTIATION })).toBe(
    DealStage.NEGOTIATION,
  );
});

test('a valid pipeline passes; each broken rule is BAD_USER_INPUT', () => {
  expect(() => checkPipelineStages(VALID)).not.toThrow();
  const broken: [string, StageSpec[]][] = [
    ['two WON', [...VALID, stage({ name: 'Won 2', position: 6, probability: 100, kind: StageKind.WON })]],
    ['no WON', VALID.filter((s) => s.kind !== StageKind.WON)],
    ['no LOST', VALID.filter((s) => s.kind !== StageKind.LOST)],
    ['no OPEN', VALID.filter((s) => s.kind !== StageKind.OPEN)],
    ['WON not 100', VALID.map((s) => (s.kind === StageKind.WON ? { ...s, probability: 99 } : s))],
    ['LOST not 0', VALID.map((s) => (s.kind === StageKind.LOST ? { ...s, probability: 1 } : s))],
    ['a fraction', VALID.map((s, i) => (i === 0 ? { ...s, probability: 10.5 } : s))],
    ['negative', VALID.map((s, i) => (i === 0 ? { ...s, probability: -1 } : s))],
    ['same position', VALID.map((s, i) => (i === 1 ? { ...s, position: 1 } : s))],
    ['position 0', VALID.map((s, i) => (i === 0 ? { ...s, position: 0 } : s))],
    ['same name', VALID.map((s, i) => (i === 1 ? { ...s, name: 'EARLY' } : s))],
  ];
  for (const [why, stages] of broken)
    expect({ why, code: catchCode(() => checkPipelineStages(stages)) }).toEqual({
      why,
      code: 'BAD_USER_INPUT',
    });
});

test('a new stage keeps its legacy stage: WON/LOST theirs, OPEN an open one (PROSPECTING by default)', () => {
  expect(legacyStageFor(StageKind.WON, null)).toBe(DealStage.CLOSED_WON);
  expect(legacyStageFor(StageKind.OPEN, undefined)).toBe(DealStage.PROSPECTING);
  expect(catchCode(() => legacyStageFor(StageKind.OPEN, DealStage.CLOSED_WON))).toBe('BAD_USER_INPUT');
  expect(catchCode(() => legacyStageFor(StageKind.LOST, DealStage.CLOSED_WON))).toBe('BAD_USER_INPUT');
});

test('a DealStage maps to the first stage answering it, else the first of its kind', () => {
  expect(stageForLegacy(VALID, DealStage.PROPOSAL)?.name).toBe('Late');
  expect(stageForLegacy(VALID, DealStage.NEGOTIATION)?.name).toBe('Early');
  expect(stageForLegacy(VALID, DealStage.CLOSED_LOST)?.name).toBe('Lost');
  // Order is by position, not by list order.
  expect(stageForLegacy([...VALID].reverse(), DealStage.PROPOSAL)?.name).toBe('Late');
});

test('a reorder names each stage once', () => {
  expect(reorderedPositions(['a', 'b', 'c'], ['c', 'A', 'b'])).toEqual(
    new Map([
      ['c', 1],
      ['a', 2],
      ['b', 3],
    ]),
  );
  for (const ids of [
    ['a', 'b'],
    ['a', 'a', 'b'],
    ['a', 'b', 'x'],
  ])
    expect(catchCode(() => reorderedPositions(['a', 'b', 'c'], ids))).toBe('BAD_USER_INPUT');
});

function catchCode(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return undefined;
}
