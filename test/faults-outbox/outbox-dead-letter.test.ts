import type { Identity } from '@sales-graph/shared/auth/identity';
import { OutboxDispatcher, type OutboxDispatcherOptions } from '@sales-graph/shared/outbox/outbox';
import { httpCrmClient } from '../../subgraphs/partners/src/crm/crm.client';
import { dealKey } from '../../subgraphs/partners/src/registrations/registration-deal.rules';
import {
  prmOutboxProbes,
  type CreateDealFaults,
} from '../../subgraphs/partners/src/registrations/registration-deal.service';
import { DAY_MS } from '@sales-graph/shared/time';
import {
  approveRegistration,
  as,
  client,
  codes,
  inDays,
  partnerUser,
  postGraphQL,
  prmOutbox,
  registerDeal,
  seedPartner,
  startTestGraph,
} from '../support';
import type { Data, TestGraph } from '../support';

/**
 * Fault scenario: the outbox while the CRM is down. Through the real graph and PostgreSQL, with
 * the dispatcher driven round by round on an explicit clock (no waiting): deliveries back off
 * (bounded, jittered), become dead letters after OUTBOX_MAX_ATTEMPTS, which ADMIN (only) sees and
 * replays through the gateway, and the replay delivers the deal exactly once with its partner. A
 * crash between "CRM deal created" and "PRM recorded it" never shows the deal as direct, and the
 * retry creates nothing twice. Once the CRM answers again (a delivery succeeds, or its readiness
 * probe answers), waiting deliveries go at once instead of waiting out their backoff.
 */
const { channelManager: CM, admin: ADMIN } = as;
const MAX_ATTEMPTS = 3;
const BACKOFF = { baseMs: 60_000, capMs: 240_000, jitter: 1 };

let graph: TestGraph;
let partnerId: string;
let partner: Identity;
let analystKey: string;
let partnerKey: string;
/** A PRM dispatcher whose CRM is an address where nothing listens (the CRM is down). */
let down: OutboxDispatcher;
/** The same dispatcher settings against the live customers subgraph (the CRM is back). */
let up: OutboxDispatcher;

const DOWN_URL = 'http://127.0.0.1:9/graphql';

function dispatcher(url: () => string, faults: CreateDealFaults = {}, options: OutboxDispatcherOptions = {}) {
  return prmOutbox(graph, {
    crmUrl: url,
    faults,
    maxAttempts: MAX_ATTEMPTS,
    backoff: BACKOFF,
    random: () => 0.5,
    ...options,
  });
}

beforeAll(async () => {
  // The test drives the dispatchers itself; the one listen() starts is off.
  process.env.OUTBOX_POLL_MS = '0';
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
  down = dispatcher(() => DOWN_URL);
  up = dispatcher(() => graph.customers.url);
  partnerId = await seedPartner(graph, { name: 'Faulty Towers Resellers', domain: 'faulty.example' });
  partner = await partnerUser(graph, partnerId);
  const key = async (input: Record<string, unknown>) =>
    (await ok(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`, { input }))
      .createApiKey.key as string;
  analystKey = await key({ name: 'BI', role: 'ANALYST' });
  partnerKey = await key({ name: 'Partner sync', role: 'PARTNER', partnerId });
});

afterAll(async () => {
  await graph?.stop();
});

const { ok } = client(() => graph, ADMIN);

const withKey = (key: string, query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(graph.gateway.url, query, variables, { authorization: `Bearer ${key}` });
const count = async (db: 'crm' | 'prm', sql: string, params: unknown[] = []) =>
  Number((await graph[db].query(sql, params))[0].count);

/** A partner registers a prospect; a channel manager reviews and approves it (one outbox message). */
async function approved(name: string, domain: string): Promise<string> {
  const input = {
    prospectCompanyName: name,
    prospectDomain: domain,
    estimatedAmount: '75000.00',
    currency: 'EUR',
    expectedCloseDate: inDays(45),
    products: ['Platform'],
  };
  const { id } = await registerDeal(graph, input, partner);
  await approveRegistration(graph, id, { identity: CM });
  return id;
}

interface Row {
  id: string;
  attempts: number;
  next_attempt_at: Date;
  dead: boolean;
  delivered: boolean;
  last_error: string | null;
  payload: { dealId: string };
}
const message = async (registrationId: string): Promise<Row> =>
  (
    await graph.prm.query(
      `SELECT id, attempts, next_attempt_at, dead_at IS NOT NULL AS dead, delivered_at IS NOT NULL AS delivered,
         last_error, payload FROM prm.outbox WHERE idempotency_key = $1`,
      [dealKey(registrationId)],
    )
  )[0];

const dealsOfKey = (registrationId: string) =>
  count('crm', `SELECT count(*) FROM crm.deals WHERE external_ref = $1`, [dealKey(registrationId)]);
const DEAL = `query($id: ID!) { deal(id: $id) { id sourcedBy { id } } }`;
const DEAD_LETTERS = `{ outboxDeadLetters(first: 20) { totalCount edges { node {
  id topic idempotencyKey attempts state lastError deadAt deliveredAt nextAttemptAt createdAt } } } }`;
const REPLAY = `mutation($id: ID!) { replayOutboxMessage(id: $id) { id state attempts lastError } }`;
const REPLAY_ALL = `mutation { replayOutboxDeadLetters { id state } }`;
const REGISTRATION = `query($id: ID!) { dealRegistration(id: $id) { id dealStatus deal { id } } }`;

describe('the outbox while the CRM is down', () => {
  let registrationId: string;
  let messageId: string;

  it('retries with bounded, jittered backoff and gives the delivery up as a dead letter after N attempts', async () => {
    registrationId = await approved('Gamma Freight', 'gamma-freight.example');
    let row = await message(registrationId);
    messageId = row.id;
    // The approval recorded the deal's partner already, pending, under the id the CRM deal will get.
    expect(
      await count(
        'prm',
        `SELECT count(*) FROM prm.deal_attributions WHERE deal_id = $1 AND partner_id = $2 AND pending`,
        [row.payload.dealId, partnerId],
      ),
    ).toBe(1);

    let now = new Date();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const result = await down.dispatchOnce(now);
      row = await message(registrationId);
      expect(row.attempts).toBe(attempt);
      expect(row.last_error).toMatch(/customers service could not be reached/);
      if (attempt < MAX_ATTEMPTS) {
        expect(result).toEqual({ claimed: 1, delivered: 0, failed: 1 });
        const wait = row.next_attempt_at.getTime() - now.getTime();
        // Jittered between the base and the exponential ceiling, never past the cap.
        const ceiling = Math.min(BACKOFF.baseMs * 2 ** (attempt - 1), BACKOFF.capMs);
        expect(wait).toBeGreaterThanOrEqual(BACKOFF.baseMs);
        expect(wait).toBeLessThanOrEqual(ceiling);
        // Not due a millisecond before its time.
        expect((await down.dispatchOnce(new Date(row.next_attempt_at.getTime() - 1))).claimed).toBe(0);
        now = row.next_attempt_at;
      } else {
        expect(result).toEqual({ claimed: 1, delivered: 0, failed: 1, dead: 1 });
      }
    }
    expect(row).toMatchObject({ dead: true, delivered: false });
    // A dead letter is never taken again, however late.
    expect((await down.dispatchOnce(new Date(Date.now() + 365 * DAY_MS))).claimed).toBe(0);
    expect((await up.dispatchOnce(new Date(Date.now() + 365 * DAY_MS))).claimed).toBe(0);
    expect(await dealsOfKey(registrationId)).toBe(0);
    expect((await ok(REGISTRATION, { id: registrationId }, CM)).dealRegistration.dealStatus).toBe('PENDING');
    // The pending attribution's deal does not exist yet: the partner's deals do not list it.
    const deals = await ok(`query($id: ID!) { partner(id: $id) { deals(first: 10) { totalCount } } }`, {
      id: partnerId,
    });
    expect(deals.partner.deals.totalCount).toBe(0);
  });

  it('shows the dead letter, with its last error, to ADMIN through the gateway', async () => {
    const { outboxDeadLetters } = await ok(DEAD_LETTERS);
    expect(outboxDeadLetters.totalCount).toBe(1);
    expect(outboxDeadLetters.edges[0].node).toMatchObject({
      id: messageId,
      topic: 'crm.createPartnerSourcedDeal',
      idempotencyKey: dealKey(registrationId),
      attempts: MAX_ATTEMPTS,
      state: 'DEAD',
      deliveredAt: null,
      lastError: expect.stringMatching(/customers service could not be reached/),
    });
    expect(outboxDeadLetters.edges[0].node.deadAt).toEqual(expect.any(String));
  });

  it('refuses every other caller: partner user, channel manager, API keys (FORBIDDEN), and changes nothing', async () => {
    const operations: [string, Record<string, unknown>][] = [
      [DEAD_LETTERS, {}],
      [REPLAY, { id: messageId }],
      [REPLAY_ALL, {}],
      [`{ outboxDeadLetters(first: 1, topic: "crm.createPartnerSourcedDeal") { totalCount } }`, {}],
    ];
    for (const [query, variables] of operations) {
      for (const identity of [partner, CM, as.sales]) {
        const response = await graph.query(query, variables, identity);
        expect({ query, identity: identity.role, codes: codes(response) }).toEqual({
          query,
          identity: identity.role,
          codes: ['FORBIDDEN'],
        });
        expect(JSON.stringify(response.data ?? null)).not.toContain(messageId);
      }
      for (const key of [analystKey, partnerKey]) {
        const response = await withKey(key, query, variables);
        expect(codes(response)).toEqual(['FORBIDDEN']);
        expect(JSON.stringify(response.data ?? null)).not.toContain(messageId);
      }
    }
    // Still a dead letter, as it was.
    expect(await message(registrationId)).toMatchObject({ dead: true, attempts: MAX_ATTEMPTS });
  });

  it('answers NOT_FOUND for an unknown or malformed id, BAD_USER_INPUT for an oversized topic', async () => {
    const unknown = await graph.query(REPLAY, { id: '00000000-0000-4000-8000-000000000000' });
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    expect(codes(await graph.query(REPLAY, { id: "x' OR 1=1 --" }))).toEqual(['NOT_FOUND']);
    expect(
      codes(await graph.query(`{ outboxDeadLetters(first: 1, topic: "${'t'.repeat(201)}") { totalCount } }`)),
    ).toEqual(['BAD_USER_INPUT']);
  });

  it('ADMIN replays it once the CRM is back: delivered exactly once, with its partner', async () => {
    const replayed = (await ok(REPLAY, { id: messageId })).replayOutboxMessage;
    expect(replayed).toMatchObject({ id: messageId, state: 'PENDING', attempts: 0 });
    // Replaying it again while it waits for delivery is a conflict, not a second delivery.
    expect(codes(await graph.query(REPLAY, { id: messageId }))).toEqual(['CONFLICT']);
    expect((await ok(DEAD_LETTERS)).outboxDeadLetters.totalCount).toBe(0);

    // Two dispatchers race for it: one delivery.
    const racer = dispatcher(() => graph.customers.url);
    const rounds = await Promise.all([up.dispatchOnce(), racer.dispatchOnce()]);
    expect(rounds.reduce((sum, r) => sum + r.delivered, 0)).toBe(1);
    const row = await message(registrationId);
    expect(row).toMatchObject({ delivered: true, dead: false, attempts: 1, last_error: null });

    expect(await dealsOfKey(registrationId)).toBe(1);
    const registration = (await ok(REGISTRATION, { id: registrationId }, CM)).dealRegistration;
    expect(registration).toEqual({
      id: registrationId,
      dealStatus: 'CREATED',
      deal: { id: row.payload.dealId },
    });
    expect((await ok(DEAL, { id: row.payload.dealId })).deal).toEqual({
      id: row.payload.dealId,
      sourcedBy: { id: partnerId },
    });
    expect(
      await count('prm', `SELECT count(*) FROM prm.deal_attributions WHERE deal_id = $1 AND NOT pending`, [
        row.payload.dealId,
      ]),
    ).toBe(1);
    const listed = await ok(
      `query($id: ID!) { partner(id: $id) { deals(first: 10) { edges { node { id } } } } }`,
      {
        id: partnerId,
      },
    );
    expect(listed.partner.deals.edges).toEqual([{ node: { id: row.payload.dealId } }]);
    // Delivered: not replayable; and the replay is in the audit log under the ADMIN who did it.
    expect(codes(await graph.query(REPLAY, { id: messageId }))).toEqual(['CONFLICT']);
    const audit = await graph.prm.query(
      `SELECT actor_sub, changed_fields FROM prm.audit_log WHERE record_type = 'OutboxMessageRecord' AND record_id = $1`,
      [messageId],
    );
    expect(audit).toEqual([
      {
        actor_sub: ADMIN.sub,
        changed_fields: expect.arrayContaining(['attempts', 'deadAt', 'nextAttemptAt']),
      },
    ]);
  });

  it('replays every dead letter at once (ADMIN)', async () => {
    const ids = [
      await approved('Delta Mills', 'delta-mills.example'),
      await approved('Epsilon Ag', 'epsilon.example'),
    ];
    for (
      let round = 0, now = new Date();
      round < MAX_ATTEMPTS;
      round += 1, now = new Date(now.getTime() + BACKOFF.capMs)
    ) {
      await down.dispatchOnce(now);
    }
    expect((await ok(DEAD_LETTERS)).outboxDeadLetters.totalCount).toBe(2);
    const replayed = (await ok(REPLAY_ALL)).replayOutboxDeadLetters;
    expect(replayed.map((m: Data) => m.state)).toEqual(['PENDING', 'PENDING']);
    expect((await ok(REPLAY_ALL)).replayOutboxDeadLetters).toEqual([]);
    expect(await up.dispatchOnce()).toMatchObject({ claimed: 2, delivered: 2, failed: 0 });
    for (const id of ids) expect(await dealsOfKey(id)).toBe(1);
  });
});

describe('a crash between "CRM deal created" and "PRM recorded it"', () => {
  it('never shows the deal as direct, and the retry creates nothing twice', async () => {
    const registrationId = await approved('Zeta Shipping', 'zeta-shipping.example');
    const { payload } = await message(registrationId);
    const seenInWindow: Data[] = [];
    const crashing = dispatcher(() => graph.customers.url, {
      // The CRM committed the deal; the PRM has not recorded it yet: what does the graph say now?
      afterCrmDeal: async (dealId) => {
        seenInWindow.push((await ok(DEAL, { id: dealId })).deal);
        seenInWindow.push((await ok(DEAL, { id: dealId }, as.sales)).deal);
        seenInWindow.push((await ok(DEAL, { id: dealId }, partner)).deal);
        throw new Error('process killed after the CRM call');
      },
    });
    const now = new Date();
    expect(await crashing.dispatchOnce(now)).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    // In the window the deal existed and was, for everyone who could see it, the partner's.
    expect(seenInWindow).toEqual([
      { id: payload.dealId, sourcedBy: { id: partnerId } },
      { id: payload.dealId, sourcedBy: { id: partnerId } },
      { id: payload.dealId, sourcedBy: { id: partnerId } },
    ]);
    expect(await dealsOfKey(registrationId)).toBe(1);
    // After the crash, before any retry: still the partner's, never direct.
    expect((await ok(DEAL, { id: payload.dealId })).deal.sourcedBy).toEqual({ id: partnerId });

    // The retry (after its backoff) finds the deal the CRM made, and records it once.
    const row = await message(registrationId);
    expect(await up.dispatchOnce(row.next_attempt_at)).toMatchObject({ claimed: 1, delivered: 1, failed: 0 });
    expect(await dealsOfKey(registrationId)).toBe(1);
    expect(
      await count('crm', `SELECT count(*) FROM crm.deal_stage_changes WHERE deal_id = $1`, [payload.dealId]),
    ).toBe(1);
    expect(
      await count('prm', `SELECT count(*) FROM prm.deal_attributions WHERE deal_id = $1`, [payload.dealId]),
    ).toBe(1);
    expect((await ok(REGISTRATION, { id: registrationId }, CM)).dealRegistration.deal).toEqual({
      id: payload.dealId,
    });
    // And once more, as a dispatcher whose acknowledgement was lost: nothing changes.
    await graph.prm.query(
      `UPDATE prm.outbox SET delivered_at = NULL, next_attempt_at = now() WHERE id = $1`,
      [row.id],
    );
    expect((await up.dispatchOnce()).delivered).toBe(1);
    expect(await dealsOfKey(registrationId)).toBe(1);
    expect(
      await count('prm', `SELECT count(*) FROM prm.deal_attributions WHERE deal_id = $1`, [payload.dealId]),
    ).toBe(1);
  });
});

describe('prompt retry once the CRM answers again', () => {
  /** Where the CRM is: nowhere while it is down, the customers subgraph once it is back. */
  let crmUrl = DOWN_URL;
  const crm = () => crmUrl;

  it('delivers a message waiting out its backoff on the next successful contact, not after the backoff', async () => {
    crmUrl = DOWN_URL;
    const outbox = dispatcher(crm);
    const waiting = await approved('Eta Robotics', 'eta-robotics.example');
    const t0 = new Date();
    expect(await outbox.dispatchOnce(t0)).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    const backedOff = await message(waiting);
    expect(backedOff.next_attempt_at.getTime()).toBeGreaterThanOrEqual(t0.getTime() + BACKOFF.baseMs);

    // The CRM is back; a new approval's delivery is the first contact. A second later: the
    // waiting message is not due by its backoff for a minute yet.
    crmUrl = graph.customers.url;
    const fresh = await approved('Theta Labs', 'theta-labs.example');
    const t1 = new Date(t0.getTime() + 1_000);
    expect(await outbox.dispatchOnce(t1)).toEqual({ claimed: 1, delivered: 1, failed: 0, promoted: 1 });
    expect(await dealsOfKey(fresh)).toBe(1);
    expect(await dealsOfKey(waiting)).toBe(0);
    // The next round, still long before its backoff ran out, delivers it.
    expect(t1.getTime()).toBeLessThan(backedOff.next_attempt_at.getTime());
    expect(await outbox.dispatchOnce(t1)).toEqual({ claimed: 1, delivered: 1, failed: 0 });
    expect(await dealsOfKey(waiting)).toBe(1);
    expect((await ok(DEAL, { id: backedOff.payload.dealId })).deal.sourcedBy).toEqual({ id: partnerId });
  });

  it("with nothing new to deliver, the CRM's readiness probe answering again makes the waiting messages due", async () => {
    crmUrl = DOWN_URL;
    const outbox = dispatcher(crm, {}, { probes: prmOutboxProbes(httpCrmClient(crm)) });
    const waiting = await approved('Iota Foods', 'iota-foods.example');
    const t0 = new Date();
    // The delivery fails and so does the probe: the CRM is down, the message keeps its backoff.
    expect(await outbox.dispatchOnce(t0)).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    expect(await outbox.dispatchOnce(t0)).toEqual({ claimed: 0, delivered: 0, failed: 0 });
    crmUrl = graph.customers.url;
    expect(await outbox.dispatchOnce(t0)).toEqual({ claimed: 0, delivered: 0, failed: 0, promoted: 1 });
    expect(await outbox.dispatchOnce(t0)).toEqual({ claimed: 1, delivered: 1, failed: 0 });
    expect(await dealsOfKey(waiting)).toBe(1);
  });
});
