import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { webhookDispatcher, type WebhookDispatcher } from '../../subgraphs/partners/src/webhooks';
import {
  as,
  codeOf,
  must,
  partnerUser,
  registerDeal,
  seedPartner,
  startTestGraph,
  type TestGraph,
} from '../support';
import { Receiver } from './receiver';

/**
 * Webhooks as an attacker sees them: a partner's endpoint never carries another partner's record,
 * nor a field a partner may not read, whatever event types it asks for; a partner admin manages
 * only its own partner's endpoints (others read as missing) and no one else manages any; and
 * outbound calls never reach a private, loopback or link-local address (at registration and at
 * delivery), nor follow a redirect.
 */
let graph: TestGraph;
let clock = Date.now();
const tick = (seconds = 60) => new Date((clock += seconds * 1000));

const REGISTER = `mutation($input: RegisterWebhookEndpointInput!) {
  registerWebhookEndpoint(input: $input) { secret endpoint { id partnerId eventTypes } } }`;
const LIST = `{ webhookEndpoints(first: 100) { edges { node { id partnerId } } } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(endpointId: $id, first: 100) { edges { node { id recordId status } } } }`;

beforeAll(async () => {
  graph = await startTestGraph();
});

afterAll(() => graph?.stop());

describe("a partner's endpoint", () => {
  const receiverA = new Receiver();
  const receiverB = new Receiver();
  const receiverAdmin = new Receiver();
  let dispatcher: WebhookDispatcher;
  let partnerA: string;
  let partnerB: string;
  let adminA: Identity;
  let adminB: Identity;
  let memberA: Identity;
  let endpointA: string;
  let endpointB: string;

  beforeAll(async () => {
    process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
    for (const receiver of [receiverA, receiverB, receiverAdmin]) await receiver.up();
    dispatcher = webhookDispatcher(graph.prm, { pollMs: 0, allowedHosts: ['127.0.0.1'] });
    partnerA = await seedPartner(graph, { name: 'Isolation Partner A' });
    partnerB = await seedPartner(graph, { name: 'Isolation Partner B' });
    adminA = await partnerUser(graph, partnerA);
    adminB = await partnerUser(graph, partnerB);
    memberA = await partnerUser(graph, partnerA, { role: 'MEMBER' });
    // Every type a partner may subscribe to: the probe is whether anything of B's slips through.
    const everything = ['Partner.*', 'DealRegistration.*', 'LeadOffer.*'];
    const a = await must(graph, REGISTER, { input: { url: receiverA.url, eventTypes: everything } }, adminA);
    receiverA.secret = a.registerWebhookEndpoint.secret;
    endpointA = a.registerWebhookEndpoint.endpoint.id;
    expect(a.registerWebhookEndpoint.endpoint.partnerId).toBe(partnerA);
    const b = await must(graph, REGISTER, { input: { url: receiverB.url, eventTypes: everything } }, adminB);
    receiverB.secret = b.registerWebhookEndpoint.secret;
    endpointB = b.registerWebhookEndpoint.endpoint.id;
    const admin = await must(graph, REGISTER, { input: { url: receiverAdmin.url, eventTypes: everything } });
    receiverAdmin.secret = admin.registerWebhookEndpoint.secret;
    expect(admin.registerWebhookEndpoint.endpoint.partnerId).toBeNull();
  });

  afterAll(async () => {
    delete process.env.WEBHOOK_ALLOWED_HOSTS;
    for (const receiver of [receiverA, receiverB, receiverAdmin]) await receiver.down();
  });

  it("receives only its partner's records, with only the fields a partner may read", async () => {
    const regA = await registerDeal(
      graph,
      { prospectCompanyName: 'Hook Prospect A', products: ['Platform'] },
      adminA,
    );
    const regB = await registerDeal(
      graph,
      { prospectCompanyName: 'Hook Prospect B', products: ['Platform'] },
      adminB,
    );
    // Staff work on both partners' records: internal fields (reviewer) change.
    for (const id of [regA.id, regB.id])
      await must(
        graph,
        `mutation($id: ID!) { startDealRegistrationReview(id: $id) { id } }`,
        { id },
        as.channelManager,
      );
    await graph.prm.query(`UPDATE prm.partners SET region = 'EMEA' WHERE id = ANY($1::uuid[])`, [
      [partnerA, partnerB],
    ]);
    // More of B's changes: none may reach A.
    await graph.prm.query(`UPDATE prm.partners SET name = name || ' (renamed)' WHERE id = $1`, [partnerB]);
    for (let round = 0; round < 5; round += 1) await dispatcher.dispatchOnce(tick());

    const a = receiverA.accepted();
    const b = receiverB.accepted();
    const all = receiverAdmin.accepted();
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    const idsA = new Set([partnerA, regA.id]);
    const idsB = new Set([partnerB, regB.id]);
    expect(a.filter((r) => !idsA.has(r.payload.data.id))).toEqual([]);
    expect(b.filter((r) => !idsB.has(r.payload.data.id))).toEqual([]);
    expect(a.some((r) => r.payload.data.id === regA.id && r.payload.data.op === 'CREATED')).toBe(true);
    expect(
      a.some((r) => r.payload.data.id === partnerA && r.payload.data.changedFields.includes('region')),
    ).toBe(true);
    // ADMIN's endpoint gets both partners' records, internal fields included.
    const allIds = new Set(all.map((r) => r.payload.data.id));
    for (const id of [partnerA, partnerB, regA.id, regB.id]) expect(allIds.has(id)).toBe(true);
    const internal = [
      'reviewedBy',
      'approvedBy',
      'decidedBy',
      'extendedBy',
      'crmConflictCheck',
      'overriddenDealIds',
      'overrideReason',
      'createdBy',
      'updatedBy',
    ];
    const adminFields = all.flatMap((r) => r.payload.data.changedFields);
    expect(adminFields).toContain('reviewedBy');
    for (const receiver of [receiverA, receiverB]) {
      const fields = receiver.accepted().flatMap((r) => r.payload.data.changedFields);
      expect(fields.filter((field) => internal.includes(field))).toEqual([]);
      expect(receiver.requests.every((r) => r.valid)).toBe(true);
    }
    // The bodies carry ids and field names, never another partner's id anywhere.
    expect(a.filter((r) => r.body.includes(partnerB) || r.body.includes(regB.id))).toEqual([]);
    expect(b.filter((r) => r.body.includes(partnerA) || r.body.includes(regA.id))).toEqual([]);
  });

  it("is managed only by its partner's admin (others read it as missing) and by ADMIN", async () => {
    // Registering for another partner.
    const forB = await graph.query(
      REGISTER,
      { input: { url: receiverA.url, eventTypes: ['Partner.*'], partnerId: partnerB } },
      adminA,
    );
    expect(codeOf(forB)).toBe('FORBIDDEN');
    // Lists: its own only.
    const listA = await must(graph, LIST, {}, adminA);
    expect(
      listA.webhookEndpoints.edges.map((e: { node: { partnerId: string } }) => e.node.partnerId),
    ).toEqual([partnerA]);
    const listAdmin = await must(graph, LIST);
    expect(listAdmin.webhookEndpoints.edges.length).toBeGreaterThanOrEqual(3);
    // Incremental sync order (UPDATED_AT, newest first): the stored order, and still its own only.
    const BY_UPDATED = `{ webhookEndpoints(first: 100, orderBy: { field: UPDATED_AT, direction: DESC }) {
      edges { node { id partnerId } } } }`;
    const stored = (await graph.prm.query(
      `SELECT id FROM prm.webhook_endpoints WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC`,
    )) as { id: string }[];
    expect(
      (await must(graph, BY_UPDATED)).webhookEndpoints.edges.map((e: { node: { id: string } }) => e.node.id),
    ).toEqual(stored.map((row) => row.id));
    expect(
      (await must(graph, BY_UPDATED, {}, adminA)).webhookEndpoints.edges.map(
        (e: { node: { partnerId: string } }) => e.node.partnerId,
      ),
    ).toEqual([partnerA]);
    // Another partner's endpoint and deliveries: NOT_FOUND, for reading, changing, deleting, replaying.
    expect(codeOf(await graph.query(DELIVERIES, { id: endpointB }, adminA))).toBe('NOT_FOUND');
    const deliveryB = (await must(graph, DELIVERIES, { id: endpointB }, adminB)).webhookDeliveries.edges[0]
      .node.id;
    await graph.prm.query(`UPDATE prm.webhook_deliveries SET status = 'DEAD' WHERE id = $1`, [deliveryB]);
    expect(
      codeOf(
        await graph.query(
          `mutation($id: ID!) { replayWebhookDelivery(id: $id) { id } }`,
          { id: deliveryB },
          adminA,
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      codeOf(
        await graph.query(
          `mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { url: "http://127.0.0.1:1/x" }) { id } }`,
          { id: endpointB },
          adminA,
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      codeOf(
        await graph.query(
          `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }`,
          { id: endpointB },
          adminA,
        ),
      ),
    ).toBe('NOT_FOUND');
    const stillB = await graph.prm.query(`SELECT url, deleted_at FROM prm.webhook_endpoints WHERE id = $1`, [
      endpointB,
    ]);
    expect(stillB[0]).toEqual({ url: receiverB.url, deleted_at: null });
    // A partner user who is not its partner's admin, and staff other than ADMIN: FORBIDDEN.
    for (const identity of [memberA, as.sales, as.channelManager, as.analyst, as.support, as.marketing]) {
      expect(codeOf(await graph.query(LIST, {}, identity))).toBe('FORBIDDEN');
      expect(
        codeOf(
          await graph.query(REGISTER, { input: { url: receiverA.url, eventTypes: ['Partner.*'] } }, identity),
        ),
      ).toBe('FORBIDDEN');
    }
    expect(codeOf(await graph.query(DELIVERIES, { id: endpointA }, memberA))).toBe('FORBIDDEN');
    // Its own: it may deactivate and delete it.
    const off = await must(
      graph,
      `mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { active: false }) { active } }`,
      { id: endpointA },
      adminA,
    );
    expect(off.updateWebhookEndpoint.active).toBe(false);
    await must(
      graph,
      `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }`,
      { id: endpointA },
      adminA,
    );
    expect((await must(graph, LIST, {}, adminA)).webhookEndpoints.edges).toEqual([]);
  });

  it('refuses event types a partner may not read, unknown types and malformed secrets', async () => {
    for (const eventTypes of [['Customer.*'], ['Partner.EXPLODED'], [], ['*']]) {
      const response = await graph.query(REGISTER, { input: { url: receiverA.url, eventTypes } }, adminB);
      expect([eventTypes, codeOf(response)]).toEqual([eventTypes, 'BAD_USER_INPUT']);
    }
    const badSecret = await graph.query(REGISTER, {
      input: { url: receiverA.url, eventTypes: ['Partner.*'], secret: 'whsec_short' },
    });
    expect(codeOf(badSecret)).toBe('BAD_USER_INPUT');
    const own = await must(graph, REGISTER, {
      input: {
        url: receiverA.url,
        eventTypes: ['Partner.*'],
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      },
    });
    expect(own.registerWebhookEndpoint.secret).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    // The secret is shown once: in no audit entry, no field.
    const audit = await graph.prm.query(
      `SELECT count(*)::int AS n FROM prm.audit_log WHERE after::text LIKE '%whsec_%' OR before::text LIKE '%whsec_%'`,
    );
    expect(audit[0].n).toBe(0);
    await must(graph, `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }`, {
      id: own.registerWebhookEndpoint.endpoint.id,
    });
  });
});

describe('outbound calls (SSRF)', () => {
  let hits = 0;
  let target: Server;
  let targetUrl: string;

  beforeAll(async () => {
    // A loopback service an attacker wants the dispatcher to reach.
    target = createServer((_req, res) => {
      hits += 1;
      res.end('secret');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/internal`;
  });

  afterAll(() => new Promise<void>((resolve) => target.close(() => resolve())));

  it('refuses private, loopback, link-local and multicast URLs at registration without an allow-list', async () => {
    delete process.env.WEBHOOK_ALLOWED_HOSTS;
    for (const url of [
      targetUrl,
      'http://10.0.0.8/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:8080/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[fe80::1]/hook',
      'http://224.0.0.1/hook',
      'http://localhost/hook',
      'http://0.0.0.0/hook',
      'ftp://example.com/hook',
      'http://user:pass@example.com/hook',
      'not a url',
    ]) {
      const response = await graph.query(REGISTER, { input: { url, eventTypes: ['Partner.*'] } });
      expect([url, codeOf(response)]).toEqual([url, 'BAD_USER_INPUT']);
    }
    expect(hits).toBe(0);
    expect(
      (
        await graph.prm.query(
          `SELECT count(*)::int AS n FROM prm.webhook_endpoints WHERE url LIKE '%internal%'`,
        )
      )[0].n,
    ).toBe(0);
  });

  it('refuses at delivery a loopback target no allow-list names, and never follows a redirect', async () => {
    process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
    const redirector = new Receiver();
    await redirector.up();
    redirector.respond = (_request, res) => {
      res.writeHead(302, { location: targetUrl });
      return 302;
    };
    const direct = await must(graph, REGISTER, { input: { url: targetUrl, eventTypes: ['Partner.*'] } });
    const redirect = await must(graph, REGISTER, {
      input: { url: redirector.url, eventTypes: ['Partner.*'] },
    });
    redirector.secret = redirect.registerWebhookEndpoint.secret;
    delete process.env.WEBHOOK_ALLOWED_HOSTS;
    await seedPartner(graph, { name: 'SSRF Probe Partner' });

    // A dispatcher without the allow-list: the loopback target is refused before any connection.
    const strict = webhookDispatcher(graph.prm, { pollMs: 0, allowedHosts: [], random: () => 0 });
    await strict.dispatchOnce(tick());
    expect(hits).toBe(0);
    const refused = (await must(graph, DELIVERIES, { id: direct.registerWebhookEndpoint.endpoint.id }))
      .webhookDeliveries;
    const log = await graph.prm.query(
      `SELECT last_error, response_status FROM prm.webhook_deliveries WHERE id = $1`,
      [refused.edges[0].node.id],
    );
    expect(log[0].last_error).toMatch(/127\.0\.0\.1 is not a public address/);
    expect(log[0].response_status).toBeNull();

    // With it (the redirector is on loopback), a 302 to the loopback target is a failure, not followed.
    const allowing = webhookDispatcher(graph.prm, {
      pollMs: 0,
      allowedHosts: ['127.0.0.1'],
      random: () => 0,
    });
    await graph.prm.query(`UPDATE prm.webhook_endpoints SET active = false WHERE id = $1`, [
      direct.registerWebhookEndpoint.endpoint.id,
    ]);
    await allowing.dispatchOnce(tick());
    expect(redirector.requests.length).toBe(1);
    expect(redirector.requests[0].valid).toBe(true);
    expect(hits).toBe(0);
    const redirected = await graph.prm.query(
      `SELECT status, last_error, response_status FROM prm.webhook_deliveries WHERE endpoint_id = $1`,
      [redirect.registerWebhookEndpoint.endpoint.id],
    );
    expect(redirected[0]).toMatchObject({ status: 'PENDING', response_status: 302 });
    expect(redirected[0].last_error).toMatch(/redirect .* not followed/);
    await redirector.down();
    await graph.prm.query(`UPDATE prm.webhook_endpoints SET active = false`);
  });

  it('times out a receiver that never answers', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
    process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
    const endpoint = await must(graph, REGISTER, { input: { url, eventTypes: ['Partner.*'] } });
    delete process.env.WEBHOOK_ALLOWED_HOSTS;
    await seedPartner(graph, { name: 'Timeout Probe Partner' });
    const dispatcher = webhookDispatcher(graph.prm, {
      pollMs: 0,
      allowedHosts: ['127.0.0.1'],
      timeoutMs: 200,
    });
    expect(await dispatcher.dispatchOnce(tick())).toMatchObject({ failed: 1 });
    const log = await graph.prm.query(
      `SELECT last_error FROM prm.webhook_deliveries WHERE endpoint_id = $1`,
      [endpoint.registerWebhookEndpoint.endpoint.id],
    );
    expect(log[0].last_error).toMatch(/timed out after 200 ms/);
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
});
