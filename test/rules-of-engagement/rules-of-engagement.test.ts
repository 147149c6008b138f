import type { Identity } from '@sales-graph/shared/auth/identity';
import type { OutboxDispatcher } from '@sales-graph/shared/outbox/outbox';
import {
  as,
  client,
  codeOf,
  createCustomer,
  errorOf,
  partnerUser,
  prmOutbox,
  registerDeal,
  seedPartner,
  startRegistrationReview,
  startTestGraph,
} from '../support';
import type { Data, TestGraph } from '../support';

/**
 * Rules of engagement between direct sales and the channel, through the gateway, as the roles
 * who use them: sales management sets a customer's ownership (typed errors, history); lead
 * distribution never offers a DIRECT account's lead and skips partners in conflict; a partner
 * previews a registration's conflict (learning only "owned"), its flagged registration needs an
 * override with a reason to be approved (recorded); the channel-conflict analytics count what
 * happened; a partner cannot set ownership nor read its history.
 */
const { admin: ADMIN, sales: SALES, channelManager: CM, analyst: ANALYST, marketing: MARKETING } = as;
const { ok, query } = client(() => graph, ADMIN);

let graph: TestGraph;
let outbox: OutboxDispatcher;
let alpha: string;
let bravo: string;
let alphaUser: Identity;
let bravoUser: Identity;
const customers: Record<'direct' | 'alphaOwned' | 'shared', { id: string; name: string; domain: string }> =
  {} as never;

const SET = `mutation($c: ID!, $o: CustomerOwnership!, $p: ID, $r: String!) {
  setCustomerOwnership(customerId: $c, ownership: $o, partnerId: $p, reason: $r) { id ownership ownerPartnerId } }`;
const HISTORY = `query($id: ID!) { customer(id: $id) { id ownership ownerPartnerId
  ownershipHistory(first: 20) { totalCount edges { node { fromOwnership fromPartnerId toOwnership toPartnerId reason changedBy changedAt } } } } }`;
const PREVIEW = `query($c: String!, $d: String) { checkRegistrationConflict(company: $c, domain: $d) { conflict kind } }`;
const REGISTRATION = `query($id: ID!) { dealRegistration(id: $id) { id status engagementConflict engagementOverriddenAt deal { id } } }`;
const APPROVE = `mutation($id: ID!, $o: Boolean, $r: String) {
  approveDealRegistration(id: $id, overrideConflicts: $o, reason: $r) {
    id status engagementConflict engagementOverriddenBy engagementOverriddenAt engagementOverrideReason } }`;
const ANALYTICS = `query($p: PeriodInput!, $partner: ID) { channelConflictAnalytics(period: $p, partnerId: $partner) {
  from to partnerId
  rows { partnerId month conflicts directConflicts partnerConflicts overrides approved rejected unresolved dealsWon dealsLost averageHoursToResolve }
  totals { conflicts directConflicts partnerConflicts overrides approved rejected unresolved dealsWon dealsLost averageHoursToResolve } } }`;
const today = () => new Date().toISOString().slice(0, 10);

const setOwnership = (c: string, o: string, p: string | null, r: string, identity: Identity = SALES) =>
  query<{ setCustomerOwnership: Data }>(SET, { c, o, p, r }, identity);
const historyRows = async () =>
  Number((await graph.crm.query(`SELECT count(*) FROM crm.customer_ownership_changes`))[0].count);

let leadCount = 0;
async function newLead(customerId: string): Promise<string> {
  leadCount += 1;
  const data = await ok(
    `mutation($c: ID, $n: String!, $e: String!) { createLead(input: { name: $n, email: $e, source: WEB, customerId: $c }) { id } }`,
    { c: customerId, n: `Lead ${leadCount}`, e: `lead${leadCount}@roe.example` },
  );
  return data.createLead.id;
}

beforeAll(async () => {
  // The test delivers the PRM outbox itself (dispatchOnce); the graph's own dispatcher stays off.
  process.env.OUTBOX_POLL_MS = '0';
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
  outbox = prmOutbox(graph);
  alpha = await seedPartner(graph, { name: 'Alpha Channel', tier: 'GOLD' });
  bravo = await seedPartner(graph, { name: 'Bravo Channel', tier: 'GOLD' });
  alphaUser = await partnerUser(graph, alpha);
  bravoUser = await partnerUser(graph, bravo);
  for (const [key, name, domain] of [
    ['direct', 'Direct Dynamics', 'direct-dynamics.example'],
    ['alphaOwned', 'Alpha Owned Works', 'alpha-owned.example'],
    ['shared', 'Shared Logistics', 'shared-logistics.example'],
  ] as const) {
    customers[key] = { id: (await createCustomer(graph, { name, domain }, SALES)).id, name, domain };
  }
});
afterAll(async () => {
  await graph?.stop();
});

describe('sales management sets ownership', () => {
  it('a new customer is SHARED; SALES and ADMIN set DIRECT and CHANNEL, each change in the history', async () => {
    expect((await ok(HISTORY, { id: customers.direct.id })).customer).toMatchObject({
      ownership: 'SHARED',
      ownerPartnerId: null,
      ownershipHistory: { totalCount: 0 },
    });
    const direct = await setOwnership(customers.direct.id, 'DIRECT', null, 'Named account of the EMEA team');
    expect(direct.data?.setCustomerOwnership).toEqual({
      id: customers.direct.id,
      ownership: 'DIRECT',
      ownerPartnerId: null,
    });
    const channel = await setOwnership(customers.alphaOwned.id, 'CHANNEL', alpha, 'Alpha brought it', ADMIN);
    expect(channel.data?.setCustomerOwnership).toMatchObject({ ownership: 'CHANNEL', ownerPartnerId: alpha });
    // The same again is a repeat: answered, not recorded twice.
    expect((await setOwnership(customers.direct.id, 'DIRECT', null, 'again')).errors).toBeUndefined();

    const { customer } = await ok(HISTORY, { id: customers.alphaOwned.id }, ANALYST);
    expect(customer.ownershipHistory.totalCount).toBe(1);
    const [entry] = customer.ownershipHistory.edges.map((e: Data) => e.node);
    expect(entry).toMatchObject({
      fromOwnership: 'SHARED',
      fromPartnerId: null,
      toOwnership: 'CHANNEL',
      toPartnerId: alpha,
      reason: 'Alpha brought it',
      changedBy: ADMIN.sub,
    });
    expect(Date.parse(entry.changedAt)).toBeLessThanOrEqual(Date.now());
    expect(await historyRows()).toBe(2);
    // The audit log has the customer's before and after as well.
    const [audit] = await graph.crm.query(
      `SELECT actor_sub, before->>'ownership' AS before, after->>'ownership' AS after FROM crm.audit_log
       WHERE record_id = $1 AND action = 'UPDATE' ORDER BY created_at DESC LIMIT 1`,
      [customers.alphaOwned.id],
    );
    expect(audit).toEqual({ actor_sub: ADMIN.sub, before: 'SHARED', after: 'CHANNEL' });
  });

  it('answers bad input with a typed error and writes nothing', async () => {
    const before = await historyRows();
    const c = customers.shared.id;
    const cases: [string, string | null, string, string, string][] = [
      ['CHANNEL', null, 'reason', 'BAD_USER_INPUT', 'partnerId'],
      ['CHANNEL', '7d3c8a5e-2b1f-4c9d-8e6a-0f1b2c3d4e5f', 'reason', 'BAD_USER_INPUT', 'partnerId'],
      ['CHANNEL', 'not-a-partner', 'reason', 'BAD_USER_INPUT', 'partnerId'],
      ['SHARED', alpha, 'reason', 'BAD_USER_INPUT', 'partnerId'],
      ['DIRECT', null, '   ', 'BAD_USER_INPUT', 'reason'],
    ];
    for (const [o, p, r, code, field] of cases) {
      const error = errorOf(await setOwnership(c, o, p, r));
      expect(error.extensions).toMatchObject({ code, field });
    }
    expect(codeOf(await setOwnership('0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4', 'DIRECT', null, 'x'))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await query(SET, { c, o: 'OWNED', p: null, r: 'x' }, SALES))).toBe('BAD_USER_INPUT');
    for (const role of [CM, ANALYST, MARKETING, alphaUser]) {
      expect(codeOf(await setOwnership(c, 'DIRECT', null, 'mine now', role))).toBe('FORBIDDEN');
    }
    expect(await historyRows()).toBe(before);
    expect((await ok(HISTORY, { id: c })).customer.ownership).toBe('SHARED');
  });
});

describe('lead distribution obeys ownership', () => {
  const DISTRIBUTE = `mutation($l: ID!) { distributeLead(leadId: $l) { id partner { id } } }`;
  const OFFER = `mutation($l: ID!, $p: ID!) { offerLeadToPartner(leadId: $l, partnerId: $p) { id partner { id } } }`;
  const offersOf = async (identity: Identity, leadId: string) =>
    (
      await ok(
        `query($l: ID!) { leadOffers(first: 50, filter: { leadId: $l }) { edges { node { id partner { id } } } } }`,
        { l: leadId },
        identity,
      )
    ).leadOffers.edges.map((e: Data) => e.node.partner.id);

  beforeAll(async () => {
    await ok(
      `mutation { createDistributionRule(input: { name: "Everyone", priority: 1, responseSlaHours: 24, maxOpenOffersPerPartner: 10 }) { id } }`,
      {},
      CM,
    );
  });

  it('never offers a lead of a DIRECT account to a partner, by the rules or by hand', async () => {
    const lead = await newLead(customers.direct.id);
    const routed = await query(DISTRIBUTE, { l: lead }, CM);
    expect(errorOf(routed).extensions).toMatchObject({ code: 'CONFLICT', rule: 'RULES_OF_ENGAGEMENT' });
    for (const partnerId of [alpha, bravo]) {
      expect(codeOf(await query(OFFER, { l: lead, p: partnerId }, CM))).toBe('CONFLICT');
    }
    expect(await offersOf(CM, lead)).toEqual([]);
    expect(await offersOf(alphaUser, lead)).toEqual([]);
  });

  it("offers a CHANNEL account's lead only to its owner, skipping the partner in conflict on re-routing", async () => {
    const lead = await newLead(customers.alphaOwned.id);
    expect(codeOf(await query(OFFER, { l: lead, p: bravo }, CM))).toBe('CONFLICT');
    const offer = (await ok(DISTRIBUTE, { l: lead }, CM)).distributeLead;
    expect(offer.partner.id).toBe(alpha);
    // Alpha declines: bravo is eligible by the rule but in conflict, so nobody gets the lead.
    await ok(
      `mutation($o: ID!) { declineLeadOffer(offerId: $o, reason: "Not now") { id status } }`,
      { o: offer.id },
      alphaUser,
    );
    expect(await offersOf(CM, lead)).toEqual([alpha]);
    expect(await offersOf(bravoUser, lead)).toEqual([]);
  });

  it('offers a SHARED account’s lead as before', async () => {
    const lead = await newLead(customers.shared.id);
    expect([alpha, bravo]).toContain((await ok(DISTRIBUTE, { l: lead }, CM)).distributeLead.partner.id);
  });
});

describe('registration is flagged before it is submitted', () => {
  const registrations: Record<string, string> = {};

  it('previews the conflict for the partner, telling only "owned"', async () => {
    const preview = async (who: Identity, c: { name: string; domain: string | null }) =>
      (await ok(PREVIEW, { c: c.name, d: c.domain }, who)).checkRegistrationConflict;
    expect(await preview(alphaUser, customers.direct)).toEqual({ conflict: true, kind: 'OWNED_DIRECT' });
    expect(await preview(alphaUser, customers.alphaOwned)).toEqual({ conflict: false, kind: 'NONE' });
    expect(await preview(alphaUser, customers.shared)).toEqual({ conflict: false, kind: 'NONE' });
    expect(await preview(alphaUser, { name: 'Nobody Yet Ltd', domain: null })).toEqual({
      conflict: false,
      kind: 'NONE',
    });
    // Bravo probing alpha's account by name alone learns "owned by another partner", nothing more.
    const probe = await query(PREVIEW, { c: 'ALPHA OWNED WORKS, Inc.', d: null }, bravoUser);
    expect(probe.data?.checkRegistrationConflict).toEqual({
      conflict: true,
      kind: 'OWNED_BY_ANOTHER_PARTNER',
    });
    const said = JSON.stringify(probe);
    for (const secret of [alpha, 'Alpha Channel', customers.alphaOwned.id, customers.alphaOwned.domain]) {
      expect(said).not.toContain(secret);
    }
    // Staff read ownership on the customer; the preview is the partner's.
    expect(codeOf(await query(PREVIEW, { c: 'Direct Dynamics', d: null }, CM))).toBe('FORBIDDEN');
  });

  it('stores the flag at submission', async () => {
    const submit = async (key: string, who: Identity, c: { name: string; domain: string }) => {
      registrations[key] = (
        await registerDeal(
          graph,
          { prospectCompanyName: c.name, prospectDomain: c.domain, products: ['Analytics Suite'] },
          who,
        )
      ).id;
      return (await ok(REGISTRATION, { id: registrations[key] }, who)).dealRegistration;
    };
    expect(await submit('bravoOnAlpha', bravoUser, customers.alphaOwned)).toMatchObject({
      status: 'SUBMITTED',
      engagementConflict: 'OWNED_BY_ANOTHER_PARTNER',
    });
    expect(await submit('alphaOnDirect', alphaUser, customers.direct)).toMatchObject({
      engagementConflict: 'OWNED_DIRECT',
    });
    expect(await submit('alphaOnShared', alphaUser, customers.shared)).toMatchObject({
      engagementConflict: 'NONE',
    });
  });

  it('refuses to approve a flagged registration without an override (typed), approves with one and records it', async () => {
    const id = registrations.bravoOnAlpha;
    await startRegistrationReview(graph, id);
    const refused = await query(APPROVE, { id, o: false, r: null }, CM);
    expect(errorOf(refused).extensions).toMatchObject({
      code: 'CONFLICT',
      engagementConflict: 'OWNED_BY_ANOTHER_PARTNER',
    });
    expect(codeOf(await query(APPROVE, { id, o: true, r: null }, CM))).toBe('BAD_USER_INPUT');
    expect(codeOf(await query(APPROVE, { id, o: true, r: 'Alpha agreed' }, bravoUser))).toBe('FORBIDDEN');
    expect((await ok(REGISTRATION, { id }, CM)).dealRegistration.status).toBe('UNDER_REVIEW');

    const approved = (await ok(APPROVE, { id, o: true, r: 'Alpha agreed to hand it over' }, CM))
      .approveDealRegistration;
    expect(approved).toMatchObject({
      status: 'APPROVED',
      engagementConflict: 'OWNED_BY_ANOTHER_PARTNER',
      engagementOverriddenBy: CM.sub,
      engagementOverrideReason: 'Alpha agreed to hand it over',
    });
    expect(approved.engagementOverriddenAt).not.toBeNull();
    const [audit] = await graph.prm.query(
      `SELECT actor_sub, after->>'engagementOverrideReason' AS reason FROM prm.audit_log
       WHERE record_id = $1 AND action = 'UPDATE' ORDER BY created_at DESC LIMIT 1`,
      [id],
    );
    expect(audit).toEqual({ actor_sub: CM.sub, reason: 'Alpha agreed to hand it over' });
    // The partner sees its flag and that it was overridden, not by whom nor why.
    const own = await query(
      `query($id: ID!) { dealRegistration(id: $id) { engagementConflict engagementOverrideReason } }`,
      { id },
      bravoUser,
    );
    expect(codeOf(own)).toBe('FORBIDDEN');
    expect(
      (await ok(REGISTRATION, { id }, bravoUser)).dealRegistration.engagementOverriddenAt,
    ).not.toBeNull();

    // A flagged one rejected; an unflagged one approved without any override.
    await startRegistrationReview(graph, registrations.alphaOnDirect);
    await ok(
      `mutation($id: ID!) { rejectDealRegistration(id: $id, reason: "Direct account") { id } }`,
      {
        id: registrations.alphaOnDirect,
      },
      CM,
    );
    await startRegistrationReview(graph, registrations.alphaOnShared);
    expect(
      (await ok(APPROVE, { id: registrations.alphaOnShared, o: false, r: null }, CM)).approveDealRegistration,
    ).toMatchObject({ status: 'APPROVED', engagementOverriddenBy: null });
  });

  it('the channel-conflict analytics count what happened, by partner and month', async () => {
    // The approved registrations' CRM deals: the overridden one is won.
    expect((await outbox.dispatchOnce()).delivered).toBe(2);
    const deal = (await ok(REGISTRATION, { id: registrations.bravoOnAlpha }, CM)).dealRegistration.deal.id;
    await ok(
      `mutation($id: ID!) { moveDealStage(id: $id, stage: CLOSED_WON) { id stage } }`,
      { id: deal },
      SALES,
    );

    const period = { from: today(), to: today() };
    const { channelConflictAnalytics: all } = await ok(ANALYTICS, { p: period }, CM);
    const month = today().slice(0, 7);
    const figures = {
      directConflicts: 0,
      partnerConflicts: 0,
      overrides: 0,
      approved: 0,
      rejected: 0,
      unresolved: 0,
      dealsWon: 0,
      dealsLost: 0,
    };
    expect(all.rows).toHaveLength(2);
    expect(all.rows).toEqual(
      expect.arrayContaining([
        {
          ...figures,
          partnerId: alpha,
          month,
          conflicts: 1,
          directConflicts: 1,
          rejected: 1,
          averageHoursToResolve: expect.any(Number),
        },
        {
          ...figures,
          partnerId: bravo,
          month,
          conflicts: 1,
          partnerConflicts: 1,
          overrides: 1,
          approved: 1,
          dealsWon: 1,
          averageHoursToResolve: expect.any(Number),
        },
      ]),
    );
    expect(all.totals).toMatchObject({
      conflicts: 2,
      directConflicts: 1,
      partnerConflicts: 1,
      overrides: 1,
      approved: 1,
      rejected: 1,
      unresolved: 0,
      dealsWon: 1,
      dealsLost: 0,
    });
    // Time to resolve: submission to approval (bravo) and to rejection (alpha), as recorded.
    const [times] = await graph.prm.query(
      `SELECT avg(extract(epoch FROM coalesce(approved_at, decided_at) - created_at)) / 3600 AS hours,
              max(extract(epoch FROM coalesce(approved_at, decided_at) - created_at)) FILTER (WHERE partner_id = $2) / 3600 AS bravo
       FROM prm.deal_registrations WHERE id = ANY($1)`,
      [[registrations.bravoOnAlpha, registrations.alphaOnDirect], bravo],
    );
    expect(all.totals.averageHoursToResolve).toBeCloseTo(Number(times.hours), 9);
    expect(all.rows.find((r: Data) => r.partnerId === bravo).averageHoursToResolve).toBeCloseTo(
      Number(times.bravo),
      9,
    );

    const bravoOnly = (await ok(ANALYTICS, { p: period, partner: bravo }, ANALYST)).channelConflictAnalytics;
    expect(bravoOnly.rows.map((r: Data) => r.partnerId)).toEqual([bravo]);
    const lastYear = { from: '2025-01-01', to: '2025-12-31' };
    expect((await ok(ANALYTICS, { p: lastYear }, CM)).channelConflictAnalytics.totals.conflicts).toBe(0);
    expect(codeOf(await query(ANALYTICS, { p: { from: today(), to: '2020-01-01' } }, CM))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await query(ANALYTICS, { p: period, partner: bravo }, bravoUser))).toBe('FORBIDDEN');
  });
});

describe('a partner cannot see beyond what the rules allow', () => {
  it('cannot read ownership nor its history, even of an account it now has a deal with', async () => {
    // Bravo's approved registration made a deal on alpha's account: bravo reads the customer by name.
    const visible = await query(
      `query($id: ID!) { customer(id: $id) { id name } }`,
      { id: customers.alphaOwned.id },
      bravoUser,
    );
    expect(visible.data).toEqual({
      customer: { id: customers.alphaOwned.id, name: customers.alphaOwned.name },
    });
    for (const field of ['ownership', 'ownerPartnerId', 'ownershipHistory(first: 5) { totalCount }']) {
      const response = await query(
        `query($id: ID!) { customer(id: $id) { id ${field} } }`,
        { id: customers.alphaOwned.id },
        bravoUser,
      );
      expect(codeOf(response)).toBe('FORBIDDEN');
      expect(JSON.stringify(response)).not.toContain(alpha);
    }
    // An account it has nothing to do with does not exist for it.
    const hidden = await query(HISTORY, { id: customers.direct.id }, bravoUser);
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(hidden));
    expect(JSON.stringify(hidden)).not.toContain('Named account');
    // Through a list either.
    const listed = await query(
      `{ customers(first: 50) { edges { node { id ownershipHistory(first: 5) { totalCount } } } } }`,
      {},
      alphaUser,
    );
    expect(codeOf(listed)).toBe('FORBIDDEN');
  });

  it("cannot reach the CRM's ownership look-up: it is the PRM's, not in the public graph", async () => {
    const look = `{ customerOwnershipForProspects(prospects: [{ ref: "x", name: "Alpha Owned Works" }]) { ref ownership ownerPartnerId } }`;
    for (const who of [bravoUser, ADMIN]) {
      const response = await query(look, {}, who);
      expect(codeOf(response)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(response)).not.toContain(alpha);
    }
  });

  it('cannot walk the customer base through the preview: it spends the partner’s hourly checks', async () => {
    process.env.PROSPECT_CHECKS_PER_HOUR = '1';
    try {
      const probes = await Promise.all(
        ['Probe One', 'Probe Two'].map((c) => query(PREVIEW, { c, d: null }, bravoUser)),
      );
      expect(probes.map(codeOf)).toContain('RATE_LIMITED');
    } finally {
      delete process.env.PROSPECT_CHECKS_PER_HOUR;
    }
  });
});
