import type { Identity } from '@sales-graph/shared/auth/identity';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import { JobRunner } from '@sales-graph/shared/jobs/jobs';
import { httpCrmClient } from '../../subgraphs/partners/src/crm/crm.client';
import { prmJobs } from '../../subgraphs/partners/src/jobs';
import { DAY_MS } from '@sales-graph/shared/time';
import { as, client, codeOf, inDays, partnerUser, seedPartner, startTestGraph } from '../support';
import type { Data, TestGraph } from '../support';

const { channelManager: CM, analyst: ANALYST } = as;
const asUser = (partnerId: string, sub: string): Identity => ({
  sub,
  role: 'PARTNER',
  partnerId,
});

let graph: TestGraph;

beforeAll(async () => {
  // No background delivery of the outbox: an approval's CRM deal arriving between two steps (on a
  // timer, so only on a slow machine) would turn the second approval's conflict into a CRM one.
  process.env.OUTBOX_POLL_MS = '0';
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
});

afterAll(async () => {
  await graph?.stop();
});

const { fails, ok } = client(() => graph);

// What partner users read; staff also read who did what (internal, FORBIDDEN to partner users).
const PARTNER_FIELDS = `id name status domain
  onboardingChecklist { step completed completedAt }
  statusHistory { from to reason at }`;
const STAFF_PARTNER_FIELDS = `${PARTNER_FIELDS} onboardingChecklist { completedBy } statusHistory { by }`;

const REGISTRATION_FIELDS = `id partnerId status prospectCompanyName prospectDomain estimatedAmount currency
  expectedCloseDate products approvedAt protectedUntil decisionReason`;
const STAFF_REGISTRATION = `query($id: ID!) { dealRegistration(id: $id) { approvedBy reviewedBy } }`;

const APPLY = `mutation($input: PartnerApplicationInput!) { applyAsPartner(input: $input) { ${STAFF_PARTNER_FIELDS} } }`;
const MOVE = (mutation: string, withReason = false) =>
  `mutation($id: ID!${withReason ? ', $reason: String!' : ''}) { ${mutation}(id: $id${withReason ? ', reason: $reason' : ''}) { ${STAFF_PARTNER_FIELDS} } }`;
const COMPLETE_STEP = `mutation($partnerId: ID!, $step: OnboardingStep!) {
  completeOnboardingStep(partnerId: $partnerId, step: $step) { ${PARTNER_FIELDS} } }`;
const REGISTER = `mutation($input: RegisterDealInput!) { registerDeal(input: $input) { ${REGISTRATION_FIELDS} } }`;
const REG_MOVE = (mutation: string, withReason = false) =>
  `mutation($id: ID!${withReason ? ', $reason: String!' : ''}) { ${mutation}(id: $id${withReason ? ', reason: $reason' : ''}) { ${REGISTRATION_FIELDS} } }`;
const REGISTRATION = `query($id: ID!) { dealRegistration(id: $id) { ${REGISTRATION_FIELDS} conflicts { id partnerId status } } }`;
const REGISTRATIONS = `query($filter: DealRegistrationFilter) {
  dealRegistrations(first: 50, filter: $filter) { totalCount edges { node { id partnerId status } } } }`;

/** An ACTIVE ADMIN user of the partner (invited by the channel manager, invitation accepted). */
async function partnerAdmin(partnerId: string, email: string): Promise<Identity> {
  const invited = (
    await ok(
      `mutation($input: InvitePartnerUserInput!) { invitePartnerUser(input: $input) { id } }`,
      { input: { partnerId, email, name: email, role: 'ADMIN' } },
      CM,
    )
  ).invitePartnerUser;
  const admin = asUser(partnerId, invited.id);
  const accepted = await ok(
    `mutation($id: ID!) { activatePartnerUser(id: $id) { status } }`,
    { id: invited.id },
    admin,
  );
  expect(accepted.activatePartnerUser.status).toBe('ACTIVE');
  return admin;
}

/** A partner through onboarding (a fixture: the graph's own path is the application). */
const activePartner = (name: string, domain: string): Promise<string> => seedPartner(graph, { name, domain });

describe('a reseller from application to its first approved deal registration', () => {
  it('applies, is reviewed, onboarded, trained, certified, activated and gets a deal approved', async () => {
    // The application creates the partner in APPLIED, with the applicant as its invited admin.
    const applied = (
      await ok(
        APPLY,
        {
          input: {
            companyName: 'Northwind Resellers',
            type: 'RESELLER',
            region: 'EMEA',
            domain: 'https://www.Northwind-Resellers.example/about',
            contactName: 'Nancy Davolio',
            contactEmail: 'Nancy@Northwind-Resellers.example',
          },
        },
        CM,
      )
    ).applyAsPartner;
    expect(applied).toMatchObject({
      status: 'APPLIED',
      domain: 'northwind-resellers.example',
      onboardingChecklist: [],
    });
    expect(applied.statusHistory).toEqual([
      expect.objectContaining({ from: null, to: 'APPLIED', by: CM.sub }),
    ]);
    const partnerId: string = applied.id;
    // The applicant is the partner's invited admin; her token's sub is her PartnerUser id.
    const team = (
      await ok(
        `query($id: ID!) { partner(id: $id) { users { edges { node { id email role status } } } } }`,
        { id: partnerId },
        CM,
      )
    ).partner.users.edges.map((edge: Data) => edge.node);
    expect(team).toEqual([
      {
        id: expect.any(String),
        email: 'nancy@northwind-resellers.example',
        role: 'ADMIN',
        status: 'INVITED',
      },
    ]);
    const nancy = asUser(partnerId, team[0].id);

    // Applying twice for the same company domain is refused.
    const duplicate = await fails(
      APPLY,
      {
        input: {
          companyName: 'Northwind again',
          type: 'RESELLER',
          domain: 'northwind-resellers.example',
          contactName: 'Someone',
          contactEmail: 'someone@example.com',
        },
      },
      CM,
    );
    expect(codeOf(duplicate)).toBe('CONFLICT');

    // Illegal moves name the allowed ones; partner users cannot move their own status.
    const illegal = await fails(MOVE('approvePartnerApplication'), { id: partnerId }, CM);
    expect(codeOf(illegal)).toBe('CONFLICT');
    expect(illegal.errors?.[0].message).toMatch(/allowed: IN_REVIEW, REJECTED/);
    expect(codeOf(await fails(MOVE('startPartnerReview'), { id: partnerId }, nancy))).toBe('FORBIDDEN');

    await ok(MOVE('startPartnerReview'), { id: partnerId }, CM);
    const approved = (await ok(MOVE('approvePartnerApplication'), { id: partnerId }, CM))
      .approvePartnerApplication;
    expect(approved.status).toBe('ONBOARDING');
    expect(approved.onboardingChecklist.map((item: Data) => [item.step, item.completed])).toEqual([
      ['AGREEMENT_ACCEPTED', false],
      ['PROFILE_COMPLETED', false],
      ['FIRST_TRAINING_PASSED', false],
    ]);
    // Activation comes from the checklist, never from a direct status change.
    expect(codeOf(await fails(MOVE('reactivatePartner'), { id: partnerId }, CM))).toBe('CONFLICT');

    // The partner's admin works through its checklist once she has accepted her invitation;
    // training can only be passed, not ticked.
    expect(codeOf(await fails(COMPLETE_STEP, { partnerId, step: 'AGREEMENT_ACCEPTED' }, nancy))).toBe(
      'FORBIDDEN',
    );
    const accepted = (
      await ok(`mutation($id: ID!) { activatePartnerUser(id: $id) { id status } }`, { id: nancy.sub }, nancy)
    ).activatePartnerUser;
    expect(accepted).toEqual({ id: nancy.sub, status: 'ACTIVE' });
    await ok(COMPLETE_STEP, { partnerId, step: 'AGREEMENT_ACCEPTED' }, nancy);
    const profiled = (await ok(COMPLETE_STEP, { partnerId, step: 'PROFILE_COMPLETED' }, nancy))
      .completeOnboardingStep;
    expect(profiled.status).toBe('ONBOARDING');
    expect(profiled.onboardingChecklist[0]).toMatchObject({ completed: true });
    const staffView = await ok(
      `query($id: ID!) { partner(id: $id) { ${STAFF_PARTNER_FIELDS} } }`,
      { id: partnerId },
      CM,
    );
    expect(staffView.partner.onboardingChecklist[0]).toMatchObject({
      completed: true,
      completedBy: nancy.sub,
    });
    expect(codeOf(await fails(COMPLETE_STEP, { partnerId, step: 'FIRST_TRAINING_PASSED' }, nancy))).toBe(
      'BAD_USER_INPUT',
    );

    // Not active yet: no deal registration (the partner's status forbids it: PARTNER_STATUS_ACCESS).
    const early = await fails(
      REGISTER,
      {
        input: {
          prospectCompanyName: 'Initech',
          estimatedAmount: '1000.00',
          currency: 'EUR',
          expectedCloseDate: inDays(30),
          products: ['Analytics'],
        },
      },
      nancy,
    );
    expect(codeOf(early)).toBe('FORBIDDEN');

    // Training: a failed attempt changes nothing, a pass certifies and completes onboarding.
    const course = (
      await ok(
        `mutation($input: CreateCourseInput!) { createCourse(input: $input) { id title passingScore validityMonths } }`,
        {
          input: {
            title: 'Sales Graph Foundations',
            level: 'FOUNDATION',
            passingScore: 80,
            validityMonths: 12,
          },
        },
        CM,
      )
    ).createCourse;
    const ENROL = `mutation($input: EnrolInCourseInput!) { enrolInCourse(input: $input) { id status partnerId course { title } } }`;
    const COMPLETE_COURSE = `mutation($id: ID!, $score: Int!) { recordCourseCompletion(enrolmentId: $id, score: $score) {
      id status score completedAt certification { id name userEmail issuedAt expiresAt course { id } } } }`;
    expect(
      codeOf(
        await fails(ENROL, { input: { courseId: course.id, userEmail: 'stranger@example.com' } }, nancy),
      ),
    ).toBe('BAD_USER_INPUT');
    const first = (
      await ok(
        ENROL,
        { input: { courseId: course.id, userEmail: 'nancy@northwind-resellers.example' } },
        nancy,
      )
    ).enrolInCourse;
    expect(first).toMatchObject({
      status: 'ENROLLED',
      partnerId,
      course: { title: 'Sales Graph Foundations' },
    });
    expect(codeOf(await fails(COMPLETE_COURSE, { id: first.id, score: 100 }, nancy))).toBe('FORBIDDEN');
    const failed = (await ok(COMPLETE_COURSE, { id: first.id, score: 70 }, CM)).recordCourseCompletion;
    expect(failed).toMatchObject({ status: 'FAILED', score: 70, certification: null });

    const retake = (
      await ok(
        ENROL,
        { input: { courseId: course.id, userEmail: 'nancy@northwind-resellers.example' } },
        nancy,
      )
    ).enrolInCourse;
    const passed = (await ok(COMPLETE_COURSE, { id: retake.id, score: 92 }, CM)).recordCourseCompletion;
    expect(passed).toMatchObject({ status: 'PASSED', score: 92 });
    expect(passed.certification).toMatchObject({
      name: 'Sales Graph Foundations',
      userEmail: 'nancy@northwind-resellers.example',
      course: { id: course.id },
    });
    const issued = new Date(passed.certification.issuedAt);
    const expires = new Date(passed.certification.expiresAt);
    expect(
      expires.getUTCFullYear() * 12 +
        expires.getUTCMonth() -
        (issued.getUTCFullYear() * 12 + issued.getUTCMonth()),
    ).toBe(12);

    const active = (
      await ok(
        `query($id: ID!) { partner(id: $id) { ${PARTNER_FIELDS}
          certifications { totalCount edges { node { id name } } }
          enrolments { totalCount edges { node { status score } } }
          users { totalCount edges { node { email name role status } } } } }`,
        { id: partnerId },
        nancy,
      )
    ).partner;
    expect(active.status).toBe('ACTIVE');
    expect(active.onboardingChecklist.every((item: Data) => item.completed)).toBe(true);
    const history = (
      await ok(`query($id: ID!) { partner(id: $id) { ${STAFF_PARTNER_FIELDS} } }`, { id: partnerId }, CM)
    ).partner.statusHistory;
    expect(history.map((change: Data) => [change.from, change.to, change.by])).toEqual([
      [null, 'APPLIED', CM.sub],
      ['APPLIED', 'IN_REVIEW', CM.sub],
      ['IN_REVIEW', 'ONBOARDING', CM.sub],
      ['ONBOARDING', 'ACTIVE', CM.sub],
    ]);
    expect(active.statusHistory[3].reason).toMatch(/checklist completed/);
    expect(active.certifications.totalCount).toBe(1);
    expect(active.enrolments.edges.map((edge: Data) => edge.node.status)).toEqual(['FAILED', 'PASSED']);
    expect(active.users.edges.map((edge: Data) => edge.node)).toEqual([
      { email: 'nancy@northwind-resellers.example', name: 'Nancy Davolio', role: 'ADMIN', status: 'ACTIVE' },
    ]);

    // The certification shows among those expiring within a year, not within a month.
    const EXPIRING = `query($days: Int!) { expiringCertifications(withinDays: $days) { totalCount edges { node { id partnerId } } } }`;
    expect((await ok(EXPIRING, { days: 400 }, nancy)).expiringCertifications.edges).toEqual([
      { node: { id: passed.certification.id, partnerId } },
    ]);
    expect((await ok(EXPIRING, { days: 30 }, CM)).expiringCertifications.totalCount).toBe(0);

    // The partner invites a colleague to its own team.
    const invited = (
      await ok(
        `mutation($input: InvitePartnerUserInput!) { invitePartnerUser(input: $input) { id partnerId email role status } }`,
        { input: { partnerId, email: 'Andrew@Northwind-Resellers.example', name: 'Andrew Fuller' } },
        nancy,
      )
    ).invitePartnerUser;
    expect(invited).toMatchObject({
      partnerId,
      email: 'andrew@northwind-resellers.example',
      role: 'MEMBER',
      status: 'INVITED',
    });
    // Andrew accepts; as a member he cannot administer the team, the agreement or the keys.
    const andrew = asUser(partnerId, invited.id);
    await ok(`mutation($id: ID!) { activatePartnerUser(id: $id) { id } }`, { id: invited.id }, andrew);
    expect(
      codeOf(
        await fails(
          `mutation($input: InvitePartnerUserInput!) { invitePartnerUser(input: $input) { id } }`,
          { input: { partnerId, email: 'janet@northwind-resellers.example', name: 'Janet Leverling' } },
          andrew,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await fails(`mutation($id: ID!) { removePartnerUser(id: $id) { id } }`, { id: nancy.sub }, andrew),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await fails(
          `mutation { createApiKey(input: { name: "sync", role: "PARTNER" }) { key } }`,
          {},
          andrew,
        ),
      ),
    ).toBe('FORBIDDEN');

    // Now active, it registers a deal, which the channel manager reviews and approves.
    const registered = (
      await ok(
        REGISTER,
        {
          input: {
            prospectCompanyName: 'Initech, Inc.',
            prospectDomain: 'https://www.initech.example',
            estimatedAmount: '48000.50',
            currency: 'eur',
            expectedCloseDate: inDays(60),
            products: ['Analytics', ' analytics ', 'Storage'],
          },
        },
        nancy,
      )
    ).registerDeal;
    expect(registered).toMatchObject({
      partnerId,
      status: 'SUBMITTED',
      prospectDomain: 'initech.example',
      estimatedAmount: '48000.50',
      currency: 'EUR',
      expectedCloseDate: inDays(60),
      products: ['Analytics', 'Storage'],
      protectedUntil: null,
    });
    expect((await ok(STAFF_REGISTRATION, { id: registered.id }, CM)).dealRegistration.approvedBy).toBeNull();
    expect(codeOf(await fails(REG_MOVE('startDealRegistrationReview'), { id: registered.id }, nancy))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await fails(REG_MOVE('approveDealRegistration'), { id: registered.id }, CM))).toBe(
      'CONFLICT',
    );
    await ok(REG_MOVE('startDealRegistrationReview'), { id: registered.id }, CM);
    const before = Date.now();
    const approvedDeal = (await ok(REG_MOVE('approveDealRegistration'), { id: registered.id }, CM))
      .approveDealRegistration;
    expect(approvedDeal).toMatchObject({ status: 'APPROVED' });
    expect((await ok(STAFF_REGISTRATION, { id: registered.id }, CM)).dealRegistration).toEqual({
      approvedBy: CM.sub,
      reviewedBy: CM.sub,
    });
    const after = Date.now();
    // Protected exactly 90 days from the instant it was approved (during the call), no tolerance.
    const [stored] = (await graph.prm.query(
      `SELECT approved_at, protected_until FROM prm.deal_registrations WHERE id = $1`,
      [registered.id],
    )) as { approved_at: Date; protected_until: Date }[];
    expect(stored.protected_until.getTime() - stored.approved_at.getTime()).toBe(90 * DAY_MS);
    expect(new Date(approvedDeal.protectedUntil).getTime()).toBe(stored.protected_until.getTime());
    expect(stored.approved_at.getTime()).toBeGreaterThanOrEqual(before);
    expect(stored.approved_at.getTime()).toBeLessThanOrEqual(after);
    // An approved registration can no longer be withdrawn.
    expect(codeOf(await fails(REG_MOVE('withdrawDealRegistration'), { id: registered.id }, nancy))).toBe(
      'CONFLICT',
    );
    // Analysts read it; they cannot act on it.
    expect((await ok(REGISTRATION, { id: registered.id }, ANALYST)).dealRegistration.status).toBe('APPROVED');
    expect(codeOf(await fails(REG_MOVE('withdrawDealRegistration'), { id: registered.id }, ANALYST))).toBe(
      'FORBIDDEN',
    );

    // When its protection ends, the expiry job moves it to EXPIRED (and only it).
    const expiry = new JobRunner(
      graph.prm,
      prmJobs(httpCrmClient(() => graph.customers.url)).filter((job) => job.name === 'registrations.expire'),
      { intervalMs: 0 },
    );
    const expireAt = async (now: Date) => {
      const [outcome] = await expiry.runOnce(now);
      return outcome;
    };
    const approvedAt = stored.approved_at.getTime();
    expect(await expireAt(new Date(approvedAt + 90 * DAY_MS - 1))).toEqual({
      name: 'registrations.expire',
      status: 'done',
      result: { expired: 0, keptInProgress: 0 },
    });
    expect((await ok(REGISTRATION, { id: registered.id }, nancy)).dealRegistration.status).toBe('APPROVED');
    expect(await expireAt(new Date(approvedAt + 90 * DAY_MS))).toEqual({
      name: 'registrations.expire',
      status: 'done',
      result: { expired: 1, keptInProgress: 0 },
    });
    expect((await ok(REGISTRATION, { id: registered.id }, nancy)).dealRegistration.status).toBe('EXPIRED');
  });
});

describe('two partners register the same prospect', () => {
  it('flags the conflict, approves one, rejects the other, and keeps each partner to its own', async () => {
    const contosoId = await activePartner('Contoso Partners', 'contoso.example');
    const fabrikamId = await activePartner('Fabrikam IT', 'fabrikam.example');
    const contoso = await partnerUser(graph, contosoId);
    const fabrikam = await partnerUser(graph, fabrikamId);
    const deal = (name: string, domain: string) => ({
      prospectCompanyName: name,
      prospectDomain: domain,
      estimatedAmount: '125000',
      currency: 'USD',
      expectedCloseDate: inDays(45),
      products: ['Platform'],
    });

    const mine = (await ok(REGISTER, { input: deal('Globex Corporation', 'globex.example') }, contoso))
      .registerDeal;
    // Same prospect, written differently; the partner cannot register for another partner.
    expect(
      codeOf(
        await fails(
          REGISTER,
          { input: { ...deal('Globex', 'globex.example'), partnerId: contosoId } },
          fabrikam,
        ),
      ),
    ).toBe('NOT_FOUND');
    const theirs = (
      await ok(REGISTER, { input: deal('GLOBEX Corp.', 'https://www.globex.example/contact') }, fabrikam)
    ).registerDeal;
    expect(theirs.partnerId).toBe(fabrikamId);

    // The channel manager sees the conflict from both sides.
    expect((await ok(REGISTRATION, { id: mine.id }, CM)).dealRegistration.conflicts).toEqual([
      { id: theirs.id, partnerId: fabrikamId, status: 'SUBMITTED' },
    ]);
    expect((await ok(REGISTRATION, { id: theirs.id }, CM)).dealRegistration.conflicts).toEqual([
      { id: mine.id, partnerId: contosoId, status: 'SUBMITTED' },
    ]);
    // A partner is never shown the other partner's registration, even as a conflict.
    expect((await ok(REGISTRATION, { id: mine.id }, contoso)).dealRegistration.conflicts).toEqual([]);

    await ok(REG_MOVE('startDealRegistrationReview'), { id: mine.id }, CM);
    await ok(REG_MOVE('startDealRegistrationReview'), { id: theirs.id }, CM);
    await ok(REG_MOVE('approveDealRegistration'), { id: mine.id }, CM);
    // Only one partner can be protected on a prospect.
    const second = await fails(REG_MOVE('approveDealRegistration'), { id: theirs.id }, CM);
    expect(codeOf(second)).toBe('CONFLICT');
    expect(second.errors?.[0].extensions?.conflictingRegistrationId).toBe(mine.id);
    const rejected = (
      await ok(
        REG_MOVE('rejectDealRegistration', true),
        { id: theirs.id, reason: 'Registered first by another partner' },
        CM,
      )
    ).rejectDealRegistration;
    expect(rejected).toMatchObject({
      status: 'REJECTED',
      decisionReason: 'Registered first by another partner',
    });
    expect(
      codeOf(await fails(REG_MOVE('rejectDealRegistration', true), { id: mine.id, reason: ' ' }, CM)),
    ).toBe('BAD_USER_INPUT');

    // Each partner sees only its own registration, in lists and by id.
    const contosoList = (await ok(REGISTRATIONS, {}, contoso)).dealRegistrations;
    expect(contosoList.edges.map((edge: Data) => edge.node)).toEqual([
      { id: mine.id, partnerId: contosoId, status: 'APPROVED' },
    ]);
    expect(contosoList.totalCount).toBe(1);
    const fabrikamList = (await ok(REGISTRATIONS, { filter: { partnerId: contosoId } }, fabrikam))
      .dealRegistrations;
    expect(fabrikamList).toEqual({ totalCount: 0, edges: [] });
    expect(
      (await ok(REGISTRATIONS, { filter: { prospectDomain: 'GLOBEX.example' } }, fabrikam)).dealRegistrations
        .edges,
    ).toEqual([{ node: { id: theirs.id, partnerId: fabrikamId, status: 'REJECTED' } }]);
    expect(codeOf(await fails(REGISTRATION, { id: mine.id }, fabrikam))).toBe('NOT_FOUND');
    expect(codeOf(await fails(REGISTRATION, { id: theirs.id }, contoso))).toBe('NOT_FOUND');
    expect(codeOf(await fails(REG_MOVE('withdrawDealRegistration'), { id: mine.id }, fabrikam))).toBe(
      'NOT_FOUND',
    );
    // The channel manager sees both.
    const all = (await ok(REGISTRATIONS, { filter: { prospectDomain: 'globex.example' } }, CM))
      .dealRegistrations;
    expect(all.totalCount).toBe(2);
  });

  it('lets a returned registration be edited and resubmitted, and refuses edits under review', async () => {
    const partnerId = await activePartner('Litware Solutions', 'litware.example');
    const litware = await partnerUser(graph, partnerId);
    const registration = (
      await ok(
        REGISTER,
        {
          input: {
            prospectCompanyName: 'Umbrella',
            estimatedAmount: '9000.00',
            currency: 'GBP',
            expectedCloseDate: inDays(20),
            products: ['Support'],
          },
        },
        litware,
      )
    ).registerDeal;
    await ok(REG_MOVE('startDealRegistrationReview'), { id: registration.id }, CM);
    const UPDATE = `mutation($id: ID!, $input: UpdateDealRegistrationInput!) {
      updateDealRegistration(id: $id, input: $input) { ${REGISTRATION_FIELDS} } }`;
    expect(
      codeOf(
        await fails(UPDATE, { id: registration.id, input: { prospectDomain: 'umbrella.example' } }, litware),
      ),
    ).toBe('CONFLICT');
    const returned = (
      await ok(
        REG_MOVE('returnDealRegistration', true),
        { id: registration.id, reason: 'Add the prospect domain' },
        CM,
      )
    ).returnDealRegistration;
    expect(returned).toMatchObject({ status: 'RETURNED', decisionReason: 'Add the prospect domain' });
    const edited = (
      await ok(
        UPDATE,
        { id: registration.id, input: { prospectDomain: 'umbrella.example', estimatedAmount: '9500' } },
        litware,
      )
    ).updateDealRegistration;
    expect(edited).toMatchObject({
      status: 'RETURNED',
      prospectDomain: 'umbrella.example',
      estimatedAmount: '9500.00',
    });
    const resubmitted = (await ok(REG_MOVE('submitDealRegistration'), { id: registration.id }, litware))
      .submitDealRegistration;
    expect(resubmitted.status).toBe('SUBMITTED');
    const withdrawn = (await ok(REG_MOVE('withdrawDealRegistration'), { id: registration.id }, litware))
      .withdrawDealRegistration;
    expect(withdrawn.status).toBe('WITHDRAWN');
  });
});

describe('partner teams, training and the partner lifecycle stay within their partner', () => {
  it('scopes team and training actions to the own partner, and suspension pauses registrations', async () => {
    const tailwindId = await activePartner('Tailwind Traders', 'tailwind.example');
    const proseId = await activePartner('Proseware Partners', 'proseware.example');
    const tailwind = await partnerAdmin(tailwindId, 'admin@tailwind.example');
    const prose = await partnerAdmin(proseId, 'admin@proseware.example');
    const INVITE = `mutation($input: InvitePartnerUserInput!) { invitePartnerUser(input: $input) { id partnerId status } }`;
    const REMOVE = `mutation($id: ID!) { removePartnerUser(id: $id) { id status removedAt } }`;

    const colleague = (
      await ok(
        INVITE,
        { input: { partnerId: tailwindId, email: 'kim@tailwind.example', name: 'Kim Abercrombie' } },
        tailwind,
      )
    ).invitePartnerUser;
    // Another partner can neither invite into nor remove from this team: it does not exist for them.
    expect(
      codeOf(
        await fails(
          INVITE,
          { input: { partnerId: tailwindId, email: 'x@proseware.example', name: 'X' } },
          prose,
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(codeOf(await fails(REMOVE, { id: colleague.id }, prose))).toBe('NOT_FOUND');
    expect(
      codeOf(
        await fails(
          `mutation($id: ID!) { activatePartnerUser(id: $id) { id } }`,
          { id: colleague.id },
          prose,
        ),
      ),
    ).toBe('NOT_FOUND');
    // A token that names no partner user, or a user of another partner, is no identity at all.
    expect(
      codeOf(
        await fails(
          INVITE,
          { input: { partnerId: tailwindId, email: 'y@tailwind.example', name: 'Y' } },
          asUser(tailwindId, 'partner:tailwind'),
        ),
      ),
    ).toBe('UNAUTHENTICATED');
    expect(
      codeOf(
        await fails(
          INVITE,
          { input: { partnerId: tailwindId, email: 'y@tailwind.example', name: 'Y' } },
          asUser(tailwindId, prose.sub),
        ),
      ),
    ).toBe('UNAUTHENTICATED');
    // A person belongs to exactly one partner.
    expect(
      codeOf(
        await fails(
          INVITE,
          { input: { partnerId: proseId, email: 'KIM@tailwind.example', name: 'Kim' } },
          prose,
        ),
      ),
    ).toBe('CONFLICT');
    const removed = (await ok(REMOVE, { id: colleague.id }, tailwind)).removePartnerUser;
    expect(removed.status).toBe('REMOVED');
    expect(removed.removedAt).toEqual(expect.any(String));
    // Once removed, the address is free to join another partner.
    await ok(
      INVITE,
      { input: { partnerId: proseId, email: 'kim@tailwind.example', name: 'Kim Abercrombie' } },
      prose,
    );

    // Training: a partner user cannot enrol people of another partner, nor see its certifications.
    const course = (
      await ok(
        `mutation { createCourse(input: { title: "Cloud Basics", level: FOUNDATION, passingScore: 50, validityMonths: 12 }) { id } }`,
        {},
        CM,
      )
    ).createCourse;
    await ok(
      INVITE,
      { input: { partnerId: tailwindId, email: 'lee@tailwind.example', name: 'Lee Park' } },
      CM,
    );
    const ENROL = `mutation($input: EnrolInCourseInput!) { enrolInCourse(input: $input) { id } }`;
    expect(
      codeOf(
        await fails(
          ENROL,
          { input: { partnerId: tailwindId, courseId: course.id, userEmail: 'lee@tailwind.example' } },
          prose,
        ),
      ),
    ).toBe('NOT_FOUND');
    const enrolment = (
      await ok(ENROL, { input: { courseId: course.id, userEmail: 'lee@tailwind.example' } }, tailwind)
    ).enrolInCourse;
    await ok(
      `mutation($id: ID!) { recordCourseCompletion(enrolmentId: $id, score: 88) { id } }`,
      { id: enrolment.id },
      CM,
    );
    const EXPIRING = `query { expiringCertifications(withinDays: 730) { edges { node { partnerId } } } }`;
    const seenByProse = (await ok(EXPIRING, {}, prose)).expiringCertifications.edges;
    expect(seenByProse.every((edge: Data) => edge.node.partnerId === proseId)).toBe(true);
    const seenByTailwind = (await ok(EXPIRING, {}, tailwind)).expiringCertifications.edges;
    expect(seenByTailwind).toEqual([{ node: { partnerId: tailwindId } }]);
    expect(
      codeOf(
        await fails(
          `query($id: ID!) { partner(id: $id) { certifications { totalCount } } }`,
          { id: tailwindId },
          prose,
        ),
      ),
    ).toBe('NOT_FOUND');

    // Lifecycle: a suspended partner cannot register deals until reactivated; termination is final.
    const registration = {
      input: {
        prospectCompanyName: 'Northwind Traders',
        estimatedAmount: '5000',
        currency: 'EUR',
        expectedCloseDate: inDays(30),
        products: ['Platform'],
      },
    };
    expect(codeOf(await fails(MOVE('suspendPartner', true), { id: tailwindId, reason: ' ' }, CM))).toBe(
      'BAD_USER_INPUT',
    );
    await ok(MOVE('suspendPartner', true), { id: tailwindId, reason: 'Overdue compliance review' }, CM);
    // Suspended: read only.
    expect(codeOf(await fails(REGISTER, registration, tailwind))).toBe('FORBIDDEN');
    await ok(MOVE('reactivatePartner'), { id: tailwindId }, CM);
    await ok(REGISTER, registration, tailwind);
    const terminated = (
      await ok(MOVE('terminatePartner', true), { id: tailwindId, reason: 'Agreement ended' }, CM)
    ).terminatePartner;
    expect(terminated.status).toBe('TERMINATED');
    // (createPartner records no history; the moves made here do.)
    expect(
      terminated.statusHistory.slice(-3).map((change: Data) => [change.from, change.to, change.reason]),
    ).toEqual([
      ['ACTIVE', 'SUSPENDED', 'Overdue compliance review'],
      ['SUSPENDED', 'ACTIVE', null],
      ['ACTIVE', 'TERMINATED', 'Agreement ended'],
    ]);
    const final = await fails(MOVE('reactivatePartner'), { id: tailwindId }, CM);
    expect(final.errors?.[0].message).toMatch(/TERMINATED is final/);
  });
});

describe('reading the PRM graph', () => {
  const EVERYTHING = `query { partners(first: 10) { edges { node { id
    statusHistory { to } onboardingChecklist { step }
    users(first: 5) { totalCount edges { node { email } } }
    enrolments(first: 5) { edges { node { status course { title } certification { id course { id } } } } }
    certifications(first: 5) { edges { node { name course { title } } } }
    dealRegistrations(first: 5) { edges { node { status partner { id } conflicts { id partner { id } } } } }
  } } } }`;

  async function statementsFor(identity: Identity): Promise<{ count: number; partners: number }> {
    const counter = statementCounter(graph.prm);
    counter.record();
    const data = await ok(EVERYTHING, {}, identity);
    return { count: counter.count, partners: data.partners.edges.length };
  }

  it('costs the same number of statements however many partners and records it returns', async () => {
    const before = await statementsFor(CM);
    // More partners, each with a team, training and contested registrations.
    const course = (
      await ok(
        `mutation { createCourse(input: { title: "Advanced Selling", level: PROFESSIONAL, passingScore: 60 }) { id } }`,
        {},
        CM,
      )
    ).createCourse;
    for (const name of ['Tailspin', 'Woodgrove', 'Relecloud']) {
      const id = await activePartner(`${name} Partners`, `${name.toLowerCase()}.example`);
      const email = `admin@${name.toLowerCase()}.example`;
      await ok(
        `mutation($input: InvitePartnerUserInput!) { invitePartnerUser(input: $input) { id } }`,
        { input: { partnerId: id, email, name: `${name} Admin`, role: 'ADMIN' } },
        CM,
      );
      const enrolment = (
        await ok(
          `mutation($input: EnrolInCourseInput!) { enrolInCourse(input: $input) { id } }`,
          { input: { partnerId: id, courseId: course.id, userEmail: email } },
          CM,
        )
      ).enrolInCourse;
      await ok(
        `mutation($id: ID!) { recordCourseCompletion(enrolmentId: $id, score: 75) { id } }`,
        { id: enrolment.id },
        CM,
      );
      await ok(
        REGISTER,
        {
          input: {
            partnerId: id,
            prospectCompanyName: 'Massive Dynamic',
            prospectDomain: 'massivedynamic.example',
            estimatedAmount: '70000',
            currency: 'EUR',
            expectedCloseDate: inDays(90),
            products: ['Platform'],
          },
        },
        CM,
      );
    }
    const after = await statementsFor(CM);
    expect(after.partners).toBeGreaterThan(before.partners);
    expect(before.count).toBeGreaterThan(5);
    expect(after.count).toBe(before.count);
  });
});
