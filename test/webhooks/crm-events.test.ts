import { signForwardedIdentity, type Identity } from '@sales-graph/shared/auth/identity';
import type { OutboxDispatcher } from '@sales-graph/shared/outbox/outbox';
import { httpCrmClient, type CrmClient } from '../../subgraphs/partners/src/crm';
import { webhookDispatcher, type WebhookDispatcher } from '../../subgraphs/partners/src/webhooks';
import {
  codeOf,
  createCustomer,
  createDeal,
  createLead,
  must,
  partnerWithDeal,
  prmOutbox,
  startTestGraph,
  type TestGraph,
  type PartnerWithDeal,
} from '../support';
import { Receiver } from './receiver';
import { drainEndpoint, endpointCursor, feedEvents, registerEndpoint } from './support';

/**
 * CRM events in webhooks: one endpoint (registered in the PRM) subscribed to `crm.DEAL.*` and
 * `crm.LEAD.*` receives every CRM event exactly once, signed, across a receiver outage; a
 * partner's endpoint never receives another partner's deal nor a direct deal, nor a field a
 * partner may not read; the CRM not answering for a round loses and duplicates nothing (PRM
 * events still flow); a partner cannot subscribe to a CRM type it may not read. Rounds are driven
 * with an injected clock.
 */
let graph: TestGraph;
let outbox: OutboxDispatcher;
let crm: CrmClient;
let clock = Date.now();
const tick = (seconds = 60) => new Date((clock += seconds * 1000));

const REGISTER = `mutation($input: RegisterWebhookEndpointInput!) {
  registerWebhookEndpoint(input: $input) { secret endpoint { id partnerId eventTypes } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(id: $id, input: $input) { id eventTypes } }`;

/** A partner with a deal of its own: its admin user manages the partner's endpoints. */
const side = (name: string): Promise<PartnerWithDeal> => partnerWithDeal(graph, outbox, name);

const register = (receiver: Receiver, eventTypes: string[], identity?: Identity) =>
  registerEndpoint(graph, receiver, eventTypes, identity);

const crmCursorOf = (endpointId: string) => endpointCursor(graph, endpointId, 'crm');

/** CRM feed events of these types after `after`, as [position, id, op]. */
const crmEvents = (after: string, types: string[]) => feedEvents(graph.crm, 'crm', types, after);

const drain = (dispatcher: WebhookDispatcher, endpointId: string) =>
  drainEndpoint(graph, dispatcher, endpointId, () => tick(60));

const dealStage = (id: string, stage: string) =>
  graph.crm.query(`UPDATE crm.deals SET stage = $2 WHERE id = $1`, [id, stage]);
const dealNote = (id: string, n: number) =>
  graph.crm.query(`UPDATE crm.deals SET next_step = $2, owner_id = $3, lost_reason = $4 WHERE id = $1`, [
    id,
    `step ${n}`,
    `rep-${n}`,
    `internal ${n}`,
  ]);

let alpha: PartnerWithDeal;
let beta: PartnerWithDeal;

beforeAll(async () => {
  process.env.OUTBOX_POLL_MS = '0';
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
  outbox = prmOutbox(graph);
  crm = httpCrmClient(() => graph.customers.url);
  alpha = await side('Hook Alpha');
  beta = await side('Hook Beta');
});

afterAll(async () => {
  delete process.env.WEBHOOK_ALLOWED_HOSTS;
  await graph?.stop();
});

describe('an endpoint subscribed to CRM deals and leads', () => {
  const receiver = new Receiver();

  afterAll(() => receiver.down());

  it('gets every CRM event exactly once after a receiver outage, with valid signatures', async () => {
    await receiver.up();
    const dispatcher = webhookDispatcher(graph.prm, {
      pollMs: 0,
      schedule: [1, 2, 4, 8, 16, 32, 64],
      allowedHosts: ['127.0.0.1'],
      random: () => 0.5,
      crm,
      batchSize: 5,
    });
    const endpointId = await register(receiver, ['crm.DEAL.*', 'crm.LEAD.*']);
    const start = await crmCursorOf(endpointId);
    expect(BigInt(start)).toBeGreaterThan(0n);

    const customer = await createCustomer(graph, { name: 'Hook Customer' });
    const deals: string[] = [];
    for (const title of ['Hook Deal 1', 'Hook Deal 2'])
      deals.push((await createDeal(graph, { customerId: customer.id, title })).id);
    const lead = await createLead(graph, { name: 'Hook Lead', customerId: customer.id });
    await dealNote(deals[0], 1);

    receiver.respond = () => 503;
    const round = await dispatcher.dispatchOnce(tick(1));
    expect(round).toMatchObject({ delivered: 0, failed: 1 });
    await receiver.down();
    await dispatcher.dispatchOnce(tick(2));
    for (let n = 2; n < 6; n += 1) await dealNote(deals[n % 2], n);
    await graph.crm.query(`UPDATE crm.leads SET company = 'Renamed Co' WHERE id = $1`, [lead.id]);
    await graph.crm.query(`UPDATE crm.deals SET deleted_at = now() WHERE id = $1`, [deals[1]]);

    await receiver.up();
    let lost = false;
    receiver.respond = () => (lost ? 200 : ((lost = true), 500));
    await drain(dispatcher, endpointId);

    const expected = await crmEvents(start, ['Deal', 'Lead']);
    // 2 deals + 1 lead created, 5 deal updates, 1 lead update, 1 deletion (the customer's are not asked).
    expect(expected.length).toBe(10);
    const accepted = receiver.accepted();
    expect(accepted.map((r) => [r.payload.data.position, r.payload.data.id, r.payload.data.op])).toEqual(
      expected,
    );
    expect(
      accepted.every(
        (r) =>
          r.payload.type ===
          `crm.${(r.payload.data as { recordType: string }).recordType.toUpperCase()}.${r.payload.data.op}`,
      ),
    ).toBe(true);
    expect(accepted.every((r) => (r.payload.data as { feed?: string }).feed === 'crm')).toBe(true);
    expect(receiver.requests.every((r) => r.valid)).toBe(true);
    expect(receiver.requests.length).toBeGreaterThan(expected.length);
    expect(new Set(receiver.requests.map((r) => r.id)).size).toBe(expected.length);
    // ADMIN's endpoint: what changed, as GraphQL fields, internal ones included.
    const update = accepted.find((r) => r.payload.data.op === 'UPDATED' && r.payload.data.id === deals[0])!;
    expect(update.payload.data.changedFields).toEqual(expect.arrayContaining(['nextStep', 'ownerId']));
    // Nothing more comes: a round after the drain queues nothing.
    expect((await dispatcher.dispatchOnce(tick())).queued).toBe(0);
    await must(graph, UPDATE, { id: endpointId, input: { active: false } });
  });
});

describe("a partner's endpoint on CRM events", () => {
  const receiverA = new Receiver();
  const receiverAdmin = new Receiver();

  afterAll(async () => {
    await receiverA.down();
    await receiverAdmin.down();
  });

  it("never receives another partner's deal or a direct deal, nor an internal field", async () => {
    await receiverA.up();
    await receiverAdmin.up();
    const dispatcher = webhookDispatcher(graph.prm, { pollMs: 0, allowedHosts: ['127.0.0.1'], crm });
    const types = ['crm.DEAL.*', 'crm.LEAD.*', 'crm.CUSTOMER.*'];
    const endpointA = await register(receiverA, types, alpha.user);
    const endpointAdmin = await register(receiverAdmin, types);
    const direct = await createCustomer(graph, { name: 'Direct Only Co' });
    const directDeal = (await createDeal(graph, { customerId: direct.id, title: 'Direct deal' })).id;
    await dealNote(alpha.dealId, 10);
    await dealNote(beta.dealId, 10);
    await dispatcher.dispatchOnce(tick());

    // Between rounds: B's deal and direct deals change, and new direct deals appear.
    await dealStage(beta.dealId, 'NEGOTIATION');
    await dealNote(directDeal, 11);
    const directDeal2 = (await createDeal(graph, { customerId: direct.id, title: 'Direct deal 2' })).id;
    await graph.crm.query(`UPDATE crm.customers SET industry = 'Secret' WHERE id = ANY($1::uuid[])`, [
      [beta.customerId, direct.id, alpha.customerId],
    ]);
    await dealNote(alpha.dealId, 12);
    for (let round = 0; round < 3; round += 1) await dispatcher.dispatchOnce(tick());

    const a = receiverA.accepted();
    const all = receiverAdmin.accepted();
    const foreign = new Set([beta.dealId, beta.customerId, directDeal, directDeal2, direct.id]);
    expect(a.length).toBeGreaterThan(0);
    expect(a.some((r) => foreign.has(r.payload.data.id))).toBe(false);
    expect(new Set(a.map((r) => r.payload.data.id))).toEqual(new Set([alpha.dealId, alpha.customerId]));
    // ADMIN's endpoint saw the others: the probe did happen.
    for (const id of foreign) expect(all.some((r) => r.payload.data.id === id)).toBe(true);
    // A partner's field policy: no internal field of a deal, no customer field beyond its name.
    const changed = a.flatMap((r) => r.payload.data.changedFields);
    expect(changed).toEqual(expect.arrayContaining(['nextStep']));
    for (const field of ['ownerId', 'lostReason', 'industry']) expect(changed).not.toContain(field);
    expect(receiverA.requests.every((r) => r.valid)).toBe(true);
    // The deliveries are the partner's, and say so.
    const rows = (await graph.prm.query(
      `SELECT DISTINCT partner_id::text AS p, feed FROM prm.webhook_deliveries WHERE endpoint_id = $1`,
      [endpointA],
    )) as { p: string; feed: string }[];
    expect(rows).toEqual([{ p: alpha.partnerId, feed: 'crm' }]);
    for (const id of [endpointA, endpointAdmin]) await must(graph, UPDATE, { id, input: { active: false } });
  });

  it('cannot subscribe to a CRM type a partner may not read (typed error)', async () => {
    const receiver = new Receiver();
    for (const type of ['crm.CONTACT.*', 'crm.TICKET.CREATED', 'crm.ACTIVITY.*']) {
      const response = await graph.query(
        REGISTER,
        { input: { url: 'http://127.0.0.1:9/hook', eventTypes: ['crm.DEAL.*', type] } },
        alpha.user,
      );
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
    }
    expect(
      codeOf(
        await graph.query(
          REGISTER,
          { input: { url: 'http://127.0.0.1:9/h', eventTypes: ['crm.NOPE.*'] } },
          alpha.user,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    await receiver.up();
    const id = await register(receiver, ['crm.DEAL.*'], alpha.user);
    const response = await graph.query(
      UPDATE,
      { id, input: { eventTypes: ['crm.CONTACT.UPDATED'] } },
      alpha.user,
    );
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    // ADMIN's endpoint may (ADMIN reads contacts).
    await register(receiver, ['crm.CONTACT.*']);
    await receiver.down();
    // No half-written endpoint from the refused ones.
    const [{ n }] = await graph.prm.query(
      `SELECT count(*)::int AS n FROM prm.webhook_endpoints WHERE 'crm.CONTACT.*' = ANY(event_types) AND partner_id IS NOT NULL`,
    );
    expect(n).toBe(0);
  });

  it('the CRM lookup is not on the public graph', async () => {
    const response = await graph.query(
      `{ crmChangesForWebhooks(after: "0", types: [DEAL], limit: 10) { through } }`,
    );
    expect(codeOf(response)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('the CRM lookup answers SERVICE only, even to a gateway-signed identity on the subgraph', async () => {
    for (const identity of [{ sub: 'admin', role: 'ADMIN' as const }, alpha.user]) {
      const response = await fetch(graph.customers.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-sales-graph-identity': await signForwardedIdentity(identity, 'customers'),
        },
        body: JSON.stringify({
          query: `query($p: ID) { crmChangesForWebhooks(after: "0", types: [DEAL], limit: 10, partnerId: $p) { through changes { id } } }`,
          variables: { p: beta.partnerId },
        }),
      });
      const body = (await response.json()) as {
        data?: unknown;
        errors?: { extensions?: { code?: string } }[];
      };
      expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  });
});

describe('the CRM unavailable for a round', () => {
  const receiver = new Receiver();

  afterAll(() => receiver.down());

  it('loses and duplicates nothing; PRM events still flow', async () => {
    await receiver.up();
    let down = false;
    const flaky: Pick<CrmClient, 'webhookChanges'> = {
      webhookChanges: (input) => (down ? Promise.reject(new Error('CRM down')) : crm.webhookChanges!(input)),
    };
    const dispatcher = webhookDispatcher(graph.prm, { pollMs: 0, allowedHosts: ['127.0.0.1'], crm: flaky });
    const endpointId = await register(receiver, ['crm.DEAL.*', 'Partner.UPDATED']);
    const start = await crmCursorOf(endpointId);
    const customer = await createCustomer(graph, { name: 'Flaky Customer' });
    const deal = (await createDeal(graph, { customerId: customer.id, title: 'Flaky deal' })).id;
    await dealNote(deal, 20);

    down = true;
    await graph.prm.query(`UPDATE prm.partners SET region = 'APAC' WHERE id = $1`, [alpha.partnerId]);
    const round = await dispatcher.dispatchOnce(tick());
    // The PRM's event went; the CRM's wait, the CRM cursor did not move.
    expect(round.delivered).toBe(1);
    expect(receiver.accepted().map((r) => r.payload.type)).toEqual(['Partner.UPDATED']);
    expect(await crmCursorOf(endpointId)).toBe(start);
    await dealNote(deal, 21);

    down = false;
    await drain(dispatcher, endpointId);
    const crmAccepted = receiver.accepted().filter((r) => r.payload.type.startsWith('crm.'));
    expect(crmAccepted.map((r) => [r.payload.data.position, r.payload.data.id, r.payload.data.op])).toEqual(
      await crmEvents(start, ['Deal']),
    );
    expect(crmAccepted).toHaveLength(3);
    expect(new Set(receiver.requests.map((r) => r.id)).size).toBe(receiver.requests.length);
    expect(receiver.requests.every((r) => r.valid)).toBe(true);
  });
});
