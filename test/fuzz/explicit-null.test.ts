import { createCustomer, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * Found by the fuzz suite: an input field with a default (`enabled: Boolean = true`) also takes
 * an explicit `null`. That null must mean the default, not a half-made record: today
 * `createDistributionRule` saves the rule and answers INTERNAL_SERVER_ERROR (`enabled` is null in
 * its answer), so a client that retries creates it twice.
 */
let graph: TestGraph;
let customerId: string;

beforeAll(async () => {
  graph = await startTestGraph();
  customerId = (await createCustomer(graph, 'Null Defaults Ltd')).id;
});
afterAll(async () => {
  await graph?.stop();
});

test.each([
  [
    'createDistributionRule',
    `mutation { createDistributionRule(input: { name: "Null rule", priority: 5, enabled: null, responseSlaHours: 24, maxOpenOffersPerPartner: 3 }) { enabled } }`,
    { enabled: true },
  ],
  [
    'createAutomationRule',
    `mutation { createAutomationRule(input: { name: "Null automation", enabled: null, trigger: { type: LEAD_CREATED }, action: { type: CREATE_TASK, subject: "Call" } }) { enabled } }`,
    { enabled: true },
  ],
  [
    'createCustomer',
    `mutation { createCustomer(input: { name: "Null Stage Ltd", lifecycleStage: null, allowDuplicate: null }) { lifecycleStage } }`,
    { lifecycleStage: 'PROSPECT' },
  ],
  [
    'createLead',
    `mutation { createLead(input: { name: "Null Lead", source: EVENT, status: null }) { status } }`,
    { status: 'NEW' },
  ],
  [
    'createDeal',
    `mutation($c: ID!) { createDeal(input: { customerId: $c, title: "Null deal", amount: "10.00", currency: "EUR", stage: null }) { stage } }`,
    { stage: 'PROSPECTING' },
  ],
  [
    'openTicket',
    `mutation($c: ID!) { openTicket(input: { customerId: $c, subject: "Null priority", priority: null }) { priority } }`,
    { priority: 'MEDIUM' },
  ],
])('%s: an explicit null is the default', async (field, mutation, expected) => {
  const response = await graph.query(mutation, { c: customerId });
  expect(response.errors).toBeUndefined();
  expect(response.data).toEqual({ [field]: expected });
});
