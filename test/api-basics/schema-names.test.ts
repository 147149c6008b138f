import { isObjectType } from 'graphql';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { clientSchema } from '../support/string-inputs';
import { DAY_MS } from '@sales-graph/shared/time';
import { as, client, codes, createCustomer, partnerUser, seedPartner, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * One name per meaning (issue 13, item 4): every renamed field still answers under its old name
 * for one release, deprecated with the name to use, and the new name answers the same value.
 */
const RENAMED: Record<string, string> = {
  'DealStageChange.fromStage': 'from',
  'DealStageChange.toStage': 'to',
  'DealStageChange.changedAt': 'at',
  'DealStageChange.changedBy': 'by',
  'LeadOfferEvent.type': 'kind',
  'LeadOfferEvent.actor': 'by',
  'CommissionPlan.rate': 'commissionRate',
  'CommissionStatement.rate': 'commissionRate',
  'DealCommission.rate': 'commissionRate',
  'Partner.sourcedDeals': 'deals',
  'Partner.assignedLeads': 'leads',
  'Partner.referredLeads': 'leads',
  'Mutation.reviewDealRegistration': 'startDealRegistrationReview',
  'Mutation.reviewMdfRequest': 'decideMdfRequest',
  'Mutation.reviewMdfClaim': 'decideMdfClaim',
};

/** Root reads of one record by id: nullable, and null with NOT_FOUND when there is none. */
const SINGLE_READS = [
  'activity',
  'automationRule',
  'campaign',
  'customer',
  'deal',
  'lead',
  'order',
  'ticket',
  'mdfBudget',
  'mdfAllocation',
  'mdfRequest',
  'mdfClaim',
  'leadOffer',
  'partner',
  'dealRegistration',
];

describe('the published schema', () => {
  const schema = clientSchema();

  it('deprecates exactly the renamed fields, each naming a field that exists', () => {
    const deprecated: Record<string, string> = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (field.deprecationReason) deprecated[`${type.name}.${field.name}`] = field.deprecationReason;
      }
    }
    expect(Object.keys(deprecated).sort()).toEqual(Object.keys(RENAMED).sort());
    for (const [path, replacement] of Object.entries(RENAMED)) {
      expect(deprecated[path]).toMatch(new RegExp(`^Use ${replacement}\\b`));
      const type = schema.getType(path.split('.')[0]);
      expect(isObjectType(type) && type.getFields()[replacement]).toBeTruthy();
    }
  });

  it('answers every Deal list with DealConnection and every Lead list with LeadConnection', () => {
    const partner = schema.getType('Partner');
    const query = schema.getQueryType()!;
    if (!isObjectType(partner)) throw new Error('Partner is not an object type');
    expect(String(partner.getFields().deals.type)).toBe('DealConnection!');
    expect(String(query.getFields().deals.type)).toBe('DealConnection!');
    expect(String(partner.getFields().leads.type)).toBe('LeadConnection!');
    expect(String(query.getFields().leads.type)).toBe('LeadConnection!');
  });

  it('types ratios as Float', () => {
    for (const name of ['CommissionPlan', 'CommissionStatement', 'DealCommission']) {
      const type = schema.getType(name);
      if (!isObjectType(type)) throw new Error(`${name} is not an object type`);
      expect(String(type.getFields().commissionRate.type)).toMatch(/^Float!?$/);
    }
  });

  it('types every single read nullable and says it answers NOT_FOUND', () => {
    const fields = schema.getQueryType()!.getFields();
    for (const name of SINGLE_READS) {
      expect(String(fields[name].type)).not.toMatch(/!$/);
      expect(fields[name].description).toMatch(/NOT_FOUND/);
    }
  });
});

describe('old and new names through the gateway', () => {
  let graph: TestGraph;
  const id: Record<string, string> = {};
  const { channelManager: CM, sales: SALES } = as;
  let PU: Identity;
  const today = new Date().toISOString().slice(0, 10);
  const inDays = (n: number) => new Date(Date.now() + n * DAY_MS).toISOString().slice(0, 10);

  type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const { ok } = client(() => graph);

  beforeAll(async () => {
    graph = await startTestGraph();
    id.partner = await seedPartner(graph, { name: 'Renamed Reseller', tier: 'GOLD' });
    PU = await partnerUser(graph, id.partner);
    await ok(
      `mutation { setCommissionPlan(input: { tier: GOLD, rate: "0.10", currency: "EUR" }) { id } }`,
      {},
      CM,
    );
    id.customer = (await createCustomer(graph, 'Renamed Customer')).id;
    id.deal = (
      await ok(
        `mutation($c: ID!) { createDeal(input: { customerId: $c, title: "Renamed deal", amount: "1000", currency: "EUR" }) { id } }`,
        { c: id.customer },
      )
    ).createDeal.id;
    await ok(
      `mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`,
      {
        d: id.deal,
        p: id.partner,
      },
    );
    await ok(`mutation($d: ID!) { moveDealStage(id: $d, stage: CLOSED_WON) { id } }`, { d: id.deal }, SALES);
  }, 120_000);

  afterAll(async () => {
    await graph?.stop();
  });

  it('DealStageChange: from, to, at, by answer what fromStage, toStage, changedAt, changedBy do', async () => {
    const { deal } = await ok(
      `query($d: ID!) { deal(id: $d) { stageHistory { fromStage toStage changedAt changedBy from to at by reason } } }`,
      { d: id.deal },
    );
    expect(deal.stageHistory).toHaveLength(2);
    for (const entry of deal.stageHistory) {
      expect(entry.from).toBe(entry.fromStage);
      expect(entry.to).toBe(entry.toStage);
      expect(entry.at).toBe(entry.changedAt);
      expect(entry.by).toBe(entry.changedBy);
    }
    expect(deal.stageHistory[1]).toMatchObject({ from: 'PROSPECTING', to: 'CLOSED_WON', by: SALES.sub });
    // `by` is internal like `changedBy`: a partner user on its own deal reads neither.
    const asPartner = await graph.query(
      `query($d: ID!) { deal(id: $d) { stageHistory { to by } } }`,
      { d: id.deal },
      PU,
    );
    const asPartnerOld = await graph.query(
      `query($d: ID!) { deal(id: $d) { stageHistory { toStage changedBy } } }`,
      { d: id.deal },
      PU,
    );
    expect(codes(asPartner)).toEqual(codes(asPartnerOld));
    expect(JSON.stringify(asPartner.data).replace(/"to"/g, '"toStage"').replace(/"by"/g, '"changedBy"')).toBe(
      JSON.stringify(asPartnerOld.data),
    );
  });

  it('LeadOfferEvent: kind and by answer what type and actor do', async () => {
    id.lead = (
      await ok(`mutation { createLead(input: { name: "Renamed Lead", source: PARTNER }) { id } }`)
    ).createLead.id;
    const offer = (
      await ok(
        `mutation($l: ID!, $p: ID!) { offerLeadToPartner(leadId: $l, partnerId: $p) { id } }`,
        { l: id.lead, p: id.partner },
        CM,
      )
    ).offerLeadToPartner;
    const { leadOffer } = await ok(
      `query($o: ID!) { leadOffer(id: $o) { events { type actor kind by at } } }`,
      {
        o: offer.id,
      },
    );
    expect(leadOffer.events).toEqual([
      { type: 'OFFERED', actor: CM.sub, kind: 'OFFERED', by: CM.sub, at: expect.any(String) },
    ]);
  });

  it('commissionRate is the Float of the deprecated String rate', async () => {
    const { commissionPlans } = await ok(
      `query { commissionPlans(first: 10) { edges { node { tier rate commissionRate } } } }`,
      {},
      CM,
    );
    expect(commissionPlans.edges.map((e: Data) => e.node)).toContainEqual({
      tier: 'GOLD',
      rate: '0.1000',
      commissionRate: 0.1,
    });
    const { deal } = await ok(
      `query($d: ID!) { deal(id: $d) { commission { rate commissionRate amount } } }`,
      { d: id.deal },
      CM,
    );
    expect(deal.commission).toEqual({ rate: '0.1000', commissionRate: 0.1, amount: '100.00' });
    const { partner } = await ok(
      `query($p: ID!, $period: PeriodInput!) { partner(id: $p) { commissionStatement(period: $period) { rate commissionRate total } } }`,
      { p: id.partner, period: { from: today, to: today } },
      CM,
    );
    expect(partner.commissionStatement).toEqual({ rate: '0.1000', commissionRate: 0.1, total: '100.00' });
  });

  it('Partner.deals (a DealConnection) lists what sourcedDeals does', async () => {
    for (const as of [undefined, PU]) {
      const { partner } = await ok(
        `query($p: ID!) { partner(id: $p) {
          sourcedDeals(first: 10) { totalCount edges { node { id title } } }
          deals(first: 10) { __typename totalCount edges { node { id title } } } } }`,
        { p: id.partner },
        as,
      );
      expect(partner.deals.__typename).toBe('DealConnection');
      expect(partner.deals.totalCount).toBe(1);
      expect(partner.deals.edges).toEqual(partner.sourcedDeals.edges);
      expect(partner.deals.edges[0].node).toEqual({ id: id.deal, title: 'Renamed deal' });
    }
  });

  it('Partner.leads(relation:) (a LeadConnection) lists what assignedLeads and referredLeads do', async () => {
    const lead = async (name: string) =>
      (
        await ok(`mutation($n: String!) { createLead(input: { name: $n, source: PARTNER }) { id } }`, {
          n: name,
        })
      ).createLead.id as string;
    const [assigned, referred] = [await lead('Assigned Lead'), await lead('Referred Lead')];
    const attribute = (l: string, input: string) =>
      ok(`mutation($l: ID!, $p: ID!) { attributeLeadToPartner(input: { leadId: $l, ${input} }) { id } }`, {
        l,
        p: id.partner,
      });
    await attribute(assigned, 'assignedPartnerId: $p');
    await attribute(referred, 'referredByPartnerId: $p');
    for (const as of [undefined, PU]) {
      const { partner } = await ok(
        `query($p: ID!) { partner(id: $p) {
          assignedLeads(first: 10) { totalCount edges { node { id } } }
          referredLeads(first: 10) { totalCount edges { node { id } } }
          assigned: leads(relation: ASSIGNED, first: 10) { __typename totalCount edges { node { id } } }
          referred: leads(relation: REFERRED, first: 10) { __typename totalCount edges { node { id } } } } }`,
        { p: id.partner },
        as,
      );
      expect(partner.assigned.__typename).toBe('LeadConnection');
      expect(partner.assigned.edges).toEqual(partner.assignedLeads.edges);
      expect(partner.referred.edges).toEqual(partner.referredLeads.edges);
      expect(partner.assigned.edges.map((e: Data) => e.node.id)).toContain(assigned);
      expect(partner.referred.edges.map((e: Data) => e.node.id)).toEqual([referred]);
    }
  });

  it('startDealRegistrationReview does what reviewDealRegistration does', async () => {
    const register = async (company: string) =>
      (
        await ok(
          `mutation($i: RegisterDealInput!) { registerDeal(input: $i) { id } }`,
          {
            i: {
              prospectCompanyName: company,
              estimatedAmount: '5000',
              currency: 'EUR',
              expectedCloseDate: inDays(30),
              products: ['Analytics'],
            },
          },
          PU,
        )
      ).registerDeal.id as string;
    const [old, renamed] = [await register('Old Verb Ltd'), await register('New Verb Ltd')];
    const a = await ok(`mutation($id: ID!) { reviewDealRegistration(id: $id) { status } }`, { id: old }, CM);
    const b = await ok(
      `mutation($id: ID!) { startDealRegistrationReview(id: $id) { status } }`,
      { id: renamed },
      CM,
    );
    expect(a.reviewDealRegistration).toEqual({ status: 'UNDER_REVIEW' });
    expect(b.startDealRegistrationReview).toEqual({ status: 'UNDER_REVIEW' });
    // Same permission: a partner user may start neither.
    const again = await register('Forbidden Verb Ltd');
    expect(
      codes(
        await graph.query(
          `mutation($id: ID!) { startDealRegistrationReview(id: $id) { id } }`,
          { id: again },
          PU,
        ),
      ),
    ).toEqual(['FORBIDDEN']);
  });

  it('decideMdfRequest and decideMdfClaim do what reviewMdfRequest and reviewMdfClaim do', async () => {
    const budget = (
      await ok(
        `mutation($i: CreateMdfBudgetInput!) { createMdfBudget(input: $i) { id } }`,
        {
          i: { name: 'Renames', periodFrom: today, periodTo: inDays(90), amount: '1000.00', currency: 'EUR' },
        },
        CM,
      )
    ).createMdfBudget.id;
    const allocation = (
      await ok(
        `mutation($i: AllocateMdfInput!) { allocateMdf(input: $i) { id } }`,
        { i: { budgetId: budget, partnerId: id.partner, amount: '1000.00' } },
        CM,
      )
    ).allocateMdf.id;
    const request = async () =>
      (
        await ok(
          `mutation($i: RequestMdfInput!) { requestMdf(input: $i) { id } }`,
          { i: { allocationId: allocation, activity: 'Webinar', amount: '100.00' } },
          PU,
        )
      ).requestMdf.id as string;
    const [r1, r2] = [await request(), await request()];
    const old = await ok(
      `mutation($i: ReviewMdfRequestInput!) { reviewMdfRequest(input: $i) { status } }`,
      { i: { requestId: r1, approve: true } },
      CM,
    );
    const renamed = await ok(
      `mutation($i: ReviewMdfRequestInput!) { decideMdfRequest(input: $i) { status } }`,
      { i: { requestId: r2, approve: true } },
      CM,
    );
    expect(old.reviewMdfRequest).toEqual({ status: 'APPROVED' });
    expect(renamed.decideMdfRequest).toEqual({ status: 'APPROVED' });
    const claim = async (requestId: string) =>
      (
        await ok(
          `mutation($i: ClaimMdfInput!) { claimMdf(input: $i) { id } }`,
          { i: { requestId, amount: '50.00', proof: ['https://example.com/invoice.pdf'] } },
          PU,
        )
      ).claimMdf.id as string;
    const [c1, c2] = [await claim(r1), await claim(r2)];
    const paidOld = await ok(
      `mutation($i: ReviewMdfClaimInput!) { reviewMdfClaim(input: $i) { status } }`,
      { i: { claimId: c1, pay: true } },
      CM,
    );
    const paidNew = await ok(
      `mutation($i: ReviewMdfClaimInput!) { decideMdfClaim(input: $i) { status } }`,
      { i: { claimId: c2, pay: true } },
      CM,
    );
    expect(paidOld.reviewMdfClaim).toEqual({ status: 'PAID' });
    expect(paidNew.decideMdfClaim).toEqual({ status: 'PAID' });
  });

  it('a single read of a missing record answers null with NOT_FOUND, and the other aliases still answer', async () => {
    const missing = '00000000-0000-4000-8000-00000000dead';
    for (const name of SINGLE_READS) {
      const response = await graph.query(
        `query($id: ID!, $c: ID!) { gone: ${name}(id: $id) { id } here: customer(id: $c) { id } }`,
        { id: missing, c: id.customer },
      );
      expect([name, response.data?.gone]).toEqual([name, null]);
      expect([name, response.data?.here]).toEqual([name, { id: id.customer }]);
      expect([name, codes(response)]).toEqual([name, ['NOT_FOUND']]);
    }
  });
});
