import type { Identity } from '@sales-graph/shared/auth/identity';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import { HOUR_MS } from '@sales-graph/shared/time';
import { as, client, codes, createCustomer, partnerUser, seedPartner, startTestGraph } from '../support';
import type { Data, PartnerFixture, TestGraph } from '../support';

/**
 * Lead sharing through the gateway: distribution rules route CRM leads to the best eligible
 * partner, declines and expiry re-route (never back), capacity holds, partners see only their
 * own offers and the leads offered to them, referrals are idempotent, every step is recorded.
 */
let graph: TestGraph;
const { channelManager: CM } = as;
const p: Record<string, string> = {};
/** A real, active user of partner `key`, created on first use. */
const users: Record<string, Promise<Identity>> = {};
const asPartner = (key: string): Promise<Identity> => (users[key] ??= partnerUser(graph, p[key]));

const { ok } = client(() => graph, CM);

let emeaRetail: string;
let leadCount = 0;
async function newLead(customerId = emeaRetail, extra = ''): Promise<string> {
  leadCount += 1;
  const data = await ok(
    `mutation($c: ID, $n: String!, $e: String!) { createLead(input: { name: $n, email: $e, source: WEB, customerId: $c${extra} }) { id } }`,
    { c: customerId, n: `Lead ${leadCount}`, e: `lead${leadCount}@prospect.example` },
    as.admin,
  );
  return data.createLead.id;
}

/** An offer as the partner reads it: not who offered it (our staff or routing rule, internal). */
const PARTNER_OFFER = `id status declineReason respondBy respondedAt partner { id } lead { id } rule { id }
  previousOffer { id } nextOffer { id }`;
const OFFER = `${PARTNER_OFFER} offeredBy`;
const offerBy = (leadId: string, partnerId: string, identity: Identity = CM) =>
  ok(
    `mutation($l: ID!, $p: ID!) { offerLeadToPartner(leadId: $l, partnerId: $p) { ${OFFER} } }`,
    { l: leadId, p: partnerId },
    identity,
  ).then((d) => d.offerLeadToPartner);
const distribute = (leadId: string) =>
  graph.query<{ distributeLead: Data }>(
    `mutation($l: ID!) { distributeLead(leadId: $l) { ${OFFER} } }`,
    { l: leadId },
    CM,
  );
const accept = (offerId: string, identity: Identity) =>
  graph.query<{ acceptLeadOffer: Data }>(
    `mutation($o: ID!) { acceptLeadOffer(offerId: $o) { ${PARTNER_OFFER} } }`,
    { o: offerId },
    identity,
  );
const decline = (offerId: string, identity: Identity, reason = 'No capacity this quarter') =>
  graph.query<{ declineLeadOffer: Data }>(
    `mutation($o: ID!, $r: String!) { declineLeadOffer(offerId: $o, reason: $r) { ${PARTNER_OFFER} } }`,
    { o: offerId, r: reason },
    identity,
  );
const liveOffer = async (leadId: string) =>
  (
    await ok(
      `query($l: ID!) { leadOffers(first: 50, filter: { leadId: $l, status: OFFERED }) { edges { node { ${OFFER} } } } }`,
      {
        l: leadId,
      },
    )
  ).leadOffers.edges.map((e: Data) => e.node);

beforeAll(async () => {
  graph = await startTestGraph();
  const { admin } = as;
  const partners: [string, string, string, string][] = [
    ['alpha', 'GOLD', 'EMEA', 'ACTIVE'],
    ['bravo', 'GOLD', 'EMEA', 'ACTIVE'],
    ['charlie', 'PLATINUM', 'emea', 'ACTIVE'],
    ['delta', 'SILVER', 'EMEA', 'ACTIVE'], // below the rule's tier
    ['echo', 'GOLD', 'APAC', 'ACTIVE'], // another region
    ['foxtrot', 'PLATINUM', 'EMEA', 'SUSPENDED'], // not active
  ];
  for (const [key, tier, region, status] of partners) {
    p[key] = await seedPartner(graph, {
      name: `${key[0].toUpperCase()}${key.slice(1)} Partners`,
      tier: tier as PartnerFixture['tier'],
      region,
      status: status as PartnerFixture['status'],
    });
  }
  emeaRetail = (
    await createCustomer(graph, { name: 'Emea Retail Co', industry: 'Retail', region: 'EMEA' }, admin)
  ).id;

  // Past answers, before Data rule exists: charlie accepted 1 of 1, bravo 1 of 2, alpha none.
  const h1 = await newLead();
  const h2 = await newLead();
  const h3 = await newLead();
  expect(
    (await accept((await offerBy(h1, p.charlie)).id, await asPartner('charlie'))).errors,
  ).toBeUndefined();
  expect((await accept((await offerBy(h2, p.bravo)).id, await asPartner('bravo'))).errors).toBeUndefined();
  const d3 = await decline((await offerBy(h3, p.bravo)).id, await asPartner('bravo'));
  expect(d3.data?.declineLeadOffer).toMatchObject({ status: 'DECLINED', nextOffer: null });

  await ok(
    `mutation { createDistributionRule(input: { name: "EMEA retail", priority: 1, region: "EMEA", industry: "retail",
      minTier: GOLD, responseSlaHours: 24, maxOpenOffersPerPartner: 2 }) { id } }`,
  );
});
afterAll(async () => {
  await graph?.stop();
});

describe('routing by the rules, decline and expiry', () => {
  let lead: string;
  const offers: Record<string, string> = {};

  it('routes a lead to the best eligible partner (highest acceptance rate)', async () => {
    lead = await newLead();
    const before = Date.now();
    const response = await distribute(lead);
    expect(response.errors).toBeUndefined();
    const offer = response.data!.distributeLead;
    expect(offer).toMatchObject({ status: 'OFFERED', partner: { id: p.charlie }, lead: { id: lead } });
    expect(offer.offeredBy).toMatch(/^routing:/);
    const after = Date.now();
    // Exactly the rule's SLA after the instant it was offered (made during the call), no tolerance.
    const [stored] = (await graph.prm.query(
      `SELECT offered_at, respond_by FROM prm.lead_offers WHERE id = $1`,
      [offer.id],
    )) as { offered_at: Date; respond_by: Date }[];
    expect(stored.respond_by.getTime() - stored.offered_at.getTime()).toBe(24 * HOUR_MS);
    expect(new Date(offer.respondBy).getTime()).toBe(stored.respond_by.getTime());
    expect(stored.offered_at.getTime()).toBeGreaterThanOrEqual(before);
    expect(stored.offered_at.getTime()).toBeLessThanOrEqual(after);
    offers.charlie = offer.id;
    // A lead has one live offer at a time.
    const again = await distribute(lead);
    expect(codes(again)).toEqual(['CONFLICT']);
  });

  it('lets the offered partner read the lead and its own offer; others get NOT_FOUND', async () => {
    const mine = await graph.query(
      `query($l: ID!, $o: ID!) { lead(id: $l) { id name } leadOffer(id: $o) { id status } }`,
      { l: lead, o: offers.charlie },
      await asPartner('charlie'),
    );
    expect(mine.errors).toBeUndefined();
    expect(mine.data).toEqual({
      lead: { id: lead, name: expect.any(String) },
      leadOffer: { id: offers.charlie, status: 'OFFERED' },
    });
    for (const other of ['alpha', 'bravo']) {
      const offer = await graph.query(
        `query($o: ID!) { leadOffer(id: $o) { id } }`,
        { o: offers.charlie },
        await asPartner(other),
      );
      expect(offer.data).toEqual({ leadOffer: null });
      expect(codes(offer)).toEqual(['NOT_FOUND']);
      const crmLead = await graph.query(
        `query($l: ID!) { lead(id: $l) { id } }`,
        { l: lead },
        await asPartner(other),
      );
      expect(crmLead.data).toEqual({ lead: null });
      expect(codes(crmLead)).toEqual(['NOT_FOUND']);
      const list = await ok(
        `{ leadOffers(first: 50) { edges { node { id partner { id } } } } }`,
        {},
        await asPartner(other),
      );
      expect(list.leadOffers.edges.every((e: Data) => e.node.partner.id === p[other])).toBe(true);
      // Not even by answering it.
      expect(codes(await accept(offers.charlie, await asPartner(other)))).toEqual(['NOT_FOUND']);
      expect(codes(await decline(offers.charlie, await asPartner(other)))).toEqual(['NOT_FOUND']);
    }
    // Only the partner answers: a channel manager may not accept for it.
    expect(codes(await accept(offers.charlie, CM))).toEqual(['FORBIDDEN']);
  });

  it('requires a reason to decline', async () => {
    const response = await decline(offers.charlie, await asPartner('charlie'), '   ');
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect((await liveOffer(lead))[0].id).toBe(offers.charlie);
  });

  it('re-routes a declined lead to the next partner in the same transaction', async () => {
    const response = await decline(offers.charlie, await asPartner('charlie'));
    expect(response.errors).toBeUndefined();
    // The decliner does not see where the lead went.
    expect(response.data!.declineLeadOffer).toMatchObject({
      status: 'DECLINED',
      declineReason: 'No capacity this quarter',
      nextOffer: null,
    });
    const [live] = await liveOffer(lead);
    expect(live).toMatchObject({
      partner: { id: p.bravo },
      previousOffer: { id: offers.charlie },
      status: 'OFFERED',
    });
    offers.bravo = live.id;
    const declined = await ok(`query($o: ID!) { leadOffer(id: $o) { nextOffer { id } } }`, {
      o: offers.charlie,
    });
    expect(declined.leadOffer.nextOffer).toEqual({ id: offers.bravo });
    // Having declined, charlie no longer sees the lead, and cannot be offered it again by hand.
    const gone = await graph.query(
      `query($l: ID!) { lead(id: $l) { id } }`,
      { l: lead },
      await asPartner('charlie'),
    );
    expect(codes(gone)).toEqual(['NOT_FOUND']);
  });

  it('expires an overdue offer and re-routes it, never back to a partner that declined', async () => {
    // Nothing is overdue yet.
    expect((await ok(`mutation { expireOverdueLeadOffers { id } }`)).expireOverdueLeadOffers).toEqual([]);
    await graph.prm.query(
      `UPDATE prm.lead_offers SET offered_at = now() - interval '2 days', respond_by = now() - interval '1 minute' WHERE id = $1`,
      [offers.bravo],
    );
    const expired = await ok(
      `mutation { expireOverdueLeadOffers { id status nextOffer { partner { id } } } }`,
    );
    expect(expired.expireOverdueLeadOffers).toEqual([
      { id: offers.bravo, status: 'EXPIRED', nextOffer: { partner: { id: p.alpha } } },
    ]);
    const [live] = await liveOffer(lead);
    offers.alpha = live.id;
    expect(live.previousOffer).toEqual({ id: offers.bravo });
    // A partner may not expire offers.
    expect(
      codes(await graph.query(`mutation { expireOverdueLeadOffers { id } }`, {}, await asPartner('alpha'))),
    ).toEqual(['FORBIDDEN']);
  });

  it('lets the offered partner accept: the lead is assigned to it', async () => {
    const response = await accept(offers.alpha, await asPartner('alpha'));
    expect(response.errors).toBeUndefined();
    expect(response.data!.acceptLeadOffer).toMatchObject({
      status: 'ACCEPTED',
      respondedAt: expect.any(String),
    });
    const seen = await ok(
      `query($l: ID!) { lead(id: $l) { id assignedPartner { id } offers(first: 10) { totalCount edges { node { status partner { id } } } } } }`,
      { l: lead },
      await asPartner('alpha'),
    );
    // The partner sees its own offer only; internal users see all three.
    expect(seen.lead).toEqual({
      id: lead,
      assignedPartner: { id: p.alpha },
      offers: { totalCount: 1, edges: [{ node: { status: 'ACCEPTED', partner: { id: p.alpha } } }] },
    });
    const all = await ok(
      `query($l: ID!) { lead(id: $l) { assignedPartner { id } offers(first: 10) { totalCount edges { node { status partner { id } } } } } }`,
      { l: lead },
    );
    expect(all.lead.assignedPartner).toEqual({ id: p.alpha });
    expect(all.lead.offers.edges.map((e: Data) => [e.node.partner.id, e.node.status])).toEqual([
      [p.charlie, 'DECLINED'],
      [p.bravo, 'EXPIRED'],
      [p.alpha, 'ACCEPTED'],
    ]);
    // Accepted is final: accepting again answers the accepted offer (a retry) and records nothing;
    // declining it is CONFLICT, and the lead cannot be distributed again.
    const acceptedAgain = await accept(offers.alpha, await asPartner('alpha'));
    expect(acceptedAgain.errors).toBeUndefined();
    expect(acceptedAgain.data!.acceptLeadOffer).toMatchObject({ id: offers.alpha, status: 'ACCEPTED' });
    expect(codes(await decline(offers.alpha, await asPartner('alpha')))).toEqual(['CONFLICT']);
    expect(codes(await distribute(lead))).toEqual(['CONFLICT']);
  });

  it('records every step, who and when', async () => {
    const data = await ok(
      `query($l: ID!) { lead(id: $l) { offerHistory { type offerId partnerId actor reason relatedOfferId at } } }`,
      { l: lead },
    );
    const steps = data.lead.offerHistory.map((e: Data) => [
      e.type,
      e.offerId,
      e.partnerId,
      e.actor,
      e.reason,
      e.relatedOfferId,
    ]);
    expect(steps).toEqual([
      ['OFFERED', offers.charlie, p.charlie, CM.sub, null, null],
      [
        'DECLINED',
        offers.charlie,
        p.charlie,
        (await asPartner('charlie')).sub,
        'No capacity this quarter',
        null,
      ],
      ['REROUTED', offers.bravo, p.bravo, 'system', null, offers.charlie],
      ['EXPIRED', offers.bravo, p.bravo, CM.sub, null, null],
      ['REROUTED', offers.alpha, p.alpha, CM.sub, null, offers.bravo],
      ['ACCEPTED', offers.alpha, p.alpha, (await asPartner('alpha')).sub, null, null],
    ]);
    for (const event of data.lead.offerHistory) expect(Date.parse(event.at)).not.toBeNaN();
    // Per offer, and for a partner only its own steps.
    const own = await ok(
      `query($l: ID!) { lead(id: $l) { offerHistory { type relatedOfferId } } }`,
      { l: lead },
      await asPartner('alpha'),
    );
    // Not even the id of the offer another partner let expire.
    expect(own.lead.offerHistory).toEqual([
      { type: 'REROUTED', relatedOfferId: null },
      { type: 'ACCEPTED', relatedOfferId: null },
    ]);
    const offer = await ok(`query($o: ID!) { leadOffer(id: $o) { events { type actor } } }`, {
      o: offers.bravo,
    });
    expect(offer.leadOffer.events).toEqual([
      { type: 'REROUTED', actor: 'system' },
      { type: 'EXPIRED', actor: CM.sub },
    ]);
  });

  it('stops when every eligible partner has declined: no offer goes back to them', async () => {
    const other = await newLead();
    let offer = (await distribute(other)).data!.distributeLead;
    const order: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      order.push(offer.partner.id);
      const key = Object.keys(p).find((k) => p[k] === offer.partner.id)!;
      const declined = await decline(offer.id, await asPartner(key));
      expect(declined.errors).toBeUndefined();
      const live = await liveOffer(other);
      if (i < 2) {
        expect(live).toHaveLength(1);
        offer = live[0];
      } else {
        expect(live).toEqual([]);
      }
    }
    expect([...order].sort()).toEqual([p.alpha, p.bravo, p.charlie].sort());
    const history = await ok(`query($l: ID!) { lead(id: $l) { offerHistory { type } } }`, { l: other });
    expect(history.lead.offerHistory.map((e: Data) => e.type)).toEqual([
      'OFFERED',
      'DECLINED',
      'REROUTED',
      'DECLINED',
      'REROUTED',
      'DECLINED',
      'UNROUTED',
    ]);
    expect(codes(await distribute(other))).toEqual(['BAD_USER_INPUT']);
    const byHand = await graph.query(
      `mutation($l: ID!, $p: ID!) { offerLeadToPartner(leadId: $l, partnerId: $p) { id } }`,
      { l: other, p: p.charlie },
      CM,
    );
    expect(codes(byHand)).toEqual(['BAD_USER_INPUT']);
    // By hand, a partner outside the rules can still be offered the lead.
    expect((await offerBy(other, p.delta)).partner).toEqual({ id: p.delta });
  });
});

describe('capacity, rules and permissions', () => {
  it('never gives a partner more open offers than the rule allows', async () => {
    await ok(
      `mutation($id: ID!) { updateDistributionRule(id: $id, input: { maxOpenOffersPerPartner: 1 }) { id maxOpenOffersPerPartner } }`,
      {
        id: (await ok(`{ distributionRules(first: 10) { edges { node { id } } } }`)).distributionRules
          .edges[0].node.id,
      },
    );
    // Withdraw what is open so every partner starts empty.
    const open = await ok(
      `{ leadOffers(first: 100, filter: { status: OFFERED }) { edges { node { id } } } }`,
    );
    for (const edge of open.leadOffers.edges) {
      await ok(`mutation($o: ID!) { withdrawLeadOffer(offerId: $o, reason: "reset") { status } }`, {
        o: edge.node.id,
      });
    }
    const placed: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await distribute(await newLead());
      expect(response.errors).toBeUndefined();
      placed.push(response.data!.distributeLead.partner.id);
    }
    expect([...placed].sort()).toEqual([p.alpha, p.bravo, p.charlie].sort());
    const full = await distribute(await newLead());
    expect(codes(full)).toEqual(['BAD_USER_INPUT']);
    expect(full.errors![0].message).toMatch(/No distribution rule has an eligible partner/);
    for (const key of ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot']) {
      const data = await ok(
        `query($id: ID!) { partner(id: $id) { leadOffers(first: 10, status: OFFERED) { totalCount } } }`,
        { id: p[key] },
      );
      // One each for the rule's partners; none for those outside it (delta's hand offer was withdrawn).
      const expected = ['alpha', 'bravo', 'charlie'].includes(key) ? 1 : 0;
      expect([key, data.partner.leadOffers.totalCount]).toEqual([key, expected]);
    }
  });

  it('holds capacity under concurrent distribution too', async () => {
    const open = await ok(
      `{ leadOffers(first: 100, filter: { status: OFFERED }) { edges { node { id } } } }`,
    );
    for (const edge of open.leadOffers.edges) {
      await ok(`mutation($o: ID!) { withdrawLeadOffer(offerId: $o) { status } }`, { o: edge.node.id });
    }
    const leads = await Promise.all([1, 2, 3, 4, 5].map(() => newLead()));
    const results = await Promise.all(leads.map((lead) => distribute(lead)));
    const placed = results.filter((r) => !r.errors).map((r) => r.data!.distributeLead.partner.id);
    expect(placed.sort()).toEqual([p.alpha, p.bravo, p.charlie].sort());
    expect(results.flatMap(codes)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
  });

  it('lets channel managers withdraw an offer; the partner then loses the lead', async () => {
    const lead = await newLead();
    const offer = await offerBy(lead, p.echo);
    expect(
      codes(
        await graph.query(
          `mutation($o: ID!) { withdrawLeadOffer(offerId: $o) { id } }`,
          { o: offer.id },
          await asPartner('echo'),
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const seen = await graph.query(
      `query($l: ID!) { lead(id: $l) { id } }`,
      { l: lead },
      await asPartner('echo'),
    );
    expect(seen.data).toEqual({ lead: { id: lead } });
    const withdrawn = await ok(
      `mutation($o: ID!) { withdrawLeadOffer(offerId: $o, reason: "Sold direct") { status } }`,
      { o: offer.id },
    );
    expect(withdrawn.withdrawLeadOffer.status).toBe('WITHDRAWN');
    expect(
      codes(
        await graph.query(`query($l: ID!) { lead(id: $l) { id } }`, { l: lead }, await asPartner('echo')),
      ),
    ).toEqual(['NOT_FOUND']);
    expect(codes(await accept(offer.id, await asPartner('echo')))).toEqual(['CONFLICT']);
  });

  it('lets two concurrent answers to one offer take effect once (the same answer twice is one answer)', async () => {
    for (const pair of [
      ['accept', 'accept'],
      ['accept', 'decline'],
      ['decline', 'decline'],
    ]) {
      const lead = await newLead();
      const offer = await offerBy(lead, p.echo);
      const echo = await asPartner('echo');
      const results = await Promise.all(
        pair.map((kind) => (kind === 'accept' ? accept(offer.id, echo) : decline(offer.id, echo))),
      );
      if (pair[0] === pair[1]) {
        // A repeated answer answers the offer as the first one left it.
        expect(results.flatMap(codes)).toEqual([]);
        expect(results[1].data).toEqual(results[0].data);
      } else {
        expect(results.filter((r) => !r.errors)).toHaveLength(1);
        expect(results.flatMap(codes)).toEqual(['CONFLICT']);
      }
      const events = await ok(`query($o: ID!) { leadOffer(id: $o) { status events { type } } }`, {
        o: offer.id,
      });
      // Exactly one answer recorded (a decline is followed by the failed re-routing: echo is outside the rule).
      const answers = events.leadOffer.events
        .map((e: Data) => e.type)
        .filter((t: string) => t === 'ACCEPTED' || t === 'DECLINED');
      expect(answers).toEqual([events.leadOffer.status]);
    }
  });

  it('keeps distribution rules and offering to channel managers', async () => {
    const rules = await graph.query(
      `{ distributionRules(first: 5) { totalCount } }`,
      {},
      await asPartner('alpha'),
    );
    expect(codes(rules)).toEqual(['FORBIDDEN']);
    const lead = await newLead();
    expect(
      codes(
        await graph.query(
          `mutation($l: ID!) { distributeLead(leadId: $l) { id } }`,
          { l: lead },
          await asPartner('alpha'),
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const bad = await graph.query(
      `mutation { createDistributionRule(input: { name: "x", priority: 1, responseSlaHours: 0, maxOpenOffersPerPartner: 1 }) { id } }`,
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const unknown = await graph.query(`mutation($l: ID!) { distributeLead(leadId: $l) { id } }`, {
      l: '00000000-0000-4000-8000-000000000000',
    });
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    const suspended = await graph.query(
      `mutation($l: ID!, $p: ID!) { offerLeadToPartner(leadId: $l, partnerId: $p) { id } }`,
      { l: lead, p: p.foxtrot },
    );
    expect(codes(suspended)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('partner referrals', () => {
  const REFER = `mutation($input: ReferLeadInput!) { referLead(input: $input) { id name company source referredBy { id } } }`;
  const input = {
    name: 'Rita Referral',
    company: 'Referred Industries',
    email: 'rita@referred.example',
    domain: 'https://www.referred.example',
    notes: 'Met at the partner summit',
    idempotencyKey: 'summit-2026-rita',
  };
  let leadId: string;
  const crmLeads = async (email: string) =>
    (await graph.crm.query(`SELECT id, external_ref FROM crm.leads WHERE email = $1`, [email])) as {
      id: string;
      external_ref: string;
    }[];

  it('creates the CRM lead (source PARTNER) that the partner then sees, referred by itself', async () => {
    const data = await ok(REFER, { input }, await asPartner('bravo'));
    leadId = data.referLead.id;
    expect(data.referLead).toEqual({
      id: leadId,
      name: 'Rita Referral',
      company: 'Referred Industries',
      source: 'PARTNER',
      referredBy: { id: p.bravo },
    });
    const mine = await ok(
      `{ leads(first: 100) { edges { node { id referredBy { id } } } } }`,
      {},
      await asPartner('bravo'),
    );
    expect(mine.leads.edges.map((e: Data) => e.node)).toContainEqual({
      id: leadId,
      referredBy: { id: p.bravo },
    });
    const other = await graph.query(
      `query($l: ID!) { lead(id: $l) { id } }`,
      { l: leadId },
      await asPartner('alpha'),
    );
    expect(codes(other)).toEqual(['NOT_FOUND']);
  });

  it('is safe to retry with the same key: one CRM lead', async () => {
    const again = await ok(REFER, { input }, await asPartner('bravo'));
    expect(again.referLead.id).toBe(leadId);
    const rows = await crmLeads(input.email);
    expect(rows).toHaveLength(1);
    expect(rows[0].external_ref).toMatch(/^prm-referral:/);
    // The key belongs to this referral: reusing it for another one is refused.
    const reused = await graph.query(
      REFER,
      { input: { ...input, name: 'Someone Else' } },
      await asPartner('bravo'),
    );
    expect(codes(reused)).toEqual(['BAD_USER_INPUT']);
  });

  it('finishes a half-done referral on retry (CRM lead created, PRM not completed)', async () => {
    // As if the PRM had failed right after the CRM created the lead.
    await graph.prm.query(
      `UPDATE prm.lead_referrals SET status = 'PENDING', lead_id = NULL, completed_at = NULL WHERE idempotency_key = $1`,
      [input.idempotencyKey],
    );
    await graph.prm.query(`DELETE FROM prm.lead_attributions WHERE lead_id = $1`, [leadId]);
    const retried = await ok(REFER, { input }, await asPartner('bravo'));
    expect(retried.referLead).toMatchObject({ id: leadId, referredBy: { id: p.bravo } });
    expect(await crmLeads(input.email)).toHaveLength(1);
    const [referral] = await graph.prm.query(
      `SELECT status, lead_id FROM prm.lead_referrals WHERE idempotency_key = $1`,
      [input.idempotencyKey],
    );
    expect(referral).toEqual({ status: 'COMPLETED', lead_id: leadId });
  });

  it('lets a channel manager refer on a partner’s behalf, and only a service set externalRef', async () => {
    const data = await ok(REFER, {
      input: { partnerId: p.alpha, name: 'Carl Cm', company: 'Cm Corp', email: 'carl@cm.example' },
    });
    expect(data.referLead.referredBy).toEqual({ id: p.alpha });
    // A partner cannot refer for another partner.
    const forOther = await graph.query(
      REFER,
      { input: { partnerId: p.alpha, name: 'X', company: 'Y', email: 'x@y.example' } },
      await asPartner('bravo'),
    );
    expect(codes(forOther)).toEqual(['NOT_FOUND']);
    const invalid = await graph.query(
      REFER,
      { input: { name: 'X', company: 'Y', email: 'not-an-email' } },
      await asPartner('bravo'),
    );
    expect(codes(invalid)).toEqual(['BAD_USER_INPUT']);
    // Nobody but the PRM's service identity may set (or probe) an idempotency key in the CRM.
    const direct = await graph.query(
      `mutation { createLead(input: { name: "Sneaky", source: WEB, externalRef: "prm-referral:guess" }) { id } }`,
      {},
      as.admin,
    );
    expect(codes(direct)).toEqual(['FORBIDDEN']);
  });
});

describe('reading offers', () => {
  const LIST = `{ leadOffers(first: 100) { totalCount edges { node { id status respondBy
    partner { id name tier scorecard { leadOffersReceived leadAcceptanceRate activeCertifications } } lead { id name assignedPartner { id } referredBy { id } } rule { name }
    events { type actor } previousOffer { id } } } } }`;

  // Background work (e.g. an outbox poller) may run meanwhile: count only this request's statements.
  const own = (statements: readonly string[]) => statements.filter((q) => !/\boutbox\b/.test(q)).length;

  async function statements(): Promise<{ prm: number; crm: number; offers: number; data: Data }> {
    const prm = statementCounter(graph.prm);
    const crm = statementCounter(graph.crm);
    prm.record();
    crm.record();
    const data = await ok(LIST);
    return { prm: own(prm.statements), crm: own(crm.statements), offers: data.leadOffers.totalCount, data };
  }

  it('costs the same number of statements however many offers it lists', async () => {
    const before = await statements();
    for (let i = 0; i < 4; i += 1) await offerBy(await newLead(), p.echo);
    const after = await statements();
    expect(after.offers).toBe(before.offers + 4);
    expect(after.prm).toBe(before.prm);
    expect(after.crm).toBe(before.crm);
    // And the nested fields are all there: the accepted lead shows its partner.
    const nodes = after.data.leadOffers.edges.map((e: Data) => e.node);
    expect(
      nodes.filter((n: Data) => n.status === 'ACCEPTED').map((n: Data) => n.lead.assignedPartner),
    ).toContainEqual({
      id: p.alpha,
    });
    expect(
      nodes.every((n: Data) => typeof n.lead.name === 'string' && n.partner.id && n.events.length > 0),
    ).toBe(true);
    console.log(`leadOffers(${after.offers} offers): ${after.prm} PRM + ${after.crm} CRM statements`);
  });

  it('filters a partner’s offers by status', async () => {
    const data = await ok(
      `query($id: ID!) { partner(id: $id) { all: leadOffers(first: 50) { totalCount }
        accepted: leadOffers(first: 50, status: ACCEPTED) { totalCount edges { node { status } } } } }`,
      { id: p.charlie },
    );
    expect(data.partner.accepted.edges.every((e: Data) => e.node.status === 'ACCEPTED')).toBe(true);
    expect(data.partner.accepted.totalCount).toBe(1);
    expect(data.partner.all.totalCount).toBeGreaterThan(data.partner.accepted.totalCount);
  });

  it('scores partners on lead acceptance, response time and active certifications', async () => {
    // One certification for alpha: a user, a course, a pass.
    const course = (
      await ok(
        `mutation { createCourse(input: { title: "Lead Handling", level: FOUNDATION, passingScore: 50 }) { id } }`,
      )
    ).createCourse;
    await ok(`mutation($input: InvitePartnerUserInput!) { invitePartnerUser(input: $input) { id } }`, {
      input: { partnerId: p.alpha, email: 'ana@alpha.example', name: 'Ana Alpha', role: 'ADMIN' },
    });
    const enrolment = (
      await ok(`mutation($input: EnrolInCourseInput!) { enrolInCourse(input: $input) { id } }`, {
        input: { partnerId: p.alpha, courseId: course.id, userEmail: 'ana@alpha.example' },
      })
    ).enrolInCourse;
    await ok(`mutation($id: ID!) { recordCourseCompletion(enrolmentId: $id, score: 80) { id } }`, {
      id: enrolment.id,
    });

    const all = await ok(
      `{ leadOffers(first: 100) { edges { node { status offeredAt respondedAt partner { id } } } } }`,
    );
    const nodes: Data[] = all.leadOffers.edges.map((e: Data) => e.node);
    const expected = (partnerId: string) => {
      const mine = nodes.filter((n) => n.partner.id === partnerId);
      const count = (status: string) => mine.filter((n) => n.status === status).length;
      const answered = mine.filter((n) => n.status === 'ACCEPTED' || n.status === 'DECLINED');
      const hours = answered
        .map((n) => (Date.parse(n.respondedAt) - Date.parse(n.offeredAt)) / HOUR_MS)
        .sort((a, b) => a - b);
      const mid = hours.length / 2;
      const median =
        hours.length === 0
          ? null
          : hours.length % 2
            ? hours[Math.floor(mid)]
            : (hours[mid - 1] + hours[mid]) / 2;
      return {
        leadOffersReceived: mine.length,
        leadOffersAccepted: count('ACCEPTED'),
        leadOffersDeclined: count('DECLINED'),
        leadOffersExpired: count('EXPIRED'),
        leadAcceptanceRate:
          answered.length === 0 ? null : Math.round((count('ACCEPTED') / answered.length) * 10_000) / 10_000,
        medianResponseHours: median === null ? null : Math.round(median * 100) / 100,
      };
    };
    const SCORE = `scorecard { leadOffersReceived leadOffersAccepted leadOffersDeclined leadOffersExpired
      leadAcceptanceRate medianResponseHours activeCertifications }`;
    for (const key of ['alpha', 'bravo', 'charlie', 'foxtrot']) {
      const data = await ok(`query($id: ID!) { partner(id: $id) { ${SCORE} } }`, { id: p[key] });
      expect(data.partner.scorecard).toEqual({
        ...expected(p[key]),
        activeCertifications: key === 'alpha' ? 1 : 0,
      });
    }
    // bravo: accepted 1, declined 1 before the rule existed, let one expire, declined the 3-way chain.
    const bravo = await ok(
      `query($id: ID!) { partner(id: $id) { ${SCORE} } }`,
      { id: p.bravo },
      await asPartner('bravo'),
    );
    expect(bravo.partner.scorecard).toMatchObject({ leadOffersAccepted: 1, leadOffersExpired: 1 });
    expect(bravo.partner.scorecard.leadAcceptanceRate).toBeCloseTo(1 / 3, 4);
    // A partner cannot read another's scorecard (the partner itself is NOT_FOUND).
    const other = await graph.query(
      `query($id: ID!) { partner(id: $id) { ${SCORE} } }`,
      { id: p.alpha },
      await asPartner('bravo'),
    );
    expect(codes(other)).toEqual(['NOT_FOUND']);
  });
});
