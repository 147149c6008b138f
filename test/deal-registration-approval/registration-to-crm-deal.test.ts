import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '@sales-graph/shared/auth/identity';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import { enqueue, OutboxDispatcher } from '@sales-graph/shared/outbox/outbox';
import { RoundsStopped } from '@sales-graph/shared/rounds';
import type { RunningSubgraph } from '@sales-graph/shared/subgraph';
import { listen as listenCustomers } from '../../subgraphs/customers/src';
import { httpPrmClient } from '../../subgraphs/customers/src/access/prm.client';
import { httpCrmClient } from '../../subgraphs/partners/src/crm/crm.client';
import { dealKey } from '../../subgraphs/partners/src/registrations/registration-deal.rules';
import { prmOutboxHandlers } from '../../subgraphs/partners/src/registrations/registration-deal.service';
import { DAY_MS } from '@sales-graph/shared/time';
import {
  as,
  client,
  codeOf,
  createCustomer,
  inDays,
  partnerUser,
  prmOutbox,
  registerDeal,
  seedPartner,
  startRegistrationReview,
  startTestGraph,
} from '../support';
import type { Data, GraphQLResponse, TestGraph } from '../support';

/**
 * Deal registration → CRM deal, through the gateway: approval creates the partner-sourced CRM deal
 * exactly once (through the PRM's outbox), even when delivery is retried or the customers
 * subgraph is down; open CRM deals block approval unless overridden; expiry follows the deal.
 */
const { channelManager: CM, admin: ADMIN, analyst: ANALYST } = as;

let graph: TestGraph;
/** Delivers the PRM outbox to the live customers subgraph. */
let live: OutboxDispatcher;
/** The same, pointed at an address where nothing listens. */
let dead: OutboxDispatcher;
let partnerId: string;
let otherPartnerId: string;
let partner: Identity;
let otherPartner: Identity;

beforeAll(async () => {
  // The tests drive the dispatcher themselves (dispatchOnce); the one listen() starts is off.
  process.env.OUTBOX_POLL_MS = '0';
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
  live = dispatcher(() => graph.customers.url);
  dead = dispatcher(() => 'http://127.0.0.1:9/graphql');
  partnerId = await activePartner('Northwind Resellers', 'northwind.example');
  otherPartnerId = await activePartner('Contoso Partners', 'contoso-partners.example');
  partner = await partnerUser(graph, partnerId);
  otherPartner = await partnerUser(graph, otherPartnerId);
});

afterAll(async () => {
  await graph?.stop();
});

/** A PRM outbox dispatcher whose CRM client calls `url`, auditing as listen()'s does. */
const dispatcher = (url: () => string) => prmOutbox(graph, { crmUrl: url });

const { fails, ok } = client(() => graph, ADMIN);

const count = async (db: 'crm' | 'prm', sql: string, params: unknown[]) =>
  Number((await graph[db].query(sql, params))[0].count);

/** A partner through onboarding (a fixture: the graph's own path is the application). */
const activePartner = (name: string, domain: string): Promise<string> => seedPartner(graph, { name, domain });

const REG_FIELDS = `id partnerId status dealStatus crmConflictCheck overriddenDealIds overrideReason protectedUntil
  extendedBy extensionReason deal { id }`;
const REGISTRATION = `query($id: ID!) { dealRegistration(id: $id) {
  ${REG_FIELDS} conflicts { id } conflictingDeals { id } } }`;
/** Our CRM check, its override and who extended are internal: a partner user reads the rest. */
const INTERNAL_REG_FIELDS = ['crmConflictCheck', 'overriddenDealIds', 'overrideReason', 'extendedBy'];
const PARTNER_REGISTRATION = INTERNAL_REG_FIELDS.reduce(
  (query, field) => query.replace(` ${field}`, ''),
  REGISTRATION,
);
const APPROVE = `mutation($id: ID!, $override: Boolean, $reason: String) {
  approveDealRegistration(id: $id, overrideConflicts: $override, reason: $reason) { ${REG_FIELDS} } }`;
const EXPIRE = `mutation { expireDealRegistrations { expired { id status } keptInProgress { id status } } }`;
const EXTEND = `mutation($id: ID!, $until: DateTimeISO!, $reason: String!) {
  extendDealRegistration(id: $id, until: $until, reason: $reason) { ${REG_FIELDS} } }`;

/** A partner registers a prospect and a channel manager takes it into review. */
async function underReview(name: string, domain: string | null, by: Identity = partner): Promise<string> {
  const { id } = await registerDeal(
    graph,
    {
      prospectCompanyName: name,
      prospectDomain: domain,
      estimatedAmount: '48000.50',
      currency: 'EUR',
      expectedCloseDate: inDays(60),
      products: ['Analytics', 'Storage'],
    },
    by,
  );
  await startRegistrationReview(graph, id, CM);
  return id;
}

async function approved(name: string, domain: string | null, by: Identity = partner): Promise<Data> {
  const id = await underReview(name, domain, by);
  return (await ok(APPROVE, { id }, CM)).approveDealRegistration;
}

const registration = async (id: string, identity: Identity = CM) =>
  (await ok(identity.role === 'PARTNER' ? PARTNER_REGISTRATION : REGISTRATION, { id }, identity))
    .dealRegistration;

const dealsOfKey = (registrationId: string) =>
  count('crm', `SELECT count(*) FROM crm.deals WHERE external_ref = $1`, [dealKey(registrationId)]);
const outboxRows = (registrationId: string) =>
  count('prm', `SELECT count(*) FROM prm.outbox WHERE idempotency_key = $1`, [dealKey(registrationId)]);

const DEAL = `query($id: ID!) { deal(id: $id) { id title amount currency stage expectedCloseDate
  customer { id name domain } sourcedBy { id } } }`;

describe('approval creates the partner-sourced CRM deal exactly once', () => {
  it('approves, delivers the deal, attributes it to the partner, and shows it to that partner only', async () => {
    const approval = await approved('Initech', 'https://www.initech.example');
    // The approval commits with its outbox message; the deal is not there yet.
    expect(approval).toMatchObject({
      status: 'APPROVED',
      dealStatus: 'PENDING',
      deal: null,
      crmConflictCheck: 'CLEAR',
      overriddenDealIds: [],
      overrideReason: null,
    });
    expect(await outboxRows(approval.id)).toBe(1);
    expect(await dealsOfKey(approval.id)).toBe(0);

    expect(await live.dispatchOnce()).toEqual({ claimed: 1, delivered: 1, failed: 0 });
    const after = await registration(approval.id);
    expect(after.dealStatus).toBe('CREATED');
    const dealId: string = after.deal.id;
    expect((await ok(DEAL, { id: dealId })).deal).toEqual({
      id: dealId,
      title: 'Initech: Analytics, Storage',
      amount: '48000.50',
      currency: 'EUR',
      stage: 'PROSPECTING',
      expectedCloseDate: inDays(60),
      customer: { id: expect.any(String), name: 'Initech', domain: 'initech.example' },
      sourcedBy: { id: partnerId },
    });

    // The partner's user sees the deal among its deals, sourced by its partner; another partner does not.
    const mine = (await ok(`{ deals(first: 50) { edges { node { id sourcedBy { id } } } } }`, {}, partner))
      .deals;
    expect(mine.edges.map((e: Data) => e.node)).toContainEqual({ id: dealId, sourcedBy: { id: partnerId } });
    const theirs = (await ok(`{ deals(first: 50) { totalCount edges { node { id } } } }`, {}, otherPartner))
      .deals;
    expect(theirs.edges.map((e: Data) => e.node.id)).not.toContain(dealId);
    expect(codeOf(await fails(DEAL, { id: dealId }, otherPartner))).toBe('NOT_FOUND');
    expect((await registration(approval.id, partner)).deal).toEqual({ id: dealId });

    // The approval recorded the partner (pending) under the deal's id before the deal existed; the
    // outbox delivered the deal as the PRM's service identity and confirmed it: the audit log says so.
    const audit = await graph.prm.query(
      `SELECT actor_sub, actor_role, action, after->>'pending' AS pending FROM prm.audit_log
       WHERE record_type = 'DealAttribution' AND record_id IS NOT NULL AND after->>'dealId' = $1
       ORDER BY created_at, id`,
      [dealId],
    );
    expect(audit).toEqual([
      { actor_sub: CM.sub, actor_role: 'CHANNEL_MANAGER', action: 'CREATE', pending: 'true' },
      { actor_sub: 'service:partners:outbox', actor_role: 'SERVICE', action: 'UPDATE', pending: 'false' },
    ]);

    // A lost acknowledgement: the message is delivered again, by two dispatchers at once.
    await graph.prm.query(
      `UPDATE prm.outbox SET delivered_at = NULL, next_attempt_at = now() WHERE idempotency_key = $1`,
      [dealKey(approval.id)],
    );
    const again = dispatcher(() => graph.customers.url);
    const rounds = await Promise.all([live.dispatchOnce(), again.dispatchOnce()]);
    expect(rounds.reduce((sum, r) => sum + r.delivered, 0)).toBe(1);
    // …and the handler run once more directly, as a dispatcher whose lease ran out would.
    const [message] = await graph.prm.query(`SELECT payload FROM prm.outbox WHERE idempotency_key = $1`, [
      dealKey(approval.id),
    ]);
    await prmOutboxHandlers(
      graph.prm,
      httpCrmClient(() => graph.customers.url),
    )['crm.createPartnerSourcedDeal']({
      id: 'x',
      topic: 'crm.createPartnerSourcedDeal',
      idempotencyKey: dealKey(approval.id),
      payload: message.payload,
      attempts: 3,
    });
    expect(await dealsOfKey(approval.id)).toBe(1);
    expect(
      await count('crm', `SELECT count(*) FROM crm.customers WHERE domain = 'initech.example'`, []),
    ).toBe(1);
    expect(
      await count('prm', `SELECT count(*) FROM prm.deal_attributions WHERE deal_id = $1`, [dealId]),
    ).toBe(1);
    expect((await registration(approval.id)).deal).toEqual({ id: dealId });

    // Approving again (a retry) answers the approved registration and enqueues nothing.
    const approvedAgain = (await ok(APPROVE, { id: approval.id }, CM)).approveDealRegistration;
    expect(approvedAgain).toMatchObject({ id: approval.id, status: 'APPROVED', deal: { id: dealId } });
    expect(await outboxRows(approval.id)).toBe(1);
  });

  it('links the deal to the existing CRM customer, by normalised domain or else by normalised name', async () => {
    const byDomain = (
      await createCustomer(graph, { name: 'Umbrella Health Group', domain: 'umbrella.example' })
    ).id;
    const byName = (await createCustomer(graph, 'Hooli, Inc.')).id;
    const a = await approved('Umbrella', 'https://umbrella.example/contact');
    const b = await approved('HOOLI', null);
    expect(await live.dispatchOnce()).toEqual({ claimed: 2, delivered: 2, failed: 0 });
    const customerOf = async (id: string) =>
      (await ok(DEAL, { id: (await registration(id)).deal.id })).deal.customer.id;
    expect(await customerOf(a.id)).toBe(byDomain);
    expect(await customerOf(b.id)).toBe(byName);
    expect(await count('crm', `SELECT count(*) FROM crm.customers WHERE name_key = 'hooli'`, [])).toBe(1);
  });

  it('approves while the customers subgraph is unreachable; the deal appears once it is back', async () => {
    const approval = await approved('Stark Logistics', 'starklogistics.example');
    expect(approval.dealStatus).toBe('PENDING');

    // Delivery fails while the CRM cannot be reached: recorded, retried later with backoff.
    expect(await dead.dispatchOnce()).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    const [row] = await graph.prm.query(
      `SELECT attempts, delivered_at, last_error, next_attempt_at > now() AS backed_off FROM prm.outbox
       WHERE idempotency_key = $1`,
      [dealKey(approval.id)],
    );
    expect(row).toMatchObject({ attempts: 1, delivered_at: null, backed_off: true });
    expect(row.last_error).toMatch(/customers service could not be reached/);
    expect(await dealsOfKey(approval.id)).toBe(0);
    expect((await registration(approval.id)).dealStatus).toBe('PENDING');
    // Not due again yet.
    expect((await live.dispatchOnce()).claimed).toBe(0);

    // Back: the next due attempt creates the deal, once.
    expect(await live.dispatchOnce(new Date(Date.now() + 2_000))).toEqual({
      claimed: 1,
      delivered: 1,
      failed: 0,
    });
    const after = await registration(approval.id);
    expect(after.dealStatus).toBe('CREATED');
    expect(await dealsOfKey(approval.id)).toBe(1);
    expect((await ok(DEAL, { id: after.deal.id })).deal.sourcedBy).toEqual({ id: partnerId });
    const [delivered] = await graph.prm.query(
      `SELECT attempts, last_error FROM prm.outbox WHERE idempotency_key = $1`,
      [dealKey(approval.id)],
    );
    expect(delivered).toEqual({ attempts: 2, last_error: null });
  });

  it('approves when the customers subgraph is down at approval time, recording the unchecked conflicts', async () => {
    const id = await underReview('Wayne Biotech', 'waynebio.example');
    const port = graph.customers.port;
    await graph.customers.close();
    let restarted: RunningSubgraph | undefined;
    try {
      const approval = (await ok(APPROVE, { id }, CM)).approveDealRegistration;
      expect(approval).toMatchObject({
        status: 'APPROVED',
        dealStatus: 'PENDING',
        crmConflictCheck: 'UNAVAILABLE',
      });
      // The gateway still answers the PRM part, with conflictingDeals null and the CRM part missing.
      expect((await registration(id)).conflictingDeals).toBeNull();
      expect((await live.dispatchOnce(new Date(Date.now() + 2_000))).failed).toBe(1);

      restarted = await listenCustomers(
        graph.crm,
        port,
        httpPrmClient(() => graph.partners.url),
      );
      expect((await live.dispatchOnce(new Date(Date.now() + 10_000))).delivered).toBe(1);
      expect(await dealsOfKey(id)).toBe(1);
      expect((await registration(id)).dealStatus).toBe('CREATED');
    } finally {
      // The graph's own cleanup closes the server object it started (already closed); close this one.
      if (restarted) {
        Object.assign(graph.customers, { close: () => restarted!.close() });
      }
    }
  });

  it('is not reachable through the public graph, nor by any identity but SERVICE', async () => {
    const mutation = `mutation { createPartnerSourcedDeal(input: { externalRef: "x", customerName: "X", title: "t",
      amount: "1.00", currency: "EUR" }) { id } }`;
    const viaGateway = await graph.query(mutation, {}, ADMIN);
    expect(codeOf(viaGateway)).toBe('GRAPHQL_VALIDATION_FAILED');
    const conflicts = await graph.query(`{ openDealsForProspects(prospects: []) { ref } }`, {}, ADMIN);
    expect(codeOf(conflicts)).toBe('GRAPHQL_VALIDATION_FAILED');
    // Straight at the customers subgraph with a (validly signed) ADMIN identity: forbidden.
    const response = await fetch(graph.customers.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: await signForwardedIdentity(ADMIN, 'customers'),
      },
      body: JSON.stringify({ query: mutation }),
    });
    const body = (await response.json()) as GraphQLResponse;
    expect(codeOf(body)).toBe('FORBIDDEN');
    expect(await count('crm', `SELECT count(*) FROM crm.deals WHERE external_ref = 'x'`, [])).toBe(0);
  });
});

describe('open CRM deals for the same customer', () => {
  it('are flagged as conflicts and block approval unless overridden with a reason', async () => {
    const customerId = (await createCustomer(graph, { name: 'Globex Corporation', domain: 'globex.example' }))
      .id;
    const createDeal = `mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }`;
    const open = (
      await ok(createDeal, { input: { customerId, title: 'Direct Globex', amount: '1000', currency: 'USD' } })
    ).createDeal.id;
    // A closed deal is no conflict.
    await ok(createDeal, {
      input: { customerId, title: 'Old Globex', amount: '500', currency: 'USD', stage: 'CLOSED_WON' },
    });

    const id = await underReview('GLOBEX Corp.', 'https://www.globex.example/contact');
    expect((await registration(id)).conflictingDeals).toEqual([{ id: open }]);
    // The partner is not shown the CRM's direct deal.
    expect((await registration(id, partner)).conflictingDeals).toEqual([]);

    const refused = await fails(APPROVE, { id }, CM);
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0].extensions?.conflictingDealIds).toEqual([open]);
    expect(codeOf(await fails(APPROVE, { id, override: true }, CM))).toBe('BAD_USER_INPUT');
    expect(codeOf(await fails(APPROVE, { id, override: true, reason: '  ' }, CM))).toBe('BAD_USER_INPUT');
    expect((await registration(id)).status).toBe('UNDER_REVIEW');
    expect(await outboxRows(id)).toBe(0);

    const approval = (
      await ok(APPROVE, { id, override: true, reason: 'Direct deal is dormant; sales agreed' }, CM)
    ).approveDealRegistration;
    expect(approval).toMatchObject({
      status: 'APPROVED',
      crmConflictCheck: 'OVERRIDDEN',
      overriddenDealIds: [open],
      overrideReason: 'Direct deal is dormant; sales agreed',
    });
    expect(await live.dispatchOnce()).toMatchObject({ delivered: 1 });
    // Its own new deal is no conflict of its own; the direct deal still is.
    const after = await registration(id);
    expect(after.conflictingDeals).toEqual([{ id: open }]);
    expect((await ok(DEAL, { id: after.deal.id })).deal.customer.id).toBe(customerId);
    // The partner is told nothing of the direct deal: not as a conflict, nor through the override.
    expect(await registration(id, partner)).toMatchObject({ status: 'APPROVED', conflictingDeals: [] });
    for (const field of INTERNAL_REG_FIELDS) {
      const response = await graph.query(
        `query($id: ID!) { dealRegistration(id: $id) { ${field} } }`,
        { id },
        partner,
      );
      expect({ field, code: response.errors?.[0]?.extensions?.code }).toEqual({ field, code: 'FORBIDDEN' });
    }

    // A later registration of the same customer (another partner) now sees both open deals.
    const late = await underReview('Globex', null, otherPartner);
    expect(new Set((await registration(late)).conflictingDeals.map((d: Data) => d.id))).toEqual(
      new Set([open, after.deal.id]),
    );
  });

  it('loads conflicts and deals of a whole list with a fixed number of PRM statements', async () => {
    const query = `query($first: Int!) { dealRegistrations(first: $first) { edges { node {
      id dealStatus deal { id } conflicts { id } conflictingDeals { id } } } } }`;
    const counter = statementCounter(graph.prm);
    counter.record();
    const one = await ok(query, { first: 1 }, CM);
    const few = counter.count;
    counter.record();
    const many = await ok(query, { first: 50 }, CM);
    expect(one.dealRegistrations.edges).toHaveLength(1);
    expect(many.dealRegistrations.edges.length).toBeGreaterThan(5);
    expect(counter.count).toBe(few);
  });
});

describe('expiry of approved registrations', () => {
  const endProtection = (id: string) =>
    graph.prm.query(
      `UPDATE prm.deal_registrations SET protected_until = now() - interval '1 minute' WHERE id = $1`,
      [id],
    );

  it('expires those whose protection ended unless their deal progressed or they were extended', async () => {
    const stale = await approved('Vandelay Industries', 'vandelay.example');
    const progressing = await approved('Soylent Foods', 'soylent.example');
    const extended = await approved('Tyrell Robotics', 'tyrell.example');
    const pending = await approved('Cyberdyne Systems', 'cyberdyne.example');
    expect((await live.dispatchOnce()).delivered).toBe(4);
    // One deal moves on in the CRM; one registration's deal is not there (left pending).
    const progressingDeal = (await registration(progressing.id)).deal.id;
    await ok(`mutation($id: ID!) { moveDealStage(id: $id, stage: QUALIFICATION) { id stage } }`, {
      id: progressingDeal,
    });
    await graph.prm.query(`UPDATE prm.deal_registrations SET deal_id = NULL WHERE id = $1`, [pending.id]);
    for (const r of [stale, progressing, extended, pending]) await endProtection(r.id);

    // Extending: channel managers only, later than now, with a reason.
    const until = new Date(Date.now() + 30 * DAY_MS).toISOString();
    const vars = { id: extended.id, until, reason: 'Customer asked for a second evaluation' };
    expect(codeOf(await fails(EXTEND, vars, partner))).toBe('FORBIDDEN');
    expect(codeOf(await fails(EXTEND, vars, ANALYST))).toBe('FORBIDDEN');
    expect(
      codeOf(await fails(EXTEND, { ...vars, until: new Date(Date.now() - DAY_MS).toISOString() }, CM)),
    ).toBe('BAD_USER_INPUT');
    expect(
      codeOf(await fails(EXTEND, { ...vars, until: new Date(Date.now() + 400 * DAY_MS).toISOString() }, CM)),
    ).toBe('BAD_USER_INPUT');
    expect(codeOf(await fails(EXTEND, { ...vars, reason: ' ' }, CM))).toBe('BAD_USER_INPUT');
    const ext = (await ok(EXTEND, vars, CM)).extendDealRegistration;
    expect(ext).toMatchObject({
      status: 'APPROVED',
      protectedUntil: until,
      extendedBy: CM.sub,
      extensionReason: 'Customer asked for a second evaluation',
    });

    expect(codeOf(await fails(EXPIRE, {}, partner))).toBe('FORBIDDEN');
    expect(codeOf(await fails(EXPIRE, {}, ANALYST))).toBe('FORBIDDEN');
    const run = (await ok(EXPIRE, {}, CM)).expireDealRegistrations;
    expect(new Set(run.expired.map((r: Data) => r.id))).toEqual(new Set([stale.id, pending.id]));
    expect(run.expired.every((r: Data) => r.status === 'EXPIRED')).toBe(true);
    expect(run.keptInProgress).toEqual([{ id: progressing.id, status: 'APPROVED' }]);
    expect((await registration(extended.id)).status).toBe('APPROVED');
    expect((await registration(stale.id, partner)).status).toBe('EXPIRED');
    // An expired registration cannot be extended; running again changes nothing.
    expect(codeOf(await fails(EXTEND, { ...vars, id: stale.id }, CM))).toBe('CONFLICT');
    const second = (await ok(EXPIRE, {}, ADMIN)).expireDealRegistrations;
    expect(second).toEqual({ expired: [], keptInProgress: [{ id: progressing.id, status: 'APPROVED' }] });
    // The expiry is audited as the channel manager.
    const audit = await graph.prm.query(
      `SELECT actor_sub FROM prm.audit_log WHERE record_type = 'DealRegistration' AND record_id = $1
       AND after->>'status' = 'EXPIRED'`,
      [stale.id],
    );
    expect(audit).toEqual([{ actor_sub: CM.sub }]);
  });
});

describe('the dispatcher that listen() starts', () => {
  it('delivers approvals on its own and stops when the subgraph closes', async () => {
    process.env.OUTBOX_POLL_MS = '50';
    const own = await startTestGraph();
    delete process.env.OUTBOX_POLL_MS;
    try {
      const q = async (query: string, variables: Record<string, unknown>, identity: Identity) => {
        const response = await own.query<Data>(query, variables, identity);
        if (response.errors?.length) throw new Error(JSON.stringify(response.errors));
        return response.data!;
      };
      const pid = await seedPartner(own, { name: 'Fabrikam IT', domain: 'fabrikam.example' });
      const id = (
        await q(
          `mutation($input: RegisterDealInput!) { registerDeal(input: $input) { id } }`,
          {
            input: {
              prospectCompanyName: 'Oscorp Energy',
              prospectDomain: 'oscorp.example',
              estimatedAmount: '1000',
              currency: 'USD',
              expectedCloseDate: inDays(30),
              products: ['Platform'],
            },
          },
          await partnerUser(own, pid),
        )
      ).registerDeal.id;
      await q(`mutation($id: ID!) { startDealRegistrationReview(id: $id) { id } }`, { id }, CM);
      const outbox = own.partners.outbox!;
      expect(outbox).toBeInstanceOf(OutboxDispatcher);
      await q(APPROVE, { id }, CM);
      // Rounds never overlap: once the next round that starts has run, the approval's message has
      // been delivered (by that round, or by the one that was running when the approval committed).
      await outbox.nextRound();
      const status = (await q(`query($id: ID!) { dealRegistration(id: $id) { dealStatus } }`, { id }, CM))
        .dealRegistration.dealStatus;
      expect(status).toBe('CREATED');
      const audit = await own.prm.query(
        `SELECT actor_sub, action FROM prm.audit_log WHERE record_type = 'DealAttribution' ORDER BY created_at, id`,
      );
      // Recorded (pending) by the approval, confirmed by the delivery of the dispatcher listen() started.
      expect(audit).toEqual([
        { actor_sub: CM.sub, action: 'CREATE' },
        { actor_sub: 'service:partners:outbox', action: 'UPDATE' },
      ]);
      // Closing the subgraph stops its dispatcher (no poll scheduled: there is no next round), so a
      // message enqueued afterwards stays undelivered.
      await own.partners.close();
      expect(outbox.running).toBe(false);
      await expect(outbox.nextRound()).rejects.toBeInstanceOf(RoundsStopped);
      await own.prm.transaction((manager) =>
        enqueue(manager, 'crm.createPartnerSourcedDeal', 'after-close', {}),
      );
      expect(
        await own.prm.query(`SELECT attempts FROM prm.outbox WHERE idempotency_key = 'after-close'`),
      ).toEqual([{ attempts: 0 }]);
    } finally {
      await own.stop();
    }
  });
});
