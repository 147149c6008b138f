import { webhookDispatcher, type WebhookDispatcher } from '../../subgraphs/partners/src/webhooks';
import { must, partnerUser, seedPartner, startTestGraph, type TestGraph } from '../support';
import { manualTimer, turn } from '../support/timer';
import { Receiver } from './receiver';
import { drainEndpoint, endpointCursor, feedEvents, registerEndpoint } from './support';

/**
 * Webhooks through the gateway and a loopback receiver: every event of the change feed reaches an
 * endpoint exactly once (after deduplication by webhook-id) and in order, across an outage of the
 * receiver; a delivery is dead-lettered once its schedule is exhausted and replayable; an endpoint
 * that keeps failing is disabled with its reason, and once reactivated receives what it missed; a
 * partner's endpoint is not served while its partner may not use integrations (suspended, deleted).
 * The dispatcher's rounds are driven with an injected clock: nothing waits for time to pass.
 */
let graph: TestGraph;
let clock = Date.now();
const tick = (seconds: number) => new Date((clock += seconds * 1000));

beforeAll(async () => {
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
  graph = await startTestGraph();
});

afterAll(async () => {
  delete process.env.WEBHOOK_ALLOWED_HOSTS;
  await graph?.stop();
});

const DELIVERIES = `query($id: ID!, $filter: WebhookDeliveryFilter) {
  webhookDeliveries(endpointId: $id, filter: $filter, first: 100) { totalCount edges { node {
    id eventType recordId status attempts lastError responseStatus deliveredAt deadAt feedPosition } } } }`;
const ENDPOINT = `query($id: ID!) { webhookEndpoints(filter: { id: { eq: $id } }) { edges { node {
  id active disabledReason disabledAt consecutiveDeadLetters failingSince lastSuccessAt } } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(id: $id, input: $input) { id active disabledReason } }`;

const register = (receiver: Receiver, eventTypes: string[]) => registerEndpoint(graph, receiver, eventTypes);

const cursorOf = (endpointId: string) => endpointCursor(graph, endpointId, 'prm');

/** Partner events of the feed after `position`, as the receiver should get them. */
const partnerEvents = (after: string) => feedEvents(graph.prm, 'prm', ['Partner'], after);

const touch = (partnerId: string, n: number) =>
  graph.prm.query(`UPDATE prm.partners SET region = $2 WHERE id = $1`, [partnerId, `region-${n}`]);

/** Rounds, a minute apart, until the endpoint has nothing pending and the feed nothing new for it. */
const drain = (dispatcher: WebhookDispatcher, endpointId: string) =>
  drainEndpoint(graph, dispatcher, endpointId, () => tick(60));

describe('delivery across an outage of the receiver', () => {
  const receiver = new Receiver();
  let dispatcher: WebhookDispatcher;
  let endpointId: string;

  beforeAll(async () => {
    await receiver.up();
    dispatcher = webhookDispatcher(graph.prm, {
      pollMs: 0,
      schedule: [1, 2, 4, 8, 16, 32, 64],
      allowedHosts: ['127.0.0.1'],
      random: () => 0.5,
    });
    endpointId = await register(receiver, ['Partner.*']);
  });

  afterAll(async () => {
    await must(graph, UPDATE, { id: endpointId, input: { active: false } });
    await receiver.down();
  });

  it('delivers every event exactly once, in feed order, with valid signatures', async () => {
    const start = await cursorOf(endpointId);
    const partners = [];
    for (const name of ['Outage One', 'Outage Two', 'Outage Three'])
      partners.push(await seedPartner(graph, { name }));
    for (let n = 0; n < 9; n += 1) await touch(partners[n % 3], n);

    // The receiver answers 503: the first delivery fails and holds back the others (order).
    receiver.respond = () => 503;
    let round = await dispatcher.dispatchOnce(tick(1));
    expect(round).toMatchObject({ queued: 12, delivered: 0, failed: 1 });
    expect(receiver.requests).toHaveLength(1);

    // Then it is down (connection refused), while more changes happen.
    await receiver.down();
    round = await dispatcher.dispatchOnce(tick(2));
    expect(round).toMatchObject({ delivered: 0, failed: 1 });
    for (let n = 9; n < 15; n += 1) await touch(partners[n % 3], n);
    await graph.prm.query(`UPDATE prm.partners SET deleted_at = now() WHERE id = $1`, [partners[2]]);

    // Up again; its first answer after processing is lost (a 500 after it handled the event), so
    // the dispatcher sends that one again: the receiver deduplicates by webhook-id.
    await receiver.up();
    let lost = false;
    receiver.respond = () => (lost ? 200 : ((lost = true), 500));
    await drain(dispatcher, endpointId);

    const expected = await partnerEvents(start);
    expect(expected.length).toBe(3 + 15 + 1);
    expect(expected.at(-1)).toEqual([expect.any(String), partners[2], 'DELETED']);
    const accepted = receiver.accepted();
    expect(accepted.map((r) => [r.payload.data.position, r.payload.data.id, r.payload.data.op])).toEqual(
      expected,
    );
    expect(accepted.every((r) => r.payload.type === `Partner.${r.payload.data.op}`)).toBe(true);
    expect(receiver.requests.every((r) => r.valid)).toBe(true);
    // Retries carried the same webhook-id: more requests than events, one acceptance each.
    expect(receiver.requests.length).toBeGreaterThan(expected.length);
    expect(new Set(receiver.requests.map((r) => r.id)).size).toBe(expected.length);
    // Updates say what changed (SQL columns as GraphQL fields).
    expect(
      accepted
        .filter((r) => r.payload.data.op === 'UPDATED')
        .every((r) => r.payload.data.changedFields.includes('region')),
    ).toBe(true);

    const log = await must(graph, DELIVERIES, { id: endpointId });
    expect(log.webhookDeliveries.totalCount).toBe(expected.length);
    const nodes = log.webhookDeliveries.edges.map((edge: { node: Record<string, unknown> }) => edge.node);
    expect(nodes.map((node: { id: string }) => node.id)).toEqual(accepted.map((r) => r.id));
    expect(nodes.every((node: { status: string }) => node.status === 'DELIVERED')).toBe(true);
    // The first one: 503, connection refused, a lost 500, then accepted.
    expect(nodes[0]).toMatchObject({ attempts: 4, responseStatus: 200, lastError: null });
    const endpoint = (await must(graph, ENDPOINT, { id: endpointId })).webhookEndpoints.edges[0].node;
    expect(endpoint).toMatchObject({ active: true, failingSince: null, consecutiveDeadLetters: 0 });
    expect(endpoint.lastSuccessAt).not.toBeNull();
  });
});

describe('two dispatchers at once (two replicas)', () => {
  const receiver = new Receiver();

  afterAll(() => receiver.down());

  it('share the endpoints through their leases: every event is sent once, in order', async () => {
    await receiver.up();
    const endpointId = await register(receiver, ['Partner.UPDATED']);
    const start = await cursorOf(endpointId);
    const partnerId = await seedPartner(graph, { name: 'Replica Partner' });
    for (let n = 0; n < 20; n += 1) await touch(partnerId, 200 + n);
    const options = { pollMs: 0, allowedHosts: ['127.0.0.1'] };
    const [one, two] = [webhookDispatcher(graph.prm, options), webhookDispatcher(graph.prm, options)];
    const now = tick(1);
    const rounds = await Promise.all([one.dispatchOnce(now), two.dispatchOnce(now)]);
    // One of them held the endpoint; the other skipped it.
    expect(rounds.map((round) => round.delivered).sort()).toEqual([0, 20]);
    const expected = (await partnerEvents(start)).filter(([, , op]) => op === 'UPDATED');
    expect(
      receiver.requests.map((r) => [r.payload.data.position, r.payload.data.id, r.payload.data.op]),
    ).toEqual(expected);
    expect(receiver.requests.every((r) => r.valid)).toBe(true);
    await must(graph, UPDATE, { id: endpointId, input: { active: false } });
  });
});

describe('dead letters, replay and disabling', () => {
  const receiver = new Receiver();
  let dispatcher: WebhookDispatcher;
  let endpointId: string;
  let partnerId: string;

  beforeAll(async () => {
    await receiver.up();
    // Three attempts (the first, then after 1 s and 1 s), then a dead letter; disabled after two.
    dispatcher = webhookDispatcher(graph.prm, {
      pollMs: 0,
      schedule: [1, 1],
      allowedHosts: ['127.0.0.1'],
      random: () => 0,
      disable: { deadLetters: 2, failingDays: 5 },
    });
    partnerId = await seedPartner(graph, { name: 'Dead Letter Partner' });
    endpointId = await register(receiver, ['Partner.UPDATED']);
  });

  afterAll(() => receiver.down());

  it('dead-letters a delivery once its schedule is exhausted, and replays it under the same webhook-id', async () => {
    receiver.respond = () => 500;
    await touch(partnerId, 100);
    expect(await dispatcher.dispatchOnce(tick(1))).toMatchObject({ queued: 1, failed: 1, dead: 0 });
    // Not due yet: nothing is sent before its wait is over.
    expect(await dispatcher.dispatchOnce(tick(0.5))).toMatchObject({ failed: 0 });
    expect(await dispatcher.dispatchOnce(tick(1))).toMatchObject({ failed: 1, dead: 0 });
    expect(await dispatcher.dispatchOnce(tick(1))).toMatchObject({ failed: 1, dead: 1, disabled: 0 });
    expect(receiver.requests).toHaveLength(3);

    const dead = (await must(graph, DELIVERIES, { id: endpointId, filter: { status: { eq: 'DEAD' } } }))
      .webhookDeliveries;
    expect(dead.totalCount).toBe(1);
    const letter = dead.edges[0].node;
    expect(letter).toMatchObject({ status: 'DEAD', attempts: 3, responseStatus: 500, recordId: partnerId });
    expect(letter.lastError).toMatch(/HTTP 500/);
    expect(letter.deadAt).not.toBeNull();
    expect(await dispatcher.dispatchOnce(tick(3600))).toMatchObject({ failed: 0 });
    expect(receiver.requests).toHaveLength(3);

    receiver.respond = () => 200;
    const { replayWebhookDelivery } = await must(
      graph,
      `mutation($id: ID!) { replayWebhookDelivery(id: $id) { id status attempts } }`,
      { id: letter.id },
    );
    expect(replayWebhookDelivery).toMatchObject({ id: letter.id, status: 'PENDING', attempts: 0 });
    expect(await dispatcher.dispatchOnce(tick(1))).toMatchObject({ delivered: 1 });
    expect(receiver.accepted().map((r) => r.id)).toEqual([letter.id]);
    expect(receiver.requests.every((r) => r.valid)).toBe(true);
    // Only a dead letter is replayed.
    const again = await graph.query(`mutation($id: ID!) { replayWebhookDelivery(id: $id) { id } }`, {
      id: letter.id,
    });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('disables an endpoint after consecutive dead letters, with the reason; reactivated, it gets what it missed', async () => {
    receiver.respond = () => 500;
    await touch(partnerId, 101);
    await touch(partnerId, 102);
    let dead = 0;
    let disabled = 0;
    for (let round = 0; round < 10 && disabled === 0; round += 1) {
      const result = await dispatcher.dispatchOnce(tick(2));
      dead += result.dead;
      disabled += result.disabled;
    }
    expect({ dead, disabled }).toEqual({ dead: 2, disabled: 1 });
    const endpoint = (await must(graph, ENDPOINT, { id: endpointId })).webhookEndpoints.edges[0].node;
    expect(endpoint).toMatchObject({ active: false, consecutiveDeadLetters: 2 });
    expect(endpoint.disabledReason).toBe('2 consecutive deliveries dead-lettered');
    expect(endpoint.disabledAt).not.toBeNull();

    // Disabled: changes meanwhile are not sent (and not lost).
    const sent = receiver.requests.length;
    await touch(partnerId, 103);
    expect(await dispatcher.dispatchOnce(tick(60))).toMatchObject({ endpoints: 0 });
    expect(receiver.requests).toHaveLength(sent);

    receiver.respond = () => 200;
    const { updateWebhookEndpoint } = await must(graph, UPDATE, { id: endpointId, input: { active: true } });
    expect(updateWebhookEndpoint).toEqual({ id: endpointId, active: true, disabledReason: null });
    await drain(dispatcher, endpointId);
    const last = receiver.accepted().at(-1)!;
    expect(last.payload.data).toMatchObject({ id: partnerId, op: 'UPDATED', changedFields: ['region'] });
    const regions = await graph.prm.query(`SELECT region FROM prm.partners WHERE id = $1`, [partnerId]);
    expect(regions[0].region).toBe('region-103');
  });
});

describe('the poll loop (PeriodicRounds, driven by a manual timer)', () => {
  const receiver = new Receiver();
  const manual = manualTimer();
  let dispatcher: WebhookDispatcher;
  let endpointId: string;

  beforeAll(async () => {
    await receiver.up();
    dispatcher = webhookDispatcher(graph.prm, {
      pollMs: 1_000,
      timer: manual.timer,
      clock: () => tick(1),
      batchSize: 2,
      allowedHosts: ['127.0.0.1'],
    });
    endpointId = await register(receiver, ['Partner.*']);
  });

  afterAll(async () => {
    await dispatcher.stop();
    await must(graph, UPDATE, { id: endpointId, input: { active: false } });
    await receiver.down();
  });

  it('waits pollMs between rounds, but starts the next at once while a round stopped at a limit', async () => {
    const start = await cursorOf(endpointId);
    const partnerId = await seedPartner(graph, { name: 'Loop Partner' });
    for (let n = 0; n < 4; n += 1) await touch(partnerId, 200 + n);
    const expected = await partnerEvents(start);
    expect(expected.length).toBe(5);

    dispatcher.start();
    expect(dispatcher.running).toBe(true);
    expect(manual.pendingMs()).toEqual([1_000]);
    // Two feed events per round (batchSize 2): a full batch means more is waiting, so no pause.
    const waits: number[][] = [];
    let round = await turn(manual, dispatcher);
    waits.push(manual.pendingMs());
    for (let n = 0; round.more && n < 10; n += 1) {
      round = await turn(manual, dispatcher);
      waits.push(manual.pendingMs());
    }
    expect(round.more).toBe(false);
    expect(waits.slice(0, -1).every((pending) => pending[0] === 0)).toBe(true);
    expect(waits.length).toBeGreaterThan(1);
    expect(waits.at(-1)).toEqual([1_000]);
    const received = receiver.accepted().map((request) => request.payload.data.position);
    expect(received).toEqual(expected.map(([position]) => position));

    await dispatcher.stop();
    expect(dispatcher.running).toBe(false);
    expect(manual.pendingMs()).toEqual([]);
  });
});

describe("a partner's endpoint while its partner may not use integrations", () => {
  const receiver = new Receiver();
  let dispatcher: WebhookDispatcher;
  let partnerId: string;
  let endpointId: string;

  beforeAll(async () => {
    await receiver.up();
    dispatcher = webhookDispatcher(graph.prm, { pollMs: 0, allowedHosts: ['127.0.0.1'] });
    partnerId = await seedPartner(graph, { name: 'Lapsing Partner' });
    endpointId = await registerEndpoint(graph, receiver, ['Partner.*'], await partnerUser(graph, partnerId));
  });

  afterAll(async () => {
    await graph.prm.query(`UPDATE prm.webhook_endpoints SET active = false WHERE id = $1`, [endpointId]);
    await receiver.down();
  });

  /** Whether a round serves the endpoint: its partner changed, and its cursor moves past that. */
  const served = async () => {
    const before = await cursorOf(endpointId);
    await touch(partnerId, Math.round(clock / 1000));
    expect((await partnerEvents(before)).length).toBeGreaterThan(0);
    await dispatcher.dispatchOnce(tick(60));
    return (await cursorOf(endpointId)) !== before;
  };
  const setPartner = (set: string) =>
    graph.prm.query(`UPDATE prm.partners SET ${set} WHERE id = $1`, [partnerId]);

  it('is claimed while its partner is ACTIVE or ONBOARDING, live; not while SUSPENDED or deleted', async () => {
    expect(await served()).toBe(true);
    await setPartner(`status = 'ONBOARDING'`);
    expect(await served()).toBe(true);
    await setPartner(`status = 'SUSPENDED'`);
    const accepted = receiver.accepted().length;
    expect(await served()).toBe(false);
    expect(await served()).toBe(false);
    expect(receiver.accepted()).toHaveLength(accepted);
    // Active again: it gets what happened meanwhile, in order.
    const waiting = await cursorOf(endpointId);
    await setPartner(`status = 'ACTIVE'`);
    await drain(dispatcher, endpointId);
    const missed = await partnerEvents(waiting);
    expect(
      receiver
        .accepted()
        .slice(accepted)
        .map((r) => r.payload.data.position),
    ).toEqual(missed.filter(([, id]) => id === partnerId).map(([position]) => position));
    // Deleted (whatever its status): never claimed again.
    await setPartner(`deleted_at = now()`);
    expect(await served()).toBe(false);
  });
});
