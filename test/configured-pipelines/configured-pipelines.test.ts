import {
  as,
  attributeDeal,
  client,
  codes,
  createCustomer,
  createDeal,
  createPipeline,
  expectCode,
  partnerUser,
  RENEWAL_STAGES,
  seedPartner,
  startTestGraph,
  type TestGraph,
} from '../support';

/**
 * Pipelines you configure: an ADMIN sets up a renewal pipeline (validated: one WON, a LOST, whole
 * probabilities with WON 100 and LOST 0, unique positions), sales work deals in it (the old
 * `stage` input and output keep working, mapped from the stage's kind), the history, probability
 * and analytics follow the configured stages, a stage with deals cannot be removed until its
 * deals are moved, and a partner user reads its own deal's stage name but never a pipeline's
 * configuration (probability, forecast category) nor edits one.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let graph: TestGraph;
const admin = client(() => graph, as.admin);
const sales = client(() => graph, as.sales);
const analyst = client(() => graph, as.analyst);
let customerId: string;
let renewal: { id: string; stageIds: Record<string, string> };
let base: Json;

const DEAL = `id stage probability closedAt lostReason pipeline { id name } pipelineStage { id name kind position probability forecastCategory }`;
const CREATE = `mutation($input: CreateDealInput!) { createDeal(input: $input) { ${DEAL} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateDealInput!) { updateDeal(id: $id, input: $input) { ${DEAL} } }`;
const PIPELINES = `{ pipelines { id name isDefault active stages { id name position probability forecastCategory kind legacyStage } } }`;
const PIPELINE_INPUT = `mutation($input: CreatePipelineInput!) { createPipeline(input: $input) { id } }`;

beforeAll(async () => {
  graph = await startTestGraph();
  customerId = (await createCustomer(graph, 'Pipeline Customer')).id;
  renewal = await createPipeline(graph, 'Renewal');
  base = (await admin.ok<Json>(PIPELINES)).pipelines.find((pipeline: Json) => pipeline.isDefault);
});

afterAll(async () => {
  await graph?.stop();
});

describe('an ADMIN configures pipelines', () => {
  it('keeps the default pipeline of today’s six stages and probabilities beside the new one', async () => {
    const { pipelines } = await analyst.ok<Json>(PIPELINES);
    expect(pipelines.map((pipeline: Json) => [pipeline.name, pipeline.isDefault])).toEqual([
      ['New business', true],
      ['Renewal', false],
    ]);
    expect(
      base.stages.map((stage: Json) => [stage.legacyStage, stage.kind, stage.probability, stage.position]),
    ).toEqual([
      ['PROSPECTING', 'OPEN', 10, 1],
      ['QUALIFICATION', 'OPEN', 20, 2],
      ['PROPOSAL', 'OPEN', 50, 3],
      ['NEGOTIATION', 'OPEN', 75, 4],
      ['CLOSED_WON', 'WON', 100, 5],
      ['CLOSED_LOST', 'LOST', 0, 6],
    ]);
  });

  it.each([
    [
      'two WON stages',
      [...RENEWAL_STAGES, { name: 'Won again', probability: 100, forecastCategory: 'CLOSED', kind: 'WON' }],
    ],
    ['no LOST stage', RENEWAL_STAGES.filter((stage) => stage.kind !== 'LOST')],
    [
      'a WON stage below 100',
      RENEWAL_STAGES.map((stage) => (stage.kind === 'WON' ? { ...stage, probability: 90 } : stage)),
    ],
    [
      'a LOST stage above 0',
      RENEWAL_STAGES.map((stage) => (stage.kind === 'LOST' ? { ...stage, probability: 5 } : stage)),
    ],
    [
      'a probability above 100',
      RENEWAL_STAGES.map((stage, i) => (i === 0 ? { ...stage, probability: 101 } : stage)),
    ],
    ['two stages at one position', RENEWAL_STAGES.map((stage) => ({ ...stage, position: 1 }))],
    [
      'an OPEN stage answering a closed stage',
      RENEWAL_STAGES.map((stage, i) => (i === 0 ? { ...stage, legacyStage: 'CLOSED_WON' } : stage)),
    ],
  ])('refuses a pipeline with %s (BAD_USER_INPUT, nothing written)', async (_, stages) => {
    const before = await graph.crm.query(`SELECT count(*)::int AS n FROM crm.pipelines`);
    expectCode(await admin.fails(PIPELINE_INPUT, { input: { name: 'Invalid', stages } }), 'BAD_USER_INPUT');
    expect(await graph.crm.query(`SELECT count(*)::int AS n FROM crm.pipelines`)).toEqual(before);
  });

  it('lets only ADMIN configure: SALES and CHANNEL_MANAGER are FORBIDDEN', async () => {
    for (const identity of [as.sales, as.channelManager, as.analyst])
      expectCode(
        await admin.fails(PIPELINE_INPUT, { input: { name: 'Mine', stages: RENEWAL_STAGES } }, identity),
        'FORBIDDEN',
      );
    expectCode(
      await sales.fails(`mutation($id: ID!) { archivePipeline(id: $id) { id } }`, { id: renewal.id }),
      'FORBIDDEN',
    );
  });

  it('reorders, renames and archives; the default cannot be archived (CONFLICT)', async () => {
    const scratch = await createPipeline(graph, 'Scratch');
    const ids = ['Quote sent', 'Renewal due', 'Churned', 'Renewed'].map((name) => scratch.stageIds[name]);
    const { reorderPipelineStages } = await admin.ok<Json>(
      `mutation($p: ID!, $s: [ID!]!) { reorderPipelineStages(pipelineId: $p, stageIds: $s) { stages { name position } } }`,
      { p: scratch.id, s: ids },
    );
    expect(reorderPipelineStages.stages.map((stage: Json) => stage.name)).toEqual([
      'Quote sent',
      'Renewal due',
      'Churned',
      'Renewed',
    ]);
    expectCode(
      await admin.fails(
        `mutation($p: ID!, $s: [ID!]!) { reorderPipelineStages(pipelineId: $p, stageIds: $s) { id } }`,
        {
          p: scratch.id,
          s: ids.slice(1),
        },
      ),
      'BAD_USER_INPUT',
    );
    expectCode(
      await admin.fails(`mutation($id: ID!) { archivePipeline(id: $id) { id } }`, { id: base.id }),
      'CONFLICT',
    );
    const { archivePipeline } = await admin.ok<Json>(
      `mutation($id: ID!) { archivePipeline(id: $id) { active } }`,
      {
        id: scratch.id,
      },
    );
    expect(archivePipeline.active).toBe(false);
    // No deal joins an archived pipeline.
    expectCode(
      await sales.fails(CREATE, {
        input: { customerId, title: 'Late', amount: '1.00', currency: 'EUR', pipelineId: scratch.id },
      }),
      'BAD_USER_INPUT',
    );
    const names = (await admin.ok<Json>(PIPELINES)).pipelines.map((pipeline: Json) => pipeline.name);
    expect(names).not.toContain('Scratch');
  });
});

describe('sales work deals in a configured pipeline', () => {
  it('places a new deal in the default pipeline when none is named, its stage and probability as before', async () => {
    const { createDeal: deal } = await sales.ok<Json>(CREATE, {
      input: { customerId, title: 'Default', amount: '100.00', currency: 'EUR' },
    });
    expect(deal).toMatchObject({
      stage: 'PROSPECTING',
      probability: 0.1,
      pipeline: { name: 'New business' },
      pipelineStage: { name: 'Prospecting', kind: 'OPEN', forecastCategory: 'PIPELINE' },
    });
  });

  it('takes a configured stage: stage answers its legacy value, probability its own; another pipeline’s is BAD_USER_INPUT', async () => {
    const { createDeal: deal } = await sales.ok<Json>(CREATE, {
      input: {
        customerId,
        title: 'Renewal 1',
        amount: '1000.00',
        currency: 'EUR',
        pipelineId: renewal.id,
        stageId: renewal.stageIds['Quote sent'],
      },
    });
    expect(deal).toMatchObject({
      stage: 'PROPOSAL',
      probability: 0.8,
      pipeline: { id: renewal.id },
      pipelineStage: { name: 'Quote sent', forecastCategory: 'BEST_CASE' },
    });
    expectCode(
      await sales.fails(CREATE, {
        input: {
          customerId,
          title: 'Wrong',
          amount: '1.00',
          currency: 'EUR',
          pipelineId: base.id,
          stageId: renewal.stageIds['Quote sent'],
        },
      }),
      'BAD_USER_INPUT',
    );
    expectCode(
      await sales.fails(UPDATE, { id: deal.id, input: { stageId: base.stages[1].id } }),
      'BAD_USER_INPUT',
    );
    // The old `stage` input maps to the deal's pipeline's stage of that value (or the first of its kind).
    const { moveDealStage } = await sales.ok<Json>(
      `mutation($id: ID!) { moveDealStage(id: $id, stage: CLOSED_WON) { ${DEAL} } }`,
      { id: deal.id },
    );
    expect(moveDealStage).toMatchObject({
      stage: 'CLOSED_WON',
      probability: 1,
      pipelineStage: { name: 'Renewed', kind: 'WON' },
    });
    expect(moveDealStage.closedAt).not.toBeNull();
    const lost = await createDeal(graph, {
      customerId,
      title: 'Renewal lost',
      stage: 'CLOSED_LOST',
      lostReason: 'Budget',
      pipelineId: renewal.id,
    });
    const { deal: read } = await sales.ok<Json>(`query($id: ID!) { deal(id: $id) { ${DEAL} } }`, {
      id: lost.id,
    });
    expect(read).toMatchObject({
      stage: 'CLOSED_LOST',
      lostReason: 'Budget',
      pipelineStage: { name: 'Churned' },
    });
  });

  it('moves a deal between pipelines, mapping its stage, and records configured stages in the history', async () => {
    const proposal = base.stages.find((stage: Json) => stage.legacyStage === 'PROPOSAL');
    const deal = await createDeal(graph, { customerId, title: 'Moves over', stageId: proposal.id });
    const { updateDeal } = await sales.ok<Json>(UPDATE, { id: deal.id, input: { pipelineId: renewal.id } });
    expect(updateDeal).toMatchObject({
      stage: 'PROPOSAL',
      pipeline: { id: renewal.id },
      pipelineStage: { name: 'Quote sent' },
    });
    const { updateDeal: lost } = await sales.ok<Json>(UPDATE, {
      id: deal.id,
      input: { stageId: renewal.stageIds.Churned, reason: 'Went elsewhere' },
    });
    expect(lost).toMatchObject({ stage: 'CLOSED_LOST', lostReason: 'Went elsewhere', probability: 0 });
    // A LOST stage needs a reason.
    const other = await createDeal(graph, { customerId, title: 'No reason', pipelineId: renewal.id });
    expectCode(
      await sales.fails(UPDATE, { id: other.id, input: { stageId: renewal.stageIds.Churned } }),
      'BAD_USER_INPUT',
    );
    const { deal: history } = await sales.ok<Json>(
      `query($id: ID!) { deal(id: $id) { stageHistory { from to fromPipelineStage { name } toPipelineStage { name } } } }`,
      { id: deal.id },
    );
    expect(history.stageHistory).toEqual([
      { from: null, to: 'PROPOSAL', fromPipelineStage: null, toPipelineStage: { name: 'Proposal' } },
      {
        from: 'PROPOSAL',
        to: 'PROPOSAL',
        fromPipelineStage: { name: 'Proposal' },
        toPipelineStage: { name: 'Quote sent' },
      },
      {
        from: 'PROPOSAL',
        to: 'CLOSED_LOST',
        fromPipelineStage: { name: 'Quote sent' },
        toPipelineStage: { name: 'Churned' },
      },
    ]);
  });
});

describe('a stage with deals', () => {
  it('cannot be removed (CONFLICT) until moveDealsToStage has moved them; the pipeline keeps its LOST stage', async () => {
    const flow = await createPipeline(graph, 'Flow', [
      ...RENEWAL_STAGES,
      {
        name: 'Parked',
        probability: 5,
        forecastCategory: 'OMITTED',
        kind: 'OPEN',
        legacyStage: 'QUALIFICATION',
      },
    ]);
    const parked = await createDeal(graph, {
      customerId,
      title: 'Parked deal',
      stageId: flow.stageIds.Parked,
    });
    const remove = `mutation($id: ID!) { removePipelineStage(id: $id) { stages { name } } }`;
    expectCode(await admin.fails(remove, { id: flow.stageIds.Parked }), 'CONFLICT');
    expectCode(await admin.fails(remove, { id: flow.stageIds.Churned }), 'BAD_USER_INPUT');
    const move = `mutation($f: ID!, $t: ID!) { moveDealsToStage(fromStageId: $f, toStageId: $t) { moved remaining } }`;
    expectCode(
      await sales.fails(move, { f: flow.stageIds.Parked, t: flow.stageIds['Renewal due'] }),
      'FORBIDDEN',
    );
    expect(
      (await admin.ok<Json>(move, { f: flow.stageIds.Parked, t: flow.stageIds['Renewal due'] }))
        .moveDealsToStage,
    ).toEqual({
      moved: 1,
      remaining: 0,
    });
    const { removePipelineStage } = await admin.ok<Json>(remove, { id: flow.stageIds.Parked });
    expect(removePipelineStage.stages.map((stage: Json) => stage.name)).not.toContain('Parked');
    const { deal } = await sales.ok<Json>(
      `query($id: ID!) { deal(id: $id) { stage pipelineStage { name } } }`,
      { id: parked.id },
    );
    expect(deal).toEqual({ stage: 'PROSPECTING', pipelineStage: { name: 'Renewal due' } });
  });

  it('of the default pipeline counts the deals made before pipelines (null stage) as in it', async () => {
    const qualification = base.stages.find((stage: Json) => stage.legacyStage === 'QUALIFICATION');
    const deal = await createDeal(graph, { customerId, title: 'Old deal', stage: 'QUALIFICATION' });
    // As the migration leaves every existing deal: no configured stage.
    await graph.crm.query(`UPDATE crm.deals SET pipeline_id = NULL, stage_id = NULL WHERE id = $1`, [
      deal.id,
    ]);
    expectCode(
      await admin.fails(`mutation($id: ID!) { removePipelineStage(id: $id) { id } }`, {
        id: qualification.id,
      }),
      'CONFLICT',
    );
    const { deal: read } = await sales.ok<Json>(
      `query($id: ID!) { deal(id: $id) { stage probability pipeline { name } pipelineStage { id } } }`,
      {
        id: deal.id,
      },
    );
    expect(read).toEqual({
      stage: 'QUALIFICATION',
      probability: 0.2,
      pipeline: { name: 'New business' },
      pipelineStage: { id: qualification.id },
    });
    const { deals } = await sales.ok<Json>(
      `query($s: ID!) { deals(filter: { stageId: { eq: $s } }, first: 100) { edges { node { id } } } }`,
      {
        s: qualification.id,
      },
    );
    expect(deals.edges.map(({ node }: Json) => node.id)).toContain(deal.id);
  });
});

describe('probability, lists and analytics follow the configured stages', () => {
  let pipelineId: string;
  beforeAll(async () => {
    ({ id: pipelineId } = await createPipeline(graph, 'Analytics', RENEWAL_STAGES));
    const stages = (
      await admin.ok<Json>(`query($id: ID!) { pipeline(id: $id) { stages { id name } } }`, { id: pipelineId })
    ).pipeline.stages as Json[];
    const id = (name: string) => stages.find((stage) => stage.name === name)!.id;
    await createDeal(graph, {
      customerId,
      title: 'A1',
      amount: '100.01',
      pipelineId,
      stageId: id('Quote sent'),
    });
    await createDeal(graph, {
      customerId,
      title: 'A2',
      amount: '200.00',
      pipelineId,
      stageId: id('Quote sent'),
    });
    await createDeal(graph, {
      customerId,
      title: 'A3',
      amount: '50.00',
      currency: 'USD',
      pipelineId,
      stageId: id('Renewal due'),
    });
  });

  const ANALYTICS = `query($g: [SalesDimension!]!, $f: DealFilter) { salesAnalytics(groupBy: $g, filter: $f) {
    rows { pipelineId pipelineStageId forecastCategory stage currency dealCount amount weightedAmount } } }`;

  it('groups by PIPELINE, PIPELINE_STAGE and FORECAST_CATEGORY, exactly per currency', async () => {
    const { salesAnalytics } = await analyst.ok<Json>(ANALYTICS, {
      g: ['FORECAST_CATEGORY', 'CURRENCY'],
      f: { pipelineId: { eq: pipelineId } },
    });
    expect(
      salesAnalytics.rows.map(({ forecastCategory, currency, dealCount, amount, weightedAmount }: Json) => ({
        forecastCategory,
        currency,
        dealCount,
        amount,
        weightedAmount,
      })),
    ).toEqual([
      // 300.01 × 0.80 = 240.008 → 240.01
      {
        forecastCategory: 'BEST_CASE',
        currency: 'EUR',
        dealCount: 2,
        amount: '300.01',
        weightedAmount: '240.01',
      },
      {
        forecastCategory: 'PIPELINE',
        currency: 'USD',
        dealCount: 1,
        amount: '50.00',
        weightedAmount: '20.00',
      },
    ]);
    const byPipeline = await analyst.ok<Json>(ANALYTICS, {
      g: ['PIPELINE', 'PIPELINE_STAGE'],
      f: { pipelineId: { eq: pipelineId } },
    });
    expect(new Set(byPipeline.salesAnalytics.rows.map((row: Json) => row.pipelineId))).toEqual(
      new Set([pipelineId]),
    );
    expect(byPipeline.salesAnalytics.rows).toHaveLength(2);
  });

  it('filters deals by pipeline and forecast category; a stage’s new probability is the deals’ at once', async () => {
    const list = `query($f: DealFilter) { deals(filter: $f, first: 100) { edges { node { title probability } } } }`;
    const { deals } = await sales.ok<Json>(list, {
      f: { pipelineId: { eq: pipelineId }, forecastCategory: { eq: 'BEST_CASE' } },
    });
    expect(deals.edges.map(({ node }: Json) => node.title).sort()).toEqual(['A1', 'A2']);
    const stages = (
      await admin.ok<Json>(`query($id: ID!) { pipeline(id: $id) { stages { id name } } }`, { id: pipelineId })
    ).pipeline.stages as Json[];
    await admin.ok(`mutation($id: ID!) { updatePipelineStage(id: $id, input: { probability: 70 }) { id } }`, {
      id: stages.find((stage) => stage.name === 'Quote sent')!.id,
    });
    const after = await sales.ok<Json>(list, {
      f: { pipelineId: { eq: pipelineId }, forecastCategory: { in: ['BEST_CASE'] } },
    });
    expect(after.deals.edges.map(({ node }: Json) => node.probability)).toEqual([0.7, 0.7]);
    const { salesAnalytics } = await analyst.ok<Json>(ANALYTICS, {
      g: ['PIPELINE_STAGE'],
      f: { pipelineId: { eq: pipelineId } },
    });
    // 300.01 × 0.70 = 210.007 → 210.01
    expect(salesAnalytics.rows.find((row: Json) => row.currency === 'EUR').weightedAmount).toBe('210.01');
    // The STAGE dimension keeps its meaning: the DealStage.
    const byStage = await analyst.ok<Json>(ANALYTICS, {
      g: ['STAGE'],
      f: { pipelineId: { eq: pipelineId } },
    });
    expect(byStage.salesAnalytics.rows.map((row: Json) => [row.stage, row.currency])).toEqual([
      ['PROPOSAL', 'EUR'],
      ['PROSPECTING', 'USD'],
    ]);
  });
});

describe('a partner user', () => {
  let partner: Awaited<ReturnType<typeof partnerUser>>;
  let own: string;
  let other: string;
  beforeAll(async () => {
    const partnerId = await seedPartner(graph, { name: 'Pipeline Partner', tier: 'GOLD' });
    partner = await partnerUser(graph, partnerId);
    own = (
      await createDeal(graph, {
        customerId,
        title: 'Partner renewal',
        pipelineId: renewal.id,
        stageId: renewal.stageIds['Quote sent'],
      })
    ).id;
    other = (
      await createDeal(graph, {
        customerId,
        title: 'Not theirs',
        pipelineId: renewal.id,
        stageId: renewal.stageIds['Quote sent'],
      })
    ).id;
    await attributeDeal(graph, own, partnerId);
  });

  it('reads the stage name, position and kind of its own deal, and the DealStage as before', async () => {
    const { deal } = await admin.ok<Json>(
      `query($id: ID!) { deal(id: $id) { stage pipelineStage { name position kind } stageHistory { toPipelineStage { name } } } }`,
      { id: own },
      partner,
    );
    expect(deal).toEqual({
      stage: 'PROPOSAL',
      pipelineStage: { name: 'Quote sent', position: 2, kind: 'OPEN' },
      stageHistory: [{ toPipelineStage: { name: 'Quote sent' } }],
    });
  });

  it('never reads a pipeline’s configuration: probability, forecast category, pipelines are FORBIDDEN', async () => {
    for (const query of [
      `query($id: ID!) { deal(id: $id) { pipelineStage { probability } } }`,
      `query($id: ID!) { deal(id: $id) { pipelineStage { forecastCategory } } }`,
      `query($id: ID!) { deal(id: $id) { probability } }`,
      `query($id: ID!) { deal(id: $id) { pipeline { name } } }`,
    ])
      expectCode(await admin.query(query, { id: own }, partner), 'FORBIDDEN');
    expectCode(await admin.query(`{ pipelines { id } }`, {}, partner), 'FORBIDDEN');
    expectCode(
      await admin.query(`query($id: ID!) { pipeline(id: $id) { id } }`, { id: renewal.id }, partner),
      'FORBIDDEN',
    );
    expectCode(
      await admin.query(
        `{ deals(filter: { forecastCategory: { eq: BEST_CASE } }) { totalCount } }`,
        {},
        partner,
      ),
      'FORBIDDEN',
    );
    expectCode(
      await admin.query(
        `{ salesAnalytics(groupBy: [FORECAST_CATEGORY]) { rows { dealCount } } }`,
        {},
        partner,
      ),
      'FORBIDDEN',
    );
  });

  it('never edits pipelines nor moves deals between stages in bulk', async () => {
    for (const [mutation, variables] of [
      [
        `mutation($input: CreatePipelineInput!) { createPipeline(input: $input) { id } }`,
        { input: { name: 'P', stages: RENEWAL_STAGES } },
      ],
      [
        `mutation($id: ID!) { updatePipelineStage(id: $id, input: { probability: 99 }) { id } }`,
        { id: renewal.stageIds['Quote sent'] },
      ],
      [`mutation($id: ID!) { removePipelineStage(id: $id) { id } }`, { id: renewal.stageIds['Renewal due'] }],
      [
        `mutation($f: ID!, $t: ID!) { moveDealsToStage(fromStageId: $f, toStageId: $t) { moved } }`,
        { f: renewal.stageIds['Quote sent'], t: renewal.stageIds['Renewal due'] },
      ],
    ] as const)
      expectCode(await admin.query(mutation, variables, partner), 'FORBIDDEN');
    const [{ n }] = await graph.crm.query(`SELECT count(*)::int AS n FROM crm.deals WHERE stage_id = $1`, [
      renewal.stageIds['Quote sent'],
    ]);
    expect(n).toBeGreaterThanOrEqual(2);
  });

  it('sees only its own deal by stage, in the list and in analytics', async () => {
    const { data } = await admin.query<Json>(
      `query($s: ID!) { deals(filter: { stageId: { eq: $s } }, first: 100) { edges { node { id } } } }`,
      { s: renewal.stageIds['Quote sent'] },
      partner,
    );
    expect(data!.deals.edges.map(({ node }: Json) => node.id)).toEqual([own]);
    const analytics = await admin.query<Json>(
      `{ salesAnalytics(groupBy: [PIPELINE, PIPELINE_STAGE]) { rows { pipelineStageId dealCount } } }`,
      {},
      partner,
    );
    expect(codes(analytics)).toEqual([]);
    expect(analytics.data!.salesAnalytics.rows).toEqual([
      { pipelineStageId: renewal.stageIds['Quote sent'], dealCount: 1 },
    ]);
    expect(other).not.toBe(own);
  });
});
