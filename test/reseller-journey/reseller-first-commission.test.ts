import type { Identity } from '@sales-graph/shared/auth/identity';
import { OutboxDispatcher } from '@sales-graph/shared/outbox/outbox';
import {
  as,
  client,
  codeOf,
  createCustomer,
  inDays,
  prmOutbox,
  seedPartner,
  startTestGraph,
} from '../support';
import type { Data, TestGraph } from '../support';

/**
 * The reseller's journey, story (a), through the gateway, each step by whoever does it in real
 * life: a reseller applies, is onboarded, takes a training, gets certified, accepts an offered
 * lead, registers a deal that the channel manager approves, the deal is won in the CRM, and the
 * commission shows on the partner's statement. A rival partner walks alongside, so that at every
 * step the reseller's users are seen to get exactly their own records and never the rival's.
 */
const { channelManager: CM, sales: SALES, marketing: MARKETING } = as;
const today = new Date().toISOString().slice(0, 10);

let graph: TestGraph;
/** Delivers the PRM outbox (approved registrations → CRM deals) when the story says so. */
let outbox: OutboxDispatcher;

beforeAll(async () => {
  // The test drives delivery itself (dispatchOnce); the dispatcher listen() starts is off.
  process.env.OUTBOX_POLL_MS = '0';
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
  outbox = prmOutbox(graph);
});

afterAll(async () => {
  await graph?.stop();
});

const { fails, ok } = client(() => graph);

const nodes = (connection: Data) => connection.edges.map((edge: Data) => edge.node);
const partnerUser = (partnerId: string, partnerUserId: string): Identity => ({
  sub: partnerUserId,
  role: 'PARTNER',
  partnerId,
});

const PARTNER = `query($id: ID!) { partner(id: $id) { id name status tier
  onboardingChecklist { step completed }
  statusHistory { from to } } }`;
/** Who made each change is internal: staff read it, partner users may not (FORBIDDEN). */
const STATUS_HISTORY_BY = `query($id: ID!) { partner(id: $id) { statusHistory { from to by } } }`;
const MOVE = (mutation: string) => `mutation($id: ID!) { ${mutation}(id: $id) { id status } }`;
const COMPLETE_STEP = `mutation($partnerId: ID!, $step: OnboardingStep!) {
  completeOnboardingStep(partnerId: $partnerId, step: $step) { id status onboardingChecklist { step completed } } }`;
const INVITE = `mutation($input: InvitePartnerUserInput!) { invitePartnerUser(input: $input) { id partnerId email role status } }`;
const ACCEPT_INVITATION = `mutation($id: ID!) { activatePartnerUser(id: $id) { id status } }`;
const ENROL = `mutation($input: EnrolInCourseInput!) { enrolInCourse(input: $input) { id status partnerId } }`;
const COMPLETE_COURSE = `mutation($id: ID!, $score: Int!) { recordCourseCompletion(enrolmentId: $id, score: $score) {
  id status score certification { id name userEmail partnerId } } }`;
const OFFER_FIELDS = `id status partner { id } lead { id } respondedAt`;
const OFFER_LEAD = `mutation($lead: ID!, $partner: ID!) { offerLeadToPartner(leadId: $lead, partnerId: $partner) { ${OFFER_FIELDS} } }`;
const ACCEPT_OFFER = `mutation($id: ID!) { acceptLeadOffer(offerId: $id) { ${OFFER_FIELDS} } }`;
const REGISTER = `mutation($input: RegisterDealInput!) { registerDeal(input: $input) {
  id partnerId status prospectDomain estimatedAmount currency } }`;
const REGISTRATION = `query($id: ID!) { dealRegistration(id: $id) {
  id partnerId status dealStatus deal { id } } }`;
/** Our CRM conflict check and who approved are internal: staff read them, partner users may not. */
const REGISTRATION_REVIEW = `query($id: ID!) { dealRegistration(id: $id) { crmConflictCheck approvedBy } }`;
const DEAL_FIELDS = `id title amount currency stage customer { id } sourcedBy { id }`;
/** Sales reads the deal; commissions are the channel's (sales may not read them). */
const SALES_DEAL = `query($id: ID!) { deal(id: $id) { ${DEAL_FIELDS} } }`;
const DEAL = `query($id: ID!) { deal(id: $id) { ${DEAL_FIELDS}
  commission { partner { id } rate amount currency capped } } }`;
const MOVE_STAGE = `mutation($id: ID!, $stage: DealStage!) { moveDealStage(id: $id, stage: $stage) { id stage } }`;
/** Everything a partner user may list of its own: each list must hold exactly its own records. */
const OWN_RECORDS = `query {
  partners(first: 10) { edges { node { id } } }
  dealRegistrations(first: 10) { edges { node { id } } }
  leadOffers(first: 10) { edges { node { id } } }
  leads(first: 10) { edges { node { id } } }
  deals(first: 10) { edges { node { id } } }
  customers(first: 10) { edges { node { id } } }
  expiringCertifications(withinDays: 400) { edges { node { id } } }
}`;
const STATEMENT = `query($id: ID!, $period: PeriodInput!) { partner(id: $id) { commissionStatement(period: $period) {
  from to currency rate subtotal total paid due
  lines { deal { id } dealAmount commission capped } } } }`;

async function ownRecords(identity: Identity): Promise<Record<string, string[]>> {
  const data = await ok(OWN_RECORDS, {}, identity);
  return Object.fromEntries(
    Object.entries(data).map(([list, connection]) => [
      list,
      nodes(connection as Data).map((node: Data) => node.id),
    ]),
  );
}

describe('story (a): a reseller from its application to its first commission', () => {
  it('applies, is onboarded, trains, certifies, wins a lead and a deal, and earns its commission', async () => {
    // ── Before the story: the channel programme and the CRM as they stand. ──
    // The channel manager sets the commission plan of the entry tier new partners start in.
    expect(
      (
        await ok(
          `mutation { setCommissionPlan(input: { tier: REGISTERED, rate: "0.075", currency: "EUR" }) { tier rate currency } }`,
          {},
          CM,
        )
      ).setCommissionPlan,
    ).toEqual({ tier: 'REGISTERED', rate: '0.0750', currency: 'EUR' });
    // A rival reseller is already in the programme, with its own active admin.
    const rivalId = await seedPartner(graph, { name: 'Contoso Partners', domain: 'contoso.example' });
    const rivalInvite = (
      await ok(
        INVITE,
        { input: { partnerId: rivalId, email: 'carl@contoso.example', name: 'Carl Contoso', role: 'ADMIN' } },
        CM,
      )
    ).invitePartnerUser;
    const rival = partnerUser(rivalId, rivalInvite.id);
    await ok(ACCEPT_INVITATION, { id: rival.sub }, rival);
    // Sales knows the prospects; marketing captured an inquiry from each.
    const customer = async (name: string, domain: string) =>
      (await createCustomer(graph, { name, domain }, SALES)).id;
    const initechId = await customer('Initech', 'initech.example');
    const globexId = await customer('Globex', 'globex.example');
    const lead = async (name: string, company: string, customerId: string) =>
      (
        await ok(
          `mutation($input: CreateLeadInput!) { createLead(input: $input) { id status } }`,
          { input: { name, company, customerId, source: 'WEB', region: 'EMEA' } },
          MARKETING,
        )
      ).createLead.id as string;
    const initechLeadId = await lead('Peter Gibbons', 'Initech', initechId);
    const globexLeadId = await lead('Hank Scorpio', 'Globex', globexId);

    // ── 1. The reseller applies. It has no account yet: the channel manager takes the application in. ──
    const applied = (
      await ok(
        `mutation($input: PartnerApplicationInput!) { applyAsPartner(input: $input) { id status tier
          users { edges { node { id email role status } } } } }`,
        {
          input: {
            companyName: 'Northwind Resellers',
            type: 'RESELLER',
            region: 'EMEA',
            domain: 'northwind.example',
            contactName: 'Nancy Davolio',
            contactEmail: 'nancy@northwind.example',
          },
        },
        CM,
      )
    ).applyAsPartner;
    const partnerId: string = applied.id;
    expect(applied).toMatchObject({ status: 'APPLIED', tier: 'REGISTERED' });
    const [nancyUser] = nodes(applied.users);
    expect(nodes(applied.users)).toEqual([
      { id: expect.any(String), email: 'nancy@northwind.example', role: 'ADMIN', status: 'INVITED' },
    ]);
    // Nancy's token names her partner user: she is the applicant and the partner's admin-to-be.
    const nancy = partnerUser(partnerId, nancyUser.id);
    expect(codeOf(await fails(PARTNER, { id: partnerId }, rival))).toBe('NOT_FOUND');

    // ── 2. Onboarding: the channel manager reviews and approves; Nancy accepts her invitation and
    // works through the checklist as the partner's admin; she brings in a sales rep. ──
    expect((await ok(MOVE('startPartnerReview'), { id: partnerId }, CM)).startPartnerReview.status).toBe(
      'IN_REVIEW',
    );
    expect(
      (await ok(MOVE('approvePartnerApplication'), { id: partnerId }, CM)).approvePartnerApplication.status,
    ).toBe('ONBOARDING');
    expect((await ok(ACCEPT_INVITATION, { id: nancy.sub }, nancy)).activatePartnerUser).toEqual({
      id: nancy.sub,
      status: 'ACTIVE',
    });
    await ok(COMPLETE_STEP, { partnerId, step: 'AGREEMENT_ACCEPTED' }, nancy);
    const profiled = (await ok(COMPLETE_STEP, { partnerId, step: 'PROFILE_COMPLETED' }, nancy))
      .completeOnboardingStep;
    expect(profiled).toEqual({
      id: partnerId,
      status: 'ONBOARDING',
      onboardingChecklist: [
        { step: 'AGREEMENT_ACCEPTED', completed: true },
        { step: 'PROFILE_COMPLETED', completed: true },
        { step: 'FIRST_TRAINING_PASSED', completed: false },
      ],
    });
    const andrewInvite = (
      await ok(
        INVITE,
        { input: { partnerId, email: 'andrew@northwind.example', name: 'Andrew Fuller' } },
        nancy,
      )
    ).invitePartnerUser;
    expect(andrewInvite).toEqual({
      id: expect.any(String),
      partnerId,
      email: 'andrew@northwind.example',
      role: 'MEMBER',
      status: 'INVITED',
    });
    const andrew = partnerUser(partnerId, andrewInvite.id);
    await ok(ACCEPT_INVITATION, { id: andrew.sub }, andrew);
    // A sales rep does not administer the partner; the rival cannot touch the team at all.
    expect(
      codeOf(await fails(INVITE, { input: { partnerId, email: 'x@northwind.example', name: 'X' } }, andrew)),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(await fails(INVITE, { input: { partnerId, email: 'x@contoso.example', name: 'X' } }, rival)),
    ).toBe('NOT_FOUND');
    expect(await ownRecords(andrew)).toEqual({
      partners: [partnerId],
      dealRegistrations: [],
      leadOffers: [],
      leads: [],
      deals: [],
      customers: [],
      expiringCertifications: [],
    });

    // ── 3. Training and certification: Andrew enrols; the academy (channel manager) records his pass. ──
    const courseId: string = (
      await ok(
        `mutation { createCourse(input: { title: "Selling Sales Graph", level: FOUNDATION, passingScore: 80, validityMonths: 12 }) { id } }`,
        {},
        CM,
      )
    ).createCourse.id;
    expect(
      codeOf(
        await fails(ENROL, { input: { partnerId, courseId, userEmail: 'andrew@northwind.example' } }, rival),
      ),
    ).toBe('NOT_FOUND');
    const enrolment = (
      await ok(ENROL, { input: { courseId, userEmail: 'andrew@northwind.example' } }, andrew)
    ).enrolInCourse;
    expect(enrolment).toEqual({ id: expect.any(String), status: 'ENROLLED', partnerId });
    const passed = (await ok(COMPLETE_COURSE, { id: enrolment.id, score: 91 }, CM)).recordCourseCompletion;
    expect(passed).toEqual({
      id: enrolment.id,
      status: 'PASSED',
      score: 91,
      certification: {
        id: expect.any(String),
        name: 'Selling Sales Graph',
        userEmail: 'andrew@northwind.example',
        partnerId,
      },
    });
    // The pass completes the checklist: the partner is active.
    const active = (await ok(PARTNER, { id: partnerId }, nancy)).partner;
    expect(active).toMatchObject({ status: 'ACTIVE', tier: 'REGISTERED' });
    expect(active.onboardingChecklist.map((item: Data) => item.completed)).toEqual([true, true, true]);
    expect(codeOf(await fails(STATUS_HISTORY_BY, { id: partnerId }, nancy))).toBe('FORBIDDEN');
    const history = (await ok(STATUS_HISTORY_BY, { id: partnerId }, CM)).partner.statusHistory;
    expect(history.map((change: Data) => [change.from, change.to, change.by])).toEqual([
      [null, 'APPLIED', CM.sub],
      ['APPLIED', 'IN_REVIEW', CM.sub],
      ['IN_REVIEW', 'ONBOARDING', CM.sub],
      ['ONBOARDING', 'ACTIVE', CM.sub],
    ]);
    expect((await ownRecords(andrew)).expiringCertifications).toEqual([passed.certification.id]);
    expect((await ownRecords(rival)).expiringCertifications).toEqual([]);

    // ── 4. The channel manager offers each reseller a lead; Andrew accepts his. ──
    const offer = (await ok(OFFER_LEAD, { lead: initechLeadId, partner: partnerId }, CM)).offerLeadToPartner;
    expect(offer).toEqual({
      id: expect.any(String),
      status: 'OFFERED',
      partner: { id: partnerId },
      lead: { id: initechLeadId },
      respondedAt: null,
    });
    const rivalOffer = (await ok(OFFER_LEAD, { lead: globexLeadId, partner: rivalId }, CM))
      .offerLeadToPartner;
    expect(codeOf(await fails(ACCEPT_OFFER, { id: offer.id }, rival))).toBe('NOT_FOUND');
    // An offered lead is visible to the partner it is offered to (to decide on it), to no other.
    expect(await ownRecords(andrew)).toMatchObject({
      leadOffers: [offer.id],
      leads: [initechLeadId],
      customers: [initechId],
    });
    expect(await ownRecords(rival)).toMatchObject({
      leadOffers: [rivalOffer.id],
      leads: [globexLeadId],
      customers: [globexId],
    });
    const accepted = (await ok(ACCEPT_OFFER, { id: offer.id }, andrew)).acceptLeadOffer;
    expect(accepted).toEqual({ ...offer, status: 'ACCEPTED', respondedAt: expect.any(String) });
    await ok(ACCEPT_OFFER, { id: rivalOffer.id }, rival);
    const assigned = (
      await ok(
        `query($id: ID!) { lead(id: $id) { id name assignedPartner { id } } }`,
        { id: initechLeadId },
        andrew,
      )
    ).lead;
    expect(assigned).toEqual({
      id: initechLeadId,
      name: 'Peter Gibbons',
      assignedPartner: { id: partnerId },
    });
    expect(
      codeOf(await fails(`query($id: ID!) { lead(id: $id) { id } }`, { id: initechLeadId }, rival)),
    ).toBe('NOT_FOUND');
    expect(await ownRecords(andrew)).toMatchObject({
      leadOffers: [offer.id],
      leads: [initechLeadId],
      customers: [initechId],
    });
    expect(await ownRecords(rival)).toMatchObject({
      leadOffers: [rivalOffer.id],
      leads: [globexLeadId],
      customers: [globexId],
    });

    // ── 5. Andrew registers the deal; the channel manager reviews and approves it; the CRM deal
    // follows through the PRM's outbox. ──
    const registration = (
      await ok(
        REGISTER,
        {
          input: {
            prospectCompanyName: 'Initech',
            prospectDomain: 'https://www.initech.example',
            estimatedAmount: '48000.50',
            currency: 'EUR',
            expectedCloseDate: inDays(45),
            products: ['Analytics'],
          },
        },
        andrew,
      )
    ).registerDeal;
    expect(registration).toEqual({
      id: expect.any(String),
      partnerId,
      status: 'SUBMITTED',
      prospectDomain: 'initech.example',
      estimatedAmount: '48000.50',
      currency: 'EUR',
    });
    const rivalRegistration = (
      await ok(
        REGISTER,
        {
          input: {
            prospectCompanyName: 'Globex',
            prospectDomain: 'globex.example',
            estimatedAmount: '10000',
            currency: 'EUR',
            expectedCloseDate: inDays(30),
            products: ['Storage'],
          },
        },
        rival,
      )
    ).registerDeal;
    expect(codeOf(await fails(REGISTRATION, { id: registration.id }, rival))).toBe('NOT_FOUND');
    expect(codeOf(await fails(MOVE('startDealRegistrationReview'), { id: registration.id }, andrew))).toBe(
      'FORBIDDEN',
    );
    for (const id of [registration.id, rivalRegistration.id]) {
      expect(
        (await ok(MOVE('startDealRegistrationReview'), { id }, CM)).startDealRegistrationReview.status,
      ).toBe('UNDER_REVIEW');
      await ok(MOVE('approveDealRegistration'), { id }, CM);
    }
    expect((await ok(REGISTRATION, { id: registration.id }, andrew)).dealRegistration).toEqual({
      id: registration.id,
      partnerId,
      status: 'APPROVED',
      dealStatus: 'PENDING',
      deal: null,
    });
    expect(codeOf(await fails(REGISTRATION_REVIEW, { id: registration.id }, andrew))).toBe('FORBIDDEN');
    expect((await ok(REGISTRATION_REVIEW, { id: registration.id }, CM)).dealRegistration).toEqual({
      crmConflictCheck: 'CLEAR',
      approvedBy: CM.sub,
    });
    expect(await outbox.dispatchOnce()).toEqual({ claimed: 2, delivered: 2, failed: 0 });
    const delivered = (await ok(REGISTRATION, { id: registration.id }, andrew)).dealRegistration;
    expect(delivered).toMatchObject({ status: 'APPROVED', dealStatus: 'CREATED' });
    const dealId: string = delivered.deal.id;
    const rivalDealId: string = (await ok(REGISTRATION, { id: rivalRegistration.id }, rival)).dealRegistration
      .deal.id;
    // The CRM deal is on the existing customer (by its domain), sourced by the reseller.
    const crmDeal = {
      id: dealId,
      title: 'Initech: Analytics',
      amount: '48000.50',
      currency: 'EUR',
      stage: 'PROSPECTING',
      customer: { id: initechId },
      sourcedBy: { id: partnerId },
    };
    expect((await ok(SALES_DEAL, { id: dealId }, SALES)).deal).toEqual(crmDeal);
    // The partner's user reads the same deal; no commission while it is open.
    expect((await ok(DEAL, { id: dealId }, andrew)).deal).toEqual({ ...crmDeal, commission: null });
    expect(await ownRecords(andrew)).toEqual({
      partners: [partnerId],
      dealRegistrations: [registration.id],
      leadOffers: [offer.id],
      leads: [initechLeadId],
      deals: [dealId],
      customers: [initechId],
      expiringCertifications: [passed.certification.id],
    });
    expect(await ownRecords(rival)).toEqual({
      partners: [rivalId],
      dealRegistrations: [rivalRegistration.id],
      leadOffers: [rivalOffer.id],
      leads: [globexLeadId],
      deals: [rivalDealId],
      customers: [globexId],
      expiringCertifications: [],
    });
    expect(codeOf(await fails(DEAL, { id: dealId }, rival))).toBe('NOT_FOUND');

    // ── 6. Sales works the deal in the CRM and wins it (the rival's too). ──
    expect(codeOf(await fails(MOVE_STAGE, { id: dealId, stage: 'CLOSED_WON' }, andrew))).toBe('FORBIDDEN');
    expect(codeOf(await fails(MOVE_STAGE, { id: dealId, stage: 'CLOSED_WON' }, CM))).toBe('FORBIDDEN');
    await ok(MOVE_STAGE, { id: dealId, stage: 'PROPOSAL' }, SALES);
    expect((await ok(DEAL, { id: dealId }, andrew)).deal.commission).toBeNull();
    expect((await ok(MOVE_STAGE, { id: dealId, stage: 'CLOSED_WON' }, SALES)).moveDealStage).toEqual({
      id: dealId,
      stage: 'CLOSED_WON',
    });
    await ok(MOVE_STAGE, { id: rivalDealId, stage: 'CLOSED_WON' }, SALES);

    // ── 7. The commission: 48000.50 × 0.075 = 3600.0375, half-even to cents 3600.04. ──
    const commission = {
      partner: { id: partnerId },
      rate: '0.0750',
      amount: '3600.04',
      currency: 'EUR',
      capped: false,
    };
    expect((await ok(DEAL, { id: dealId }, andrew)).deal).toMatchObject({
      stage: 'CLOSED_WON',
      sourcedBy: { id: partnerId },
      commission,
    });
    expect((await ok(DEAL, { id: dealId }, CM)).deal.commission).toEqual(commission);
    expect((await ok(DEAL, { id: rivalDealId }, rival)).deal.commission).toEqual({
      ...commission,
      partner: { id: rivalId },
      amount: '750.00',
    });
    const period = { from: today, to: today };
    const statement = (await ok(STATEMENT, { id: partnerId, period }, nancy)).partner.commissionStatement;
    expect(statement).toEqual({
      from: today,
      to: today,
      currency: 'EUR',
      rate: '0.0750',
      subtotal: '3600.04',
      total: '3600.04',
      paid: '0.00',
      due: '3600.04',
      lines: [{ deal: { id: dealId }, dealAmount: '48000.50', commission: '3600.04', capped: false }],
    });
    // The channel manager reads the same statement; the rival has its own and cannot read this one.
    expect((await ok(STATEMENT, { id: partnerId, period }, CM)).partner.commissionStatement).toEqual(
      statement,
    );
    expect((await ok(STATEMENT, { id: rivalId, period }, rival)).partner.commissionStatement.lines).toEqual([
      { deal: { id: rivalDealId }, dealAmount: '10000.00', commission: '750.00', capped: false },
    ]);
    expect(codeOf(await fails(STATEMENT, { id: partnerId, period }, rival))).toBe('NOT_FOUND');
    expect(
      (
        await ok(
          `query($id: ID!) { partner(id: $id) { sourcedDeals(first: 10) { edges { node { id } } } } }`,
          { id: partnerId },
          andrew,
        )
      ).partner.sourcedDeals.edges,
    ).toEqual([{ node: { id: dealId } }]);
  });
});
