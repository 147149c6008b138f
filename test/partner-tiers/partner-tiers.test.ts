import type { Identity } from '@sales-graph/shared/auth/identity';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import { trailingPeriod } from '../../subgraphs/partners/src/scorecards/tier.rules';
import { DAY_MS } from '@sales-graph/shared/time';
import {
  as,
  client,
  codes,
  createCustomer,
  partnerUser,
  registerDeal,
  seedPartner,
  startTestGraph,
} from '../support';
import type { Data, PartnerFixture, TestGraph } from '../support';

/**
 * Scorecards and tiers through the gateway: the scorecard reads the partner's CRM deals (won and
 * lost through the CRM's own mutations), its lead offers, certifications and registrations; tier
 * rules promote at once, flag at risk with reasons and a drop date, demote after the grace period
 * and un-flag on recovery, every step recorded and audited; partner users see only their own.
 */
let graph: TestGraph;
const { admin: ADMIN, channelManager: CM, sales: SALES, analyst: ANALYST } = as;
const p: Record<string, string> = {};
const course: Record<string, string> = {};
/** A real, active user of partner `key`, created on first use. */
const users: Record<string, Promise<Identity>> = {};
const asPartner = (key: string): Promise<Identity> => (users[key] ??= partnerUser(graph, p[key]));

const { ok } = client(() => graph, CM);

const addDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
const today = addDays(0);
let customer: string;

const createPartner = (name: string, tier: string) =>
  seedPartner(graph, { name, tier: tier as PartnerFixture['tier'] });

/** A CRM deal attributed to the partner, closed won or lost through the CRM's mutations. */
async function closedDeal(
  partnerId: string,
  amount: string,
  stage: 'CLOSED_WON' | 'CLOSED_LOST',
  currency = 'EUR',
) {
  const deal = (
    await ok(
      `mutation($c: ID!, $a: Decimal!, $cur: String!) { createDeal(input: { customerId: $c, title: "Tier deal", amount: $a, currency: $cur }) { id } }`,
      { c: customer, a: amount, cur: currency },
      ADMIN,
    )
  ).createDeal.id as string;
  await ok(
    `mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`,
    {
      d: deal,
      p: partnerId,
    },
  );
  await ok(
    `mutation($d: ID!, $s: DealStage!, $r: String) { moveDealStage(id: $d, stage: $s, reason: $r) { id stage } }`,
    { d: deal, s: stage, r: stage === 'CLOSED_LOST' ? 'Went with a competitor' : null },
    SALES,
  );
  return deal;
}

/** One of the partner's users passes a course: an active certification. */
let userCount = 0;
async function certify(key: string, courseId: string) {
  userCount += 1;
  const email = `user${userCount}@${key}.example`;
  await ok(`mutation($input: InvitePartnerUserInput!) { invitePartnerUser(input: $input) { id } }`, {
    input: { partnerId: p[key], email, name: `User ${userCount}`, role: 'ADMIN' },
  });
  const enrolment = (
    await ok(`mutation($input: EnrolInCourseInput!) { enrolInCourse(input: $input) { id } }`, {
      input: { partnerId: p[key], courseId, userEmail: email },
    })
  ).enrolInCourse.id;
  await ok(`mutation($id: ID!) { recordCourseCompletion(enrolmentId: $id, score: 90) { id status } }`, {
    id: enrolment,
  });
}

/** A CRM lead offered to the partner through lead sharing, answered by the partner's user. */
let leadCount = 0;
async function answeredOffer(key: string, answer: 'accept' | 'decline') {
  leadCount += 1;
  const lead = (
    await ok(
      `mutation($c: ID, $n: String!) { createLead(input: { name: $n, source: WEB, customerId: $c }) { id } }`,
      { c: customer, n: `Lead ${leadCount}` },
      ADMIN,
    )
  ).createLead.id;
  const offer = (
    await ok(`mutation($l: ID!, $p: ID!) { offerLeadToPartner(leadId: $l, partnerId: $p) { id } }`, {
      l: lead,
      p: p[key],
    })
  ).offerLeadToPartner.id;
  if (answer === 'accept') {
    await ok(
      `mutation($o: ID!) { acceptLeadOffer(offerId: $o) { id status } }`,
      { o: offer },
      await asPartner(key),
    );
  } else {
    await ok(
      `mutation($o: ID!) { declineLeadOffer(offerId: $o, reason: "Out of our region") { id status } }`,
      { o: offer },
      await asPartner(key),
    );
  }
}

const SCORECARD = `from to revenue { currency amount } dealsWon dealsLost winRate
  leadOffersReceived leadOffersAccepted leadOffersDeclined leadAcceptanceRate medianResponseHours
  activeCertifications registrationsSubmitted trainingsCompleted engagement`;
const STATUS = `tierStatus { atRisk reasons { measure actual required } dropsOn flaggedOn }`;
const RECOMPUTE = `mutation { recomputePartnerTiers { evaluated atRisk { id }
  changes { partnerId kind from to reason at by } } }`;
const recompute = async () => (await ok(RECOMPUTE)).recomputePartnerTiers;
const partner = async (key: string, identity: Identity = ANALYST) =>
  (
    await ok(
      // Who changed the tier is internal: staff read it, a partner user may not.
      `query($id: ID!) { partner(id: $id) { id tier ${STATUS}
        tierHistory(first: 20) { totalCount edges { node { kind from to reason ${identity.role === 'PARTNER' ? '' : 'by'} } } } } }`,
      { id: p[key] },
      identity,
    )
  ).partner;

beforeAll(async () => {
  graph = await startTestGraph();
  customer = (await createCustomer(graph, { name: 'Initech', industry: 'Software' })).id;
  p.alpha = await createPartner('Alpha Resellers', 'REGISTERED');
  p.bravo = await createPartner('Bravo Systems', 'GOLD');
  p.charlie = await createPartner('Charlie Consulting', 'SILVER');
  for (const [key, level] of [
    ['basics', 'FOUNDATION'],
    ['advanced', 'PROFESSIONAL'],
  ]) {
    course[key] = (
      await ok(
        `mutation($t: String!, $l: CourseLevel!) { createCourse(input: { title: $t, level: $l, passingScore: 60 }) { id } }`,
        {
          t: `Course ${key}`,
          l: level,
        },
      )
    ).createCourse.id;
  }
  // Alpha: 12000 EUR + 300 USD won, 1000 EUR lost (2 of 3); one offer accepted, one declined; one
  // certification; one deal registration.
  await closedDeal(p.alpha, '12000.00', 'CLOSED_WON');
  await closedDeal(p.alpha, '300.00', 'CLOSED_WON', 'USD');
  await closedDeal(p.alpha, '1000.00', 'CLOSED_LOST');
  await answeredOffer('alpha', 'accept');
  await answeredOffer('alpha', 'decline');
  await certify('alpha', course.basics);
  await registerDeal(
    graph,
    {
      prospectCompanyName: 'Umbrella Corp',
      estimatedAmount: '20000.00',
      currency: 'EUR',
      expectedCloseDate: addDays(45),
      products: ['Analytics'],
    },
    await asPartner('alpha'),
  );
  // Bravo (GOLD): 65000 EUR won, 2 of 4 won (0.5: enough for SILVER, not for GOLD's 0.6).
  await closedDeal(p.bravo, '60000.00', 'CLOSED_WON');
  await closedDeal(p.bravo, '5000.00', 'CLOSED_WON');
  await closedDeal(p.bravo, '700.00', 'CLOSED_LOST');
  await closedDeal(p.bravo, '800.00', 'CLOSED_LOST');
  await answeredOffer('bravo', 'accept');
  await certify('bravo', course.advanced);
  // Charlie (SILVER): 20000 EUR won, but no certification yet.
  await closedDeal(p.charlie, '20000.00', 'CLOSED_WON');
});

afterAll(async () => {
  await graph?.stop();
});

describe('tier rules', () => {
  const SET = `mutation($i: SetTierRuleInput!) { setTierRule(input: $i) { id tier minRevenue currency minWinRate
    minAcceptanceRate requiredCourseIds minCertifications reviewPeriodMonths graceDays } }`;

  it('are set by a channel manager, validated, and read by analysts', async () => {
    const silver = (
      await ok(SET, {
        i: {
          tier: 'SILVER',
          minRevenue: '10000',
          currency: 'eur',
          minWinRate: '0.5',
          minCertifications: 1,
          graceDays: 14,
        },
      })
    ).setTierRule;
    expect(silver).toMatchObject({
      tier: 'SILVER',
      minRevenue: '10000.00',
      currency: 'EUR',
      minWinRate: '0.5000',
      minAcceptanceRate: null,
      requiredCourseIds: [],
      minCertifications: 1,
      reviewPeriodMonths: 12,
      graceDays: 14,
    });
    const gold = (
      await ok(
        SET,
        {
          i: {
            tier: 'GOLD',
            minRevenue: '50000.00',
            currency: 'EUR',
            minWinRate: '0.6',
            minAcceptanceRate: '0.5',
            requiredCourseIds: [course.advanced],
            minCertifications: 1,
          },
        },
        ADMIN,
      )
    ).setTierRule;
    expect(gold).toMatchObject({ tier: 'GOLD', graceDays: 30, requiredCourseIds: [course.advanced] });
    // Setting a tier's rule again replaces it (same record).
    const again = (
      await ok(SET, {
        i: {
          tier: 'GOLD',
          minRevenue: '50000.00',
          currency: 'EUR',
          minWinRate: '0.6000',
          minAcceptanceRate: '0.5000',
          requiredCourseIds: [course.advanced],
          minCertifications: 1,
        },
      })
    ).setTierRule;
    expect(again.id).toBe(gold.id);

    const bad = [
      { tier: 'REGISTERED', minCertifications: 1 },
      { tier: 'PLATINUM', minRevenue: '1000.00' },
      { tier: 'PLATINUM', minWinRate: '1.5' },
      { tier: 'PLATINUM', minAcceptanceRate: 'half' },
      { tier: 'PLATINUM', requiredCourseIds: ['00000000-0000-4000-8000-000000000000'] },
      { tier: 'PLATINUM', requiredCourseIds: ['not-a-uuid'] },
      { tier: 'PLATINUM', graceDays: 0 },
      { tier: 'PLATINUM', minRevenue: '100.00', currency: 'XXY' },
    ];
    for (const i of bad) {
      const r = await graph.query(SET, { i }, CM);
      expect([i, codes(r)]).toEqual([i, ['BAD_USER_INPUT']]);
    }
    for (const identity of [SALES, ANALYST, await asPartner('alpha')]) {
      const r = await graph.query(SET, { i: { tier: 'PLATINUM', minCertifications: 9 } }, identity);
      expect(codes(r)).toEqual(['FORBIDDEN']);
    }
    const rules = (await ok(`{ tierRules { tier minRevenue } }`, {}, ANALYST)).tierRules;
    expect(rules).toEqual([
      { tier: 'SILVER', minRevenue: '10000.00' },
      { tier: 'GOLD', minRevenue: '50000.00' },
    ]);
    expect(codes(await graph.query(`{ tierRules { tier } }`, {}, await asPartner('alpha')))).toEqual([
      'FORBIDDEN',
    ]);

    // A rule can be removed (soft-deleted, audited); removing a missing one is NOT_FOUND. (Setting
    // GOLD again with the same values changed nothing, so left no UPDATE entry.)
    const DELETE = `mutation { deleteTierRule(tier: PLATINUM) { tier } }`;
    expect(codes(await graph.query(DELETE, {}, CM))).toEqual(['NOT_FOUND']);
    await ok(SET, { i: { tier: 'PLATINUM', minCertifications: 9 } });
    expect(codes(await graph.query(DELETE, {}, ANALYST))).toEqual(['FORBIDDEN']);
    expect((await ok(DELETE)).deleteTierRule).toEqual({ tier: 'PLATINUM' });
    expect((await ok(`{ tierRules { tier } }`, {}, ANALYST)).tierRules).toEqual([
      { tier: 'SILVER' },
      { tier: 'GOLD' },
    ]);
    const removed = await ok(
      `{ prmAuditLog(first: 20, recordType: "TierRule") { edges { node { action actorSub } } } }`,
      {},
      ADMIN,
    );
    expect(removed.prmAuditLog.edges.map((e: Data) => e.node.action).sort()).toEqual([
      'CREATE',
      'CREATE',
      'CREATE',
      'DELETE',
    ]);
  });
});

describe('scorecard', () => {
  it('reads revenue and win rate from the CRM deals, and offers, certifications and engagement from the PRM', async () => {
    const data = await ok(
      `query($id: ID!) { partner(id: $id) { scorecard { ${SCORECARD} } } }`,
      { id: p.alpha },
      ANALYST,
    );
    expect(data.partner.scorecard).toEqual({
      from: expect.any(String),
      to: today,
      revenue: [
        { currency: 'EUR', amount: '12000.00' },
        { currency: 'USD', amount: '300.00' },
      ],
      dealsWon: 2,
      dealsLost: 1,
      winRate: 0.6667,
      leadOffersReceived: 2,
      leadOffersAccepted: 1,
      leadOffersDeclined: 1,
      leadAcceptanceRate: 0.5,
      medianResponseHours: 0,
      activeCertifications: 1,
      registrationsSubmitted: 1,
      trainingsCompleted: 1,
      // 4 × 1 registration + 3 × 2 offers answered + 6 × 1 course passed
      engagement: 16,
    });
    // Trailing 12 months: from the day after the same date a year ago.
    expect(data.partner.scorecard.from).toBe(trailingPeriod(12, today).from);
    expect(Date.parse(data.partner.scorecard.from)).toBeGreaterThan(Date.now() - 366 * DAY_MS);

    const past = await ok(
      `query($id: ID!) { partner(id: $id) { scorecard(period: { from: "2020-01-01", to: "2020-12-31" }) { ${SCORECARD} } } }`,
      { id: p.alpha },
      ANALYST,
    );
    expect(past.partner.scorecard).toEqual({
      from: '2020-01-01',
      to: '2020-12-31',
      revenue: [],
      dealsWon: 0,
      dealsLost: 0,
      winRate: null,
      leadOffersReceived: 0,
      leadOffersAccepted: 0,
      leadOffersDeclined: 0,
      leadAcceptanceRate: null,
      medianResponseHours: null,
      // Certifications count as of now, whatever the period.
      activeCertifications: 1,
      registrationsSubmitted: 0,
      trainingsCompleted: 0,
      engagement: 0,
    });
    const backwards = await graph.query(
      `query($id: ID!) { partner(id: $id) { scorecard(period: { from: "2026-02-01", to: "2026-01-01" }) { engagement } } }`,
      { id: p.alpha },
      ANALYST,
    );
    expect(codes(backwards)).toEqual(['BAD_USER_INPUT']);
  });

  it('is the partner user’s own only', async () => {
    const own = await ok(
      `query($id: ID!) { partner(id: $id) { scorecard { dealsWon engagement } ${STATUS} } }`,
      { id: p.alpha },
      await asPartner('alpha'),
    );
    expect(own.partner.scorecard).toEqual({ dealsWon: 2, engagement: 16 });
    const other = await graph.query(
      `query($id: ID!) { partner(id: $id) { scorecard { dealsWon } ${STATUS} } }`,
      { id: p.bravo },
      await asPartner('alpha'),
    );
    expect(codes(other)).toEqual(['NOT_FOUND']);
    expect(other.data?.partner ?? null).toBeNull();
    const list = await ok(
      `{ partners(first: 50) { edges { node { id scorecard { dealsWon } } } } }`,
      {},
      await asPartner('alpha'),
    );
    expect(list.partners.edges.map((e: Data) => e.node)).toEqual([
      { id: p.alpha, scorecard: { dealsWon: 2 } },
    ]);
    // Roles without access to partner figures.
    const marketing = await graph.query(
      `query($id: ID!) { partner(id: $id) { scorecard { dealsWon } } }`,
      { id: p.alpha },
      as.marketing,
    );
    expect(codes(marketing)).toEqual(['FORBIDDEN']);
  });
});

describe('recomputing tiers', () => {
  it('is for channel managers and admins only', async () => {
    for (const identity of [SALES, ANALYST, await asPartner('alpha')]) {
      expect(codes(await graph.query(RECOMPUTE, {}, identity))).toEqual(['FORBIDDEN']);
    }
  });

  it('promotes at once, and flags partners below their tier with the reasons and the drop date', async () => {
    const run = await recompute();
    expect(run.evaluated).toBe(3);
    const byPartner = Object.fromEntries(run.changes.map((c: Data) => [c.partnerId, c]));
    expect(run.changes).toHaveLength(3);
    expect(byPartner[p.alpha]).toEqual({
      partnerId: p.alpha,
      kind: 'PROMOTED',
      from: 'REGISTERED',
      to: 'SILVER',
      reason: 'Meets the SILVER tier rule',
      at: expect.any(String),
      by: CM.sub,
    });
    expect(byPartner[p.bravo]).toMatchObject({
      kind: 'FLAGGED_AT_RISK',
      from: 'GOLD',
      to: 'GOLD',
      reason: `Below the GOLD tier rule: WIN_RATE: 0.5000 < 0.6000; drops on ${addDays(30)}`,
    });
    expect(byPartner[p.charlie]).toMatchObject({
      kind: 'FLAGGED_AT_RISK',
      from: 'SILVER',
      to: 'SILVER',
      reason: `Below the SILVER tier rule: ACTIVE_CERTIFICATIONS: 0 < 1; drops on ${addDays(14)}`,
    });
    expect(run.atRisk.map((x: Data) => x.id).sort()).toEqual([p.bravo, p.charlie].sort());

    expect(await partner('alpha')).toMatchObject({
      tier: 'SILVER',
      tierStatus: { atRisk: false, reasons: [], dropsOn: null, flaggedOn: null },
      tierHistory: {
        totalCount: 1,
        edges: [{ node: { kind: 'PROMOTED', from: 'REGISTERED', to: 'SILVER', by: CM.sub } }],
      },
    });
    expect(await partner('bravo')).toMatchObject({
      tier: 'GOLD',
      tierStatus: {
        atRisk: true,
        reasons: [{ measure: 'WIN_RATE', actual: '0.5000', required: '0.6000' }],
        dropsOn: addDays(30),
        flaggedOn: today,
      },
    });
    // The partner sees its own status.
    expect((await partner('charlie', await asPartner('charlie'))).tierStatus).toEqual({
      atRisk: true,
      reasons: [{ measure: 'ACTIVE_CERTIFICATIONS', actual: '0', required: '1' }],
      dropsOn: addDays(14),
      flaggedOn: today,
    });

    // Every change is audited, as its acting user.
    const audit = await ok(
      `query($id: ID!) { prmAuditLog(first: 20, recordType: "Partner", recordId: $id) { edges { node { action actorSub before after } } } }`,
      { id: p.alpha },
      ADMIN,
    );
    expect(audit.prmAuditLog.edges.map((e: Data) => e.node)).toContainEqual(
      expect.objectContaining({
        action: 'UPDATE',
        actorSub: CM.sub,
        before: expect.objectContaining({ tier: 'REGISTERED' }),
        after: expect.objectContaining({ tier: 'SILVER' }),
      }),
    );
    const flagsAudited = await ok(
      `{ flags: prmAuditLog(first: 20, recordType: "PartnerTierFlag") { totalCount }
         changes: prmAuditLog(first: 20, recordType: "PartnerTierChange") { totalCount } }`,
      {},
      ADMIN,
    );
    expect(flagsAudited).toEqual({ flags: { totalCount: 2 }, changes: { totalCount: 3 } });
  });

  it('lists the partners at risk, page by page, a partner user only its own', async () => {
    const first = await ok(
      `{ partnersAtRisk(first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { node { id ${STATUS} } } } }`,
      {},
      ANALYST,
    );
    expect(first.partnersAtRisk.totalCount).toBe(2);
    expect(first.partnersAtRisk.edges.map((e: Data) => e.node.id)).toEqual([p.bravo]);
    const second = await ok(
      `query($after: String) { partnersAtRisk(first: 1, after: $after) { pageInfo { hasNextPage } edges { node { id } } } }`,
      { after: first.partnersAtRisk.pageInfo.endCursor },
      ANALYST,
    );
    expect(second.partnersAtRisk).toEqual({
      pageInfo: { hasNextPage: false },
      edges: [{ node: { id: p.charlie } }],
    });
    const own = await ok(
      `{ partnersAtRisk(first: 10) { totalCount edges { node { id } } } }`,
      {},
      await asPartner('charlie'),
    );
    expect(own.partnersAtRisk).toEqual({ totalCount: 1, edges: [{ node: { id: p.charlie } }] });
    const none = await ok(`{ partnersAtRisk(first: 10) { totalCount } }`, {}, await asPartner('alpha'));
    expect(none.partnersAtRisk.totalCount).toBe(0);
  });

  it('changes nothing when run again with nothing new', async () => {
    const run = await recompute();
    expect(run.changes).toEqual([]);
    expect(run.atRisk.map((x: Data) => x.id).sort()).toEqual([p.bravo, p.charlie].sort());
    expect((await partner('bravo')).tierStatus.dropsOn).toBe(addDays(30));
  });

  it('un-flags a partner that recovers', async () => {
    await certify('charlie', course.basics);
    const run = await recompute();
    expect(run.changes).toEqual([
      expect.objectContaining({
        partnerId: p.charlie,
        kind: 'UNFLAGGED',
        from: 'SILVER',
        to: 'SILVER',
        reason: 'Meets the SILVER tier rule again',
      }),
    ]);
    expect(await partner('charlie')).toMatchObject({
      tier: 'SILVER',
      tierStatus: { atRisk: false, reasons: [], dropsOn: null },
      tierHistory: {
        totalCount: 2,
        edges: [{ node: { kind: 'FLAGGED_AT_RISK' } }, { node: { kind: 'UNFLAGGED' } }],
      },
    });
  });

  it('demotes once the grace period has passed and the partner still fails', async () => {
    // The grace period runs out: move the flag back 30 days (as if flagged a month ago).
    await graph.prm.query(
      `UPDATE prm.partner_tier_flags SET flagged_on = flagged_on - 30, drops_on = drops_on - 30
       WHERE partner_id = $1 AND deleted_at IS NULL`,
      [p.bravo],
    );
    expect((await partner('bravo')).tierStatus.dropsOn).toBe(today);
    const run = await recompute();
    expect(run.changes).toEqual([
      expect.objectContaining({
        partnerId: p.bravo,
        kind: 'DEMOTED',
        from: 'GOLD',
        to: 'SILVER',
        reason: 'Still below the GOLD tier rule after the grace period: WIN_RATE: 0.5000 < 0.6000',
      }),
    ]);
    expect(run.atRisk).toEqual([]);
    expect(await partner('bravo')).toMatchObject({
      tier: 'SILVER',
      tierStatus: { atRisk: false, reasons: [], dropsOn: null },
      tierHistory: {
        totalCount: 2,
        edges: [
          { node: { kind: 'FLAGGED_AT_RISK' } },
          { node: { kind: 'DEMOTED', from: 'GOLD', to: 'SILVER' } },
        ],
      },
    });
    // SILVER holds: the next run changes nothing.
    expect((await recompute()).changes).toEqual([]);
    const atRisk = await ok(`{ partnersAtRisk(first: 10) { totalCount } }`, {}, ANALYST);
    expect(atRisk.partnersAtRisk.totalCount).toBe(0);
  });
});

describe('recomputing tiers, edge cases', () => {
  it('lifts the flag of a partner that is no longer ACTIVE', async () => {
    p.delta = await createPartner('Delta Distribution', 'SILVER');
    const flagged = await recompute();
    expect(flagged.changes).toEqual([
      expect.objectContaining({
        partnerId: p.delta,
        kind: 'FLAGGED_AT_RISK',
        reason: `Below the SILVER tier rule: REVENUE: 0.00 EUR < 10000.00 EUR; WIN_RATE: none < 0.5000; ACTIVE_CERTIFICATIONS: 0 < 1; drops on ${addDays(14)}`,
      }),
    ]);
    await ok(`mutation($id: ID!) { suspendPartner(id: $id, reason: "Contract review") { id status } }`, {
      id: p.delta,
    });
    const lifted = await recompute();
    expect(lifted.changes).toEqual([
      expect.objectContaining({
        partnerId: p.delta,
        kind: 'UNFLAGGED',
        from: 'SILVER',
        to: 'SILVER',
        reason: 'Partner is SUSPENDED, no longer evaluated',
      }),
    ]);
    expect((await partner('delta')).tierStatus.atRisk).toBe(false);
  });

  it('records a promotion once when two runs race', async () => {
    p.echo = await createPartner('Echo Integrators', 'REGISTERED');
    await closedDeal(p.echo, '15000.00', 'CLOSED_WON');
    await certify('echo', course.basics);
    const runs = await Promise.all([recompute(), recompute()]);
    const changes = runs.flatMap((run) => run.changes);
    expect(changes).toEqual([
      expect.objectContaining({ partnerId: p.echo, kind: 'PROMOTED', from: 'REGISTERED', to: 'SILVER' }),
    ]);
    expect(await partner('echo')).toMatchObject({ tier: 'SILVER', tierHistory: { totalCount: 1 } });
  });
});

describe('statement count', () => {
  const LIST = `query($n: Int!) { partners(first: $n) { edges { node { id tier
    scorecard { ${SCORECARD} } ${STATUS} tierHistory(first: 5) { totalCount edges { node { kind } } } } } } }`;
  // The PRM's background outbox relay polls on its own schedule: not part of any request.
  const own = (statements: readonly string[]) => statements.filter((sql) => !/\boutbox\b/.test(sql)).length;

  async function cost(n: number) {
    const prm = statementCounter(graph.prm);
    const crm = statementCounter(graph.crm);
    prm.record();
    crm.record();
    const data = await ok(LIST, { n }, ANALYST);
    return { partners: data.partners.edges.length, prm: own(prm.statements), crm: own(crm.statements), data };
  }

  it('costs the same for 2 and 8 partners', async () => {
    for (let i = 0; i < 5; i += 1) {
      const key = `extra${i}`;
      p[key] = await createPartner(`Extra ${i}`, 'REGISTERED');
      await closedDeal(p[key], `${1000 + i}.00`, 'CLOSED_WON');
    }
    await recompute(); // a history entry for some, a flag for none
    // The attribution changes delivered: a partner with one in flight costs the figures two more
    // PRM statements (its ids) and a new rollup version in the CRM, whenever the relay runs.
    await graph.settleBackground();
    await cost(8); // warm-up
    const two = await cost(2);
    const eight = await cost(8);
    expect(two.partners).toBe(2);
    expect(eight.partners).toBe(8);
    expect(eight.prm).toBe(two.prm);
    expect(eight.crm).toBe(two.crm);
    const extra = eight.data.partners.edges.map((e: Data) => e.node).find((n: Data) => n.id === p.extra2);
    expect(extra.scorecard.revenue).toEqual([{ currency: 'EUR', amount: '1002.00' }]);
    console.log(
      `partners { scorecard tierStatus tierHistory } for 2 and 8: PRM ${two.prm} / ${eight.prm}, CRM ${two.crm} / ${eight.crm}`,
    );
  });
});
