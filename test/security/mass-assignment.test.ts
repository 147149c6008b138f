import { isInputObjectType } from 'graphql';
import { clientSchema } from '../support/string-inputs';
import { startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * Inputs carry only what the caller may set: a record's lifecycle (status, tier, approval, score)
 * moves only through its transitions, never by naming it on create or update.
 */
let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph?.stop();
});

test('createPartner with status or tier is a validation error, and writes nothing', async () => {
  for (const field of ['status: ACTIVE', 'tier: PLATINUM', 'status: ACTIVE, tier: PLATINUM']) {
    const response = await graph.query(
      `mutation { createPartner(input: { name: "Shortcut", type: RESELLER, ${field} }) { id status tier } }`,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.data ?? null).toBeNull();
  }
  const viaVariables = await graph.query(
    `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { id } }`,
    {
      input: { name: 'Shortcut', type: 'RESELLER', status: 'ACTIVE', tier: 'PLATINUM' },
    },
  );
  expect(viaVariables.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  const [{ count }] = await graph.prm.query(`SELECT count(*)::int AS count FROM prm.partners`);
  expect(count).toBe(0);
});

test('a new partner starts at the beginning of onboarding: APPLIED, REGISTERED', async () => {
  const created = await graph.query<{ createPartner: { status: string; tier: string } }>(
    `mutation { createPartner(input: { name: "Fabrikam", type: MSP }) { status tier } }`,
  );
  expect(created.data?.createPartner).toEqual({ status: 'APPLIED', tier: 'REGISTERED' });
});

/**
 * Lifecycle-looking input fields that are no shortcut, each for a stated reason; a new one fails
 * this test until it is either removed or argued for here.
 */
const ALLOWED_LIFECYCLE_INPUTS: Record<string, string> = {
  'CreateDealInput.stage': 'a deal may be recorded at any stage; the stage-move rules and history apply',
  'CreateLeadInput.status':
    'initial statuses only (assertInitialStatus); the rest through updateLeadStatus/convertLead',
  'CreateLeadInput.score': 'deprecated and ignored: the score is computed by the scoring rules',
  'CreateCustomerInput.lifecycleStage': 'set by sales; no transition exists for it',
  'UpdateCustomerInput.lifecycleStage': 'set by sales; no transition exists for it',
  'ReviewMdfRequestInput.approve': 'the review transition itself',
  'SetCommissionPlanInput.tier': 'names the tier a plan is for',
  'SetTierRuleInput.tier': 'names the tier a rule is for',
  'CreateDistributionRuleInput.minTier': 'a rule setting',
  'UpdateDistributionRuleInput.minTier': 'a rule setting',
  'AutomationTriggerInput.toStage': 'a trigger setting',
  'PipelineStageInput.probability':
    "a pipeline stage's setting (ADMIN only; 0-100, WON 100, LOST 0), not a deal's: deals take it from their stage",
  'UpdatePipelineStageInput.probability':
    "a pipeline stage's setting (ADMIN only; 0-100, WON 100, LOST 0), not a deal's: deals take it from their stage",
  'PartnerDealUpdateInput.stage':
    'a forward move up to NEGOTIATION only (planPartnerStageMove), through the one stage-move path and its history',
};
const LIFECYCLE =
  /^(status|tier|stage|lifecycleStage|score|probability|approved\w*|approve|state|minTier|toStage)$/;

test('no input type (filters aside) carries a lifecycle field without a stated reason', () => {
  const found: string[] = [];
  for (const type of Object.values(clientSchema().getTypeMap())) {
    if (!isInputObjectType(type) || /Filter$/.test(type.name)) continue;
    for (const field of Object.keys(type.getFields())) {
      if (LIFECYCLE.test(field) && !ALLOWED_LIFECYCLE_INPUTS[`${type.name}.${field}`]) {
        found.push(`${type.name}.${field}`);
      }
    }
  }
  expect(found).toEqual([]);
});
