import type { Identity } from '@sales-graph/shared/auth/identity';
import { dealKey } from '../../subgraphs/partners/src/registrations/registration-deal.rules';
import {
  as,
  client,
  codes,
  createCustomer,
  inDays,
  partnerUser,
  registerDeal,
  seedPartner,
  startRegistrationReview,
  startTestGraph,
} from '../support';
import type { Data, TestGraph } from '../support';

/**
 * State transitions that are their own retry, without any key: approving an approved
 * registration, moving a deal to the stage it is in, merging an already merged pair, accepting
 * an accepted offer answer the record as the first call left it and write nothing, even when the
 * repeats arrive at once. A different transition from the same state (approve after reject,
 * another lost or decline reason) stays CONFLICT.
 */
const { channelManager: CM, sales: SALES } = as;

let graph: TestGraph;
let partnerId: string;
let partner: Identity;
let customerId: string;

const count = async (db: 'crm' | 'prm', sql: string, params: unknown[] = []) =>
  Number((await graph[db].query(sql, params))[0].count);

const { ok } = client(() => graph);

const times = <T>(n: number, run: () => Promise<T>) => Promise.all(Array.from({ length: n }, run));

beforeAll(async () => {
  process.env.OUTBOX_POLL_MS = '0'; // the approvals' outbox rows stay put to be counted
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
  partnerId = await seedPartner(graph, { name: 'Northwind Resellers', domain: 'northwind.example' });
  partner = await partnerUser(graph, partnerId);
  customerId = (await createCustomer(graph, 'Globex', SALES)).id;
});

afterAll(async () => {
  await graph?.stop();
});

describe('deal registrations', () => {
  const MOVE = (field: string, withReason = false) =>
    withReason
      ? `mutation($id: ID!, $reason: String!) { ${field}(id: $id, reason: $reason) { id status decisionReason } }`
      : `mutation($id: ID!) { ${field}(id: $id) { id status protectedUntil deal { id } } }`;

  async function underReview(name: string): Promise<string> {
    const { id } = await registerDeal(
      graph,
      {
        prospectCompanyName: name,
        estimatedAmount: '9000.00',
        currency: 'EUR',
        expectedCloseDate: inDays(60),
        products: ['Storage'],
      },
      partner,
    );
    await startRegistrationReview(graph, id, CM);
    return id;
  }

  it('approving an approved registration answers it; ten approvals at once enqueue one CRM deal', async () => {
    const id = await underReview('Initech Approvals');
    const answers = await times(10, () => graph.query<Data>(MOVE('approveDealRegistration'), { id }, CM));
    expect(answers.flatMap(codes)).toEqual([]);
    const first = answers[0].data!.approveDealRegistration;
    expect(first).toMatchObject({ id, status: 'APPROVED' });
    for (const answer of answers) expect(answer.data!.approveDealRegistration).toEqual(first);
    expect(
      await count('prm', `SELECT count(*) FROM prm.outbox WHERE idempotency_key = $1`, [dealKey(id)]),
    ).toBe(1);
    // A later retry too, and so does starting the review that is over: CONFLICT (not a repeat).
    expect((await ok(MOVE('approveDealRegistration'), { id }, CM)).approveDealRegistration).toEqual(first);
    expect(codes(await graph.query(MOVE('startDealRegistrationReview'), { id }, CM))).toEqual(['CONFLICT']);
  });

  it('approving a rejected registration stays CONFLICT; rejecting again for the same reason answers it', async () => {
    const id = await underReview('Umbrella Rejections');
    const reason = 'Registered by a rival first';
    const rejected = (await ok(MOVE('rejectDealRegistration', true), { id, reason }, CM))
      .rejectDealRegistration;
    expect(rejected).toEqual({ id, status: 'REJECTED', decisionReason: reason });
    expect(
      (await ok(MOVE('rejectDealRegistration', true), { id, reason }, CM)).rejectDealRegistration,
    ).toEqual(rejected);
    const otherReason = await graph.query(MOVE('rejectDealRegistration', true), { id, reason: 'Other' }, CM);
    expect(codes(otherReason)).toEqual(['CONFLICT']);
    const approve = await graph.query(MOVE('approveDealRegistration'), { id }, CM);
    expect(codes(approve)).toEqual(['CONFLICT']);
    expect(approve.errors?.[0].extensions?.allowed).toEqual([]);
    expect(
      (await ok(`query($id: ID!) { dealRegistration(id: $id) { status decisionReason } }`, { id }, CM))
        .dealRegistration,
    ).toEqual({ status: 'REJECTED', decisionReason: reason });
  });
});

describe('deal stages', () => {
  const MOVE = `mutation($id: ID!, $stage: DealStage!, $reason: String) {
    moveDealStage(id: $id, stage: $stage, reason: $reason) { id stage lostReason closedAt stageHistory { from to } } }`;
  const newDeal = async (title: string) =>
    (
      await ok(
        `mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }`,
        { input: { customerId, title, amount: '1000.00', currency: 'EUR' } },
        SALES,
      )
    ).createDeal.id as string;

  it('moving to the stage the deal is in answers the deal and records one move, even ten at once', async () => {
    const id = await newDeal('Stage retries');
    const answers = await times(10, () => graph.query<Data>(MOVE, { id, stage: 'PROPOSAL' }, SALES));
    expect(answers.flatMap(codes)).toEqual([]);
    for (const answer of answers) {
      expect(answer.data!.moveDealStage).toMatchObject({
        id,
        stage: 'PROPOSAL',
        stageHistory: [
          { from: null, to: 'PROSPECTING' },
          { from: 'PROSPECTING', to: 'PROPOSAL' },
        ],
      });
    }
    expect(await count('crm', `SELECT count(*) FROM crm.deal_stage_changes WHERE deal_id = $1`, [id])).toBe(
      2,
    );
  });

  it('CLOSED_LOST again answers the deal for the same reason, CONFLICT for another', async () => {
    const id = await newDeal('Lost retries');
    const lost = (await ok(MOVE, { id, stage: 'CLOSED_LOST', reason: 'Budget cut' }, SALES)).moveDealStage;
    expect((await ok(MOVE, { id, stage: 'CLOSED_LOST', reason: 'Budget cut' }, SALES)).moveDealStage).toEqual(
      lost,
    );
    const other = await graph.query(MOVE, { id, stage: 'CLOSED_LOST', reason: 'Went with a rival' }, SALES);
    expect(codes(other)).toEqual(['CONFLICT']);
    expect(
      (await ok(`query($id: ID!) { deal(id: $id) { lostReason stageHistory { to } } }`, { id }, SALES)).deal,
    ).toEqual({ lostReason: 'Budget cut', stageHistory: [{ to: 'PROSPECTING' }, { to: 'CLOSED_LOST' }] });
  });
});

describe('customer merges', () => {
  const MERGE = `mutation($s: ID!, $d: ID!) { mergeCustomers(survivorId: $s, duplicateId: $d) {
    mergedId survivor { id } moved { recordType count ids } } }`;

  it('merging an already merged pair answers the first merge and moves nothing again', async () => {
    const survivor = (await createCustomer(graph, 'Initrode', SALES)).id;
    const duplicate = (await createCustomer(graph, { name: 'Initrode Ltd', allowDuplicate: true }, SALES)).id;
    const contact = (
      await ok(
        `mutation($c: ID!) { createContact(input: { customerId: $c, firstName: "Bill", lastName: "Lumbergh" }) { id } }`,
        { c: duplicate },
        SALES,
      )
    ).createContact.id;
    const first = (await ok(MERGE, { s: survivor, d: duplicate }, SALES)).mergeCustomers;
    expect(first.moved).toContainEqual({ recordType: 'Contact', count: 1, ids: [contact] });
    const audits = () =>
      count(
        'crm',
        `SELECT count(*) FROM crm.audit_log WHERE after ->> 'operation' = 'mergeCustomers' AND record_id = $1`,
        [survivor],
      );
    expect(await audits()).toBe(1);
    const again = await times(3, () => graph.query<Data>(MERGE, { s: survivor, d: duplicate }, SALES));
    expect(again.flatMap(codes)).toEqual([]);
    for (const answer of again) expect(answer.data!.mergeCustomers).toEqual(first);
    expect(await audits()).toBe(1);
    // The other way round is no repeat: the duplicate is deleted.
    expect(codes(await graph.query(MERGE, { s: duplicate, d: survivor }, SALES))).toEqual(['CONFLICT']);
  });
});

describe('lead offers', () => {
  const ANSWER = `id status declineReason respondedAt events { kind }`;
  const ACCEPT = `mutation($o: ID!) { acceptLeadOffer(offerId: $o) { ${ANSWER} } }`;
  const DECLINE = `mutation($o: ID!, $r: String!) { declineLeadOffer(offerId: $o, reason: $r) { ${ANSWER} } }`;

  async function offer(name: string): Promise<string> {
    const lead = (
      await ok(
        `mutation($n: String!, $c: ID) { createLead(input: { name: $n, email: "lead@prospect.example", source: WEB, customerId: $c }) { id } }`,
        { n: name, c: customerId },
        SALES,
      )
    ).createLead.id;
    return (
      await ok(
        `mutation($l: ID!, $p: ID!) { offerLeadToPartner(leadId: $l, partnerId: $p) { id } }`,
        { l: lead, p: partnerId },
        CM,
      )
    ).offerLeadToPartner.id;
  }

  it('accepting an accepted offer answers it and records one acceptance; declining it stays CONFLICT', async () => {
    const id = await offer('Accepted twice');
    const first = (await ok(ACCEPT, { o: id }, partner)).acceptLeadOffer;
    expect(first).toMatchObject({
      id,
      status: 'ACCEPTED',
      events: [{ kind: 'OFFERED' }, { kind: 'ACCEPTED' }],
    });
    const again = await times(5, () => graph.query<Data>(ACCEPT, { o: id }, partner));
    expect(again.flatMap(codes)).toEqual([]);
    for (const answer of again) expect(answer.data!.acceptLeadOffer).toEqual(first);
    expect(codes(await graph.query(DECLINE, { o: id, r: 'Changed our mind' }, partner))).toEqual([
      'CONFLICT',
    ]);
  });

  it('declining again for the same reason answers the offer; for another reason CONFLICT', async () => {
    const id = await offer('Declined twice');
    const first = (await ok(DECLINE, { o: id, r: 'No capacity' }, partner)).declineLeadOffer;
    expect(first).toMatchObject({ status: 'DECLINED', declineReason: 'No capacity' });
    expect((await ok(DECLINE, { o: id, r: 'No capacity' }, partner)).declineLeadOffer).toEqual(first);
    expect(codes(await graph.query(DECLINE, { o: id, r: 'Wrong region' }, partner))).toEqual(['CONFLICT']);
    expect(codes(await graph.query(ACCEPT, { o: id }, partner))).toEqual(['CONFLICT']);
  });
});
