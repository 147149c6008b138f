import type { Identity } from '@sales-graph/shared/auth/identity';
import { serviceTest, type CustomersContext, type ServiceTest } from '../../../../test/support/service';
import { createCustomer } from '../customers';
import { wireCrmSubscriptions } from '../subscriptions';
import {
  BASE_PIPELINE_ID,
  BASE_STAGE_IDS,
  createPipeline,
  ForecastCategory,
  Pipeline,
  removePipelineStage,
  StageKind,
  updatePipeline,
  type PipelineStageInput,
} from '../pipelines';
import { Deal, DealStage } from './deal.entity';
import { createDeal, moveDealsToStage, updateDeal } from './deal.service';

/** Deals in configured pipelines against a real CRM database: the one default, stage removal and the move-deals path. */
let crm: ServiceTest<CustomersContext>;
let customerId: string;
const ADMIN: Identity = { sub: 'user:admin-1', role: 'ADMIN' };
const SALES: Identity = { sub: 'user:sales-1', role: 'SALES' };

const STAGES: PipelineStageInput[] = [
  { name: 'Open', probability: 30, forecastCategory: ForecastCategory.PIPELINE, kind: StageKind.OPEN },
  { name: 'Won', probability: 100, forecastCategory: ForecastCategory.CLOSED, kind: StageKind.WON },
  { name: 'Lost', probability: 0, forecastCategory: ForecastCategory.OMITTED, kind: StageKind.LOST },
  { name: 'Lost too', probability: 0, forecastCategory: ForecastCategory.OMITTED, kind: StageKind.LOST },
];

beforeAll(async () => {
  crm = await serviceTest('customers');
  // The stage-removal rule is the deals module's reaction: wire the reactions as the subgraph does.
  wireCrmSubscriptions(crm.dataSource);
  ({ id: customerId } = await crm.as(SALES, (ctx) => createCustomer(ctx, { name: 'Pipeline Service Co' })));
});
afterAll(() => crm?.stop());

const defaults = () =>
  crm.dataSource
    .getRepository(Pipeline)
    .find({ where: { isDefault: true } })
    .then((rows) => rows.map((row) => row.id));

test('exactly one default: making another default steps the old one down; the default is not archived', async () => {
  const other = await crm.as(ADMIN, (ctx) => createPipeline(ctx, { name: 'Second', stages: STAGES }));
  expect(await defaults()).toEqual([BASE_PIPELINE_ID]);
  await crm.as(ADMIN, (ctx) => updatePipeline(ctx, other.id, { isDefault: true }));
  expect(await defaults()).toEqual([other.id]);
  // A deal with no pipeline named joins the default.
  const deal = await crm.as(SALES, (ctx) =>
    createDeal(ctx, { customerId, title: 'Joins default', amount: '1.00', currency: 'EUR' }),
  );
  expect(deal.pipelineId).toBe(other.id);
  expect(deal.stage).toBe(DealStage.PROSPECTING);
  await expect(
    crm.as(ADMIN, (ctx) => updatePipeline(ctx, other.id, { active: false })),
  ).rejects.toMatchObject({
    extensions: { code: 'CONFLICT' },
  });
  await crm.as(ADMIN, (ctx) => updatePipeline(ctx, BASE_PIPELINE_ID, { isDefault: true }));
  expect(await defaults()).toEqual([BASE_PIPELINE_ID]);
  await expect(
    crm.as(ADMIN, (ctx) => createPipeline(ctx, { name: 'second', stages: STAGES })),
  ).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
});

test('a stage with deals stays (CONFLICT, nothing removed) until its deals are moved, each in its history', async () => {
  const pipeline = await crm.as(ADMIN, (ctx) => createPipeline(ctx, { name: 'Removal', stages: STAGES }));
  const stages = await crm.dataSource.query(
    `SELECT id, name FROM crm.pipeline_stages WHERE pipeline_id = $1 ORDER BY position`,
    [pipeline.id],
  );
  const id = (name: string) => stages.find((stage: { name: string }) => stage.name === name).id as string;
  const deals = [];
  for (const title of ['L1', 'L2'])
    deals.push(
      await crm.as(SALES, (ctx) =>
        createDeal(ctx, {
          customerId,
          title,
          amount: '5.00',
          currency: 'EUR',
          stageId: id('Lost'),
          lostReason: 'No budget',
        }),
      ),
    );
  await expect(crm.as(ADMIN, (ctx) => removePipelineStage(ctx, id('Lost')))).rejects.toMatchObject({
    extensions: { code: 'CONFLICT' },
  });
  const moved = await crm.as(ADMIN, (ctx) => moveDealsToStage(ctx, id('Lost'), id('Lost too')));
  expect(moved).toEqual({ moved: 2, remaining: 0 });
  const after = await crm.dataSource.getRepository(Deal).findBy({ id: deals[0].id });
  // A lost deal moved to another LOST stage keeps its reason and its close instant.
  expect(after[0]).toMatchObject({
    stageId: id('Lost too'),
    stage: DealStage.CLOSED_LOST,
    lostReason: 'No budget',
  });
  expect(after[0].closedAt).toEqual(deals[0].closedAt);
  const [{ n }] = await crm.dataSource.query(
    `SELECT count(*)::int AS n FROM crm.deal_stage_changes WHERE from_stage_id = $1 AND to_stage_id = $2`,
    [id('Lost'), id('Lost too')],
  );
  expect(n).toBe(2);
  await crm.as(ADMIN, (ctx) => removePipelineStage(ctx, id('Lost')));
  // The last LOST stage cannot go: a pipeline keeps one.
  await expect(crm.as(ADMIN, (ctx) => removePipelineStage(ctx, id('Lost too')))).rejects.toMatchObject({
    extensions: { code: 'BAD_USER_INPUT' },
  });
});

test('a deal made before pipelines (null stage) counts in its base stage and moves out of it by id', async () => {
  const deal = await crm.as(SALES, (ctx) =>
    createDeal(ctx, {
      customerId,
      title: 'Legacy',
      amount: '9.00',
      currency: 'EUR',
      stage: DealStage.NEGOTIATION,
    }),
  );
  await crm.dataSource.query(`UPDATE crm.deals SET pipeline_id = NULL, stage_id = NULL WHERE id = $1`, [
    deal.id,
  ]);
  await expect(
    crm.as(ADMIN, (ctx) => removePipelineStage(ctx, BASE_STAGE_IDS[DealStage.NEGOTIATION])),
  ).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
  const moved = await crm.as(SALES, (ctx) =>
    updateDeal(ctx, deal.id, { stageId: BASE_STAGE_IDS[DealStage.PROPOSAL] }),
  );
  expect(moved).toMatchObject({ stage: DealStage.PROPOSAL, pipelineId: BASE_PIPELINE_ID });
  const [change] = await crm.dataSource.query(
    `SELECT from_stage, from_stage_id::text, to_stage_id::text FROM crm.deal_stage_changes WHERE deal_id = $1 AND from_stage IS NOT NULL`,
    [deal.id],
  );
  expect(change).toEqual({
    from_stage: 'NEGOTIATION',
    from_stage_id: BASE_STAGE_IDS[DealStage.NEGOTIATION],
    to_stage_id: BASE_STAGE_IDS[DealStage.PROPOSAL],
  });
});
