import { as, createCustomer, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/** Every mutation records who, what, when, and the record before and after; ADMIN reads it. */
let graph: TestGraph;
const { sales, channelManager: channel } = as;

beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph?.stop();
});

interface Entry {
  action: string;
  recordType: string;
  recordId: string | null;
  actorSub: string;
  actorRole: string;
  requestId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changedFields: string[];
}
const LOG = (field: string) => `query($type: String, $id: ID) {
  ${field}(first: 50, recordType: $type, recordId: $id) {
    totalCount edges { node { action recordType recordId actorSub actorRole requestId before after changedFields } }
  }
}`;

async function log(field: 'crmAuditLog' | 'prmAuditLog', type?: string, id?: string): Promise<Entry[]> {
  const r = await graph.query<Record<string, { edges: { node: Entry }[] }>>(LOG(field), { type, id });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data![field].edges.map((edge) => edge.node);
}

test('a deal created and moved by a sales rep, then attributed by a channel manager, is on record', async () => {
  const customer = await createCustomer(graph, 'Audited', sales);
  const deal = await graph.query<{ createDeal: { id: string } }>(
    `mutation($c: ID!) { createDeal(input: { customerId: $c, title: "Audited deal", amount: "100", currency: "EUR" }) { id } }`,
    { c: customer.id },
    sales,
  );
  const dealId = deal.data!.createDeal.id;
  await graph.query(
    `mutation($id: ID!) { moveDealStage(id: $id, stage: PROPOSAL) { id } }`,
    { id: dealId },
    sales,
  );

  const entries = await log('crmAuditLog', 'Deal', dealId);
  expect(entries.map((e) => e.action)).toEqual(['UPDATE', 'CREATE']);
  const [moved, created] = entries;
  expect(created).toMatchObject({
    actorSub: sales.sub,
    actorRole: 'SALES',
    recordId: dealId,
    before: null,
  });
  expect(created.after).toMatchObject({ title: 'Audited deal', amount: '100.00', stage: 'PROSPECTING' });
  expect(moved.before).toMatchObject({ stage: 'PROSPECTING' });
  expect(moved.after).toMatchObject({ stage: 'PROPOSAL' });
  // The configured stage moves with the DealStage (pipelines: a deal's stage is a pipeline stage).
  expect(moved.changedFields).toEqual(['stage', 'stageId']);
  expect(moved.requestId).toEqual(expect.any(String));

  const partner = await graph.query<{ createPartner: { id: string } }>(
    `mutation { createPartner(input: { name: "Audit Partner", type: MSP }) { id } }`,
    {},
    channel,
  );
  await graph.query(
    `mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`,
    { d: dealId, p: partner.data!.createPartner.id },
    channel,
  );
  const prm = await log('prmAuditLog', 'DealAttribution');
  expect(prm).toHaveLength(1);
  expect(prm[0]).toMatchObject({ action: 'CREATE', actorSub: channel.sub, actorRole: 'CHANNEL_MANAGER' });
  expect(prm[0].after).toMatchObject({ dealId, partnerId: partner.data!.createPartner.id });
});

test('a refused mutation leaves no trace', async () => {
  const before = (await log('crmAuditLog')).length;
  const r = await graph.query(`mutation { createCustomer(input: { name: "" }) { id } }`, {}, sales);
  expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(await log('crmAuditLog')).toHaveLength(before);
});

test('only ADMIN reads the audit logs', async () => {
  for (const identity of [sales, channel, as.analyst]) {
    for (const field of ['crmAuditLog', 'prmAuditLog']) {
      const r = await graph.query(LOG(field), {}, identity);
      expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  }
});
