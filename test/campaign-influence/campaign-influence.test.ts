import type { Identity } from '@sales-graph/shared/auth/identity';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import type { OutboxDispatcher } from '@sales-graph/shared/outbox/outbox';
import { DAY_MS } from '@sales-graph/shared/time';
import {
  activePartner,
  as,
  campaignTouch,
  client,
  codes,
  createCampaign,
  createContact,
  createCustomer,
  createDeal,
  createLead,
  expectCode,
  partnerUser,
  partnerWithDeal,
  prmOutbox,
  startTestGraph,
} from '../support';
import type { TestGraph } from '../support';

/**
 * Campaign influence and MDF return (issue 14, item 8), through the gateway as the roles who use
 * it: marketing reads each deal's and campaign's credits under the three models, an analyst and a
 * channel manager the BI aggregate, a partner the return of its own MDF request's campaign (totals
 * only, once a channel manager confirmed the campaign), and nothing beyond.
 *
 * The data (touch instants pinned; T0 = the won and lost deals' close):
 *   Acme: lead L1 (the won deal's lead), contacts c1, c2.  Beta: contact c3.
 *   touches: L1 in A at T0-30d, c1 in B at T0-20d, c2 in C at T0-10d, c2 in D at T0+5d, c3 in A at T0-40d
 *   W  Acme, lead L1, CLOSED_WON  at T0, 1000.00 EUR: touched by A, B, C (D came after the close)
 *   O  Acme,          open,             100.00 EUR: touched by B, C, D (open: every touch until now)
 *   X  Acme,          CLOSED_LOST at T0,  0.05 USD: touched by B, C (the lead's A is W's lead, not X's)
 *   Y  Beta,          CLOSED_WON  at T0, 200.00 USD: touched by A
 */

const { marketing: MARKETING, analyst: ANALYST, channelManager: CM, sales: SALES } = as;
let graph: TestGraph;
const { ok, query } = client(() => graph, MARKETING);
let P1: Identity;
let P2: Identity;
let outbox: OutboxDispatcher;
const T0 = new Date('2026-06-01T12:00:00.000Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);
const id: Record<string, string> = {};

beforeAll(async () => {
  // The PRM outbox driven by the test (a partner's sourced deal reaches the CRM when it says).
  process.env.OUTBOX_POLL_MS = '0';
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
  outbox = prmOutbox(graph);
  for (const name of ['A', 'B', 'C', 'D']) id[name] = (await createCampaign(graph, `Campaign ${name}`)).id;
  const acme = await createCustomer(graph, 'Acme Influence');
  const beta = await createCustomer(graph, 'Beta Influence');
  id.beta = beta.id;
  id.L1 = (await createLead(graph, { name: 'Lee One', company: 'Acme Influence', customerId: acme.id })).id;
  id.c1 = (await createContact(graph, acme.id, 'Cee')).id;
  id.c2 = (await createContact(graph, acme.id, 'Dee')).id;
  id.c3 = (await createContact(graph, beta.id, 'Eve')).id;
  await campaignTouch(graph, { campaignId: id.A, leadId: id.L1, at: at(-30) });
  await campaignTouch(graph, { campaignId: id.B, contactId: id.c1, at: at(-20) });
  await campaignTouch(graph, { campaignId: id.C, contactId: id.c2, at: at(-10) });
  await campaignTouch(graph, { campaignId: id.D, contactId: id.c2, at: at(5) });
  await campaignTouch(graph, { campaignId: id.A, contactId: id.c3, at: at(-40) });
  const deal = (
    title: string,
    customerId: string,
    amount: string,
    currency: string,
    stage: string,
    leadId?: string,
  ) =>
    createDeal(
      graph,
      {
        customerId,
        title,
        amount,
        currency,
        stage,
        leadId: leadId ?? null,
        lostReason: stage === 'CLOSED_LOST' ? 'Budget' : null,
      },
      as.sales,
    );
  id.W = (await deal('W', acme.id, '1000.00', 'EUR', 'CLOSED_WON', id.L1)).id;
  id.O = (await deal('O', acme.id, '100.00', 'EUR', 'NEGOTIATION')).id;
  id.X = (await deal('X', acme.id, '0.05', 'USD', 'CLOSED_LOST')).id;
  id.Y = (await deal('Y', beta.id, '200.00', 'USD', 'CLOSED_WON')).id;
  // The close instants pinned (the API stamps the current one).
  await graph.crm.query(`UPDATE crm.deals SET closed_at = $1 WHERE id = ANY($2::uuid[])`, [
    T0,
    [id.W, id.X, id.Y],
  ]);
  P1 = await partnerUser(graph, await activePartner(graph, 'Influence Partner One'));
  P2 = await partnerUser(graph, await activePartner(graph, 'Influence Partner Two'));
}, 120_000);

afterAll(async () => {
  await graph?.stop();
});

const DEAL_CREDITS = `query($ids: [ID!]!, $model: CampaignInfluenceModel!) {
  deals(first: 10, filter: { id: { in: $ids } }) { edges { node { title campaignInfluence(model: $model) {
    campaignId amount currency firstTouchAt lastTouchAt campaign { name } } } } } }`;

/** Each deal's credits as "campaign amount currency", by deal title. */
async function dealCredits(model: string, identity: Identity = MARKETING) {
  const data = await ok(DEAL_CREDITS, { ids: [id.W, id.O, id.X, id.Y], model }, identity);
  const byTitle: Record<string, string[]> = {};
  for (const { node } of data.deals.edges)
    byTitle[node.title] = node.campaignInfluence.map(
      (c: { campaign: { name: string } | null; campaignId: string; amount: string; currency: string }) =>
        `${c.campaign?.name.replace('Campaign ', '') ?? c.campaignId} ${c.amount} ${c.currency}`,
    );
  return byTitle;
}

describe('a deal credited to the campaigns that touched it, per model', () => {
  it('FIRST_TOUCH: the whole amount to the earliest touch before the close', async () => {
    expect(await dealCredits('FIRST_TOUCH')).toEqual({
      W: ['A 1000.00 EUR'],
      O: ['B 100.00 EUR'],
      X: ['B 0.05 USD'],
      Y: ['A 200.00 USD'],
    });
  });

  it('LAST_TOUCH: the whole amount to the latest touch before the close (D touched W after it closed)', async () => {
    expect(await dealCredits('LAST_TOUCH')).toEqual({
      W: ['C 1000.00 EUR'],
      O: ['D 100.00 EUR'],
      X: ['C 0.05 USD'],
      Y: ['A 200.00 USD'],
    });
  });

  it('EVEN_SPLIT: whole cents, the remainder cents to the earliest touches, adding up to the amount', async () => {
    // W: 100000 cents / 3 = 33333 r 1 → A (first) 333.34; O: 10000 / 3 = 3333 r 1 → B (first) 33.34;
    // X: 5 / 2 = 2 r 1 → B (first) 0.03, C 0.02.
    expect(await dealCredits('EVEN_SPLIT')).toEqual({
      W: ['A 333.34 EUR', 'B 333.33 EUR', 'C 333.33 EUR'],
      O: ['B 33.34 EUR', 'C 33.33 EUR', 'D 33.33 EUR'],
      X: ['B 0.03 USD', 'C 0.02 USD'],
      Y: ['A 200.00 USD'],
    });
    const data = await ok(DEAL_CREDITS, { ids: [id.W], model: 'EVEN_SPLIT' });
    expect(data.deals.edges[0].node.campaignInfluence[0]).toMatchObject({
      campaignId: id.A,
      firstTouchAt: at(-30).toISOString(),
      lastTouchAt: at(-30).toISOString(),
    });
  });

  it('answers the credits of a page of deals in one statement, however many deals', async () => {
    const counter = statementCounter(graph.crm);
    const counts: number[] = [];
    for (const ids of [[id.W], [id.W, id.O, id.X, id.Y]]) {
      counter.record();
      await ok(
        `query($ids: [ID!]!) { deals(first: 10, filter: { id: { in: $ids } }) { edges { node { id
        campaignInfluence(model: EVEN_SPLIT) { amount } } } } }`,
        { ids },
      );
      counts.push(counter.count);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});

const CAMPAIGN_INFLUENCE = `query($id: ID!, $model: CampaignInfluenceModel!) { campaign(id: $id) {
  influence(model: $model) { currency pipeline wonRevenue lostAmount deals openDeals wonDeals lostDeals } } }`;

const totals = (
  currency: string,
  pipeline: string,
  won: string,
  lost: string,
  counts: [number, number, number],
) => ({
  currency,
  pipeline,
  wonRevenue: won,
  lostAmount: lost,
  deals: counts[0] + counts[1] + counts[2],
  openDeals: counts[0],
  wonDeals: counts[1],
  lostDeals: counts[2],
});

describe("a campaign's influence: pipeline, won revenue and deal counts per currency", () => {
  it.each([
    [
      'EVEN_SPLIT',
      {
        A: [
          totals('EUR', '0.00', '333.34', '0.00', [0, 1, 0]),
          totals('USD', '0.00', '200.00', '0.00', [0, 1, 0]),
        ],
        B: [
          totals('EUR', '33.34', '333.33', '0.00', [1, 1, 0]),
          totals('USD', '0.00', '0.00', '0.03', [0, 0, 1]),
        ],
        C: [
          totals('EUR', '33.33', '333.33', '0.00', [1, 1, 0]),
          totals('USD', '0.00', '0.00', '0.02', [0, 0, 1]),
        ],
        D: [totals('EUR', '33.33', '0.00', '0.00', [1, 0, 0])],
      },
    ],
    [
      'FIRST_TOUCH',
      {
        A: [
          totals('EUR', '0.00', '1000.00', '0.00', [0, 1, 0]),
          totals('USD', '0.00', '200.00', '0.00', [0, 1, 0]),
        ],
        B: [
          totals('EUR', '100.00', '0.00', '0.00', [1, 0, 0]),
          totals('USD', '0.00', '0.00', '0.05', [0, 0, 1]),
        ],
        C: [],
        D: [],
      },
    ],
    [
      'LAST_TOUCH',
      {
        A: [totals('USD', '0.00', '200.00', '0.00', [0, 1, 0])],
        B: [],
        C: [
          totals('EUR', '0.00', '1000.00', '0.00', [0, 1, 0]),
          totals('USD', '0.00', '0.00', '0.05', [0, 0, 1]),
        ],
        D: [totals('EUR', '100.00', '0.00', '0.00', [1, 0, 0])],
      },
    ],
  ])('%s', async (model, expected) => {
    for (const [name, want] of Object.entries(expected)) {
      const data = await ok(CAMPAIGN_INFLUENCE, { id: id[name], model });
      expect([name, data.campaign.influence]).toEqual([name, want]);
    }
  });
});

const AGGREGATE = `query($model: CampaignInfluenceModel!, $filter: DealFilter) {
  campaignInfluence(model: $model, filter: $filter) {
    model
    rows { campaignId campaign { name } currency pipeline wonRevenue lostAmount deals openDeals wonDeals lostDeals }
    totals { currency pipeline wonRevenue lostAmount deals openDeals wonDeals lostDeals } } }`;

describe('campaignInfluence for BI', () => {
  it('equals the campaigns one by one, and its totals are the amounts of the deals any campaign touched', async () => {
    for (const model of ['EVEN_SPLIT', 'FIRST_TOUCH', 'LAST_TOUCH']) {
      const { campaignInfluence } = await ok(AGGREGATE, { model }, ANALYST);
      expect(campaignInfluence.model).toBe(model);
      for (const name of ['A', 'B', 'C', 'D']) {
        const { campaign } = await ok(CAMPAIGN_INFLUENCE, { id: id[name], model });
        const rows = campaignInfluence.rows
          .filter((row: { campaignId: string }) => row.campaignId === id[name])
          .map(({ campaignId: _id, campaign: _campaign, ...rest }: Record<string, unknown>) => rest);
        expect([model, name, rows]).toEqual([model, name, campaign.influence]);
      }
      // Credits add up to each deal's amount: W + O in EUR, X + Y in USD, whatever the model.
      expect(campaignInfluence.totals).toEqual([
        totals('EUR', '100.00', '1000.00', '0.00', [1, 1, 0]),
        totals('USD', '0.00', '200.00', '0.05', [0, 1, 1]),
      ]);
    }
  });

  it('takes the deals list filter, and a channel manager reads it (campaign names need campaign access)', async () => {
    const { campaignInfluence } = await ok(
      AGGREGATE.replace(' campaign { name }', ''),
      { model: 'EVEN_SPLIT', filter: { customerId: id.beta } },
      CM,
    );
    expect(campaignInfluence.totals).toEqual([totals('USD', '0.00', '200.00', '0.00', [0, 1, 0])]);
    expect(campaignInfluence.rows).toEqual([
      { campaignId: id.A, ...totals('USD', '0.00', '200.00', '0.00', [0, 1, 0]) },
    ]);
    // A channel manager does not read campaigns themselves: their names are refused, typed.
    const named = await query(AGGREGATE, { model: 'EVEN_SPLIT', filter: { customerId: id.beta } }, CM);
    expectCode(named, 'FORBIDDEN');
    expect(named.data?.campaignInfluence.rows[0].campaign).toBeNull();
  });

  it('is refused to SALES, with a typed error', async () => {
    expectCode(await query(AGGREGATE, { model: 'EVEN_SPLIT' }, SALES), 'FORBIDDEN');
  });
});

const BUDGET = `mutation($i: CreateMdfBudgetInput!) { createMdfBudget(input: $i) { id } }`;
const ALLOCATE = `mutation($i: AllocateMdfInput!) { allocateMdf(input: $i) { id } }`;
const REQUEST = `mutation($i: RequestMdfInput!) { requestMdf(input: $i) { id campaignId campaignConfirmed } }`;
const DECIDE = `mutation($i: ReviewMdfRequestInput!) { decideMdfRequest(input: $i) { id status campaignConfirmed } }`;
const CLAIM = `mutation($i: ClaimMdfInput!) { claimMdf(input: $i) { id } }`;
const LINK = `mutation($r: ID!, $c: ID) { linkMdfRequestCampaign(requestId: $r, campaignId: $c) { id campaignId campaignConfirmed } }`;
const RETURN = `query($id: ID!, $model: CampaignInfluenceModel!) { mdfRequest(id: $id) { id campaignId campaignConfirmed
  campaignReturn(model: $model) { campaignId model totals { currency pipeline wonRevenue deals openDeals wonDeals }
    returnOnSpend { currency wonRevenue approved claimed onApproved onClaimed } } } }`;

describe('MDF return: the pipeline and won revenue of the campaign an MDF request funded', () => {
  beforeAll(async () => {
    const budget = (
      await ok(
        BUDGET,
        {
          i: {
            name: 'Influence',
            periodFrom: '2026-01-01',
            periodTo: '2026-12-31',
            amount: '5000.00',
            currency: 'USD',
          },
        },
        CM,
      )
    ).createMdfBudget.id;
    for (const [key, partner] of [
      ['alloc1', P1],
      ['alloc2', P2],
    ] as const) {
      const partnerId = (partner as { partnerId: string }).partnerId;
      id[key] = (
        await ok(ALLOCATE, { i: { budgetId: budget, partnerId, amount: '2000.00' } }, CM)
      ).allocateMdf.id;
    }
  });

  it('a partner names the campaign; its return shows once a channel manager approved the request', async () => {
    const asked = (
      await ok(
        REQUEST,
        { i: { allocationId: id.alloc1, activity: 'Joint webinar', amount: '400.00', campaignId: id.A } },
        P1,
      )
    ).requestMdf;
    expect(asked).toMatchObject({ campaignId: id.A, campaignConfirmed: false });
    id.req1 = asked.id;
    // Not yet confirmed: the partner does not see the campaign's figures.
    expect((await ok(RETURN, { id: id.req1, model: 'EVEN_SPLIT' }, P1)).mdfRequest.campaignReturn).toBeNull();
    // A channel manager sees them, with no return on spend before the approval.
    expect(
      (await ok(RETURN, { id: id.req1, model: 'EVEN_SPLIT' }, CM)).mdfRequest.campaignReturn.returnOnSpend,
    ).toEqual({
      currency: 'USD',
      wonRevenue: '200.00',
      approved: null,
      claimed: '0.00',
      onApproved: null,
      onClaimed: null,
    });

    expect(
      (await ok(DECIDE, { i: { requestId: id.req1, approve: true } }, CM)).decideMdfRequest,
    ).toMatchObject({
      status: 'APPROVED',
      campaignConfirmed: true,
    });
    const seen = (await ok(RETURN, { id: id.req1, model: 'EVEN_SPLIT' }, P1)).mdfRequest.campaignReturn;
    expect(seen).toEqual({
      campaignId: id.A,
      model: 'EVEN_SPLIT',
      totals: [
        { currency: 'EUR', pipeline: '0.00', wonRevenue: '333.34', deals: 1, openDeals: 0, wonDeals: 1 },
        { currency: 'USD', pipeline: '0.00', wonRevenue: '200.00', deals: 1, openDeals: 0, wonDeals: 1 },
      ],
      // 200.00 / 400.00
      returnOnSpend: {
        currency: 'USD',
        wonRevenue: '200.00',
        approved: '400.00',
        claimed: '0.00',
        onApproved: '0.5000',
        onClaimed: null,
      },
    });

    await ok(
      CLAIM,
      { i: { requestId: id.req1, amount: '300.00', proof: ['https://p1.example/invoice.pdf'] } },
      P1,
    );
    const claimed = (await ok(RETURN, { id: id.req1, model: 'FIRST_TOUCH' }, P1)).mdfRequest.campaignReturn;
    // 200.00 / 300.00 = 0.66666… → 0.6667 (half to even, 4 places).
    expect(claimed.returnOnSpend).toEqual({
      currency: 'USD',
      wonRevenue: '200.00',
      approved: '400.00',
      claimed: '300.00',
      onApproved: '0.5000',
      onClaimed: '0.6667',
    });
    expect(claimed.totals[0]).toEqual({
      currency: 'EUR',
      pipeline: '0.00',
      wonRevenue: '1000.00',
      deals: 1,
      openDeals: 0,
      wonDeals: 1,
    });
  });

  it('a claimed request keeps its campaign unless a channel manager changes it', async () => {
    expectCode(await query(LINK, { r: id.req1, c: id.B }, P1), 'CONFLICT');
    expect((await ok(LINK, { r: id.req1, c: id.B }, CM)).linkMdfRequestCampaign).toMatchObject({
      campaignId: id.B,
      campaignConfirmed: true,
    });
    // Naming the campaign it already names is a repeat: answered as it is, still confirmed.
    expect((await ok(LINK, { r: id.req1, c: id.B }, P1)).linkMdfRequestCampaign).toMatchObject({
      campaignId: id.B,
      campaignConfirmed: true,
    });
    const moved = (await ok(RETURN, { id: id.req1, model: 'LAST_TOUCH' }, P1)).mdfRequest.campaignReturn;
    // B is last on no deal.
    expect(moved).toMatchObject({ campaignId: id.B, totals: [] });
    expect(moved.returnOnSpend).toMatchObject({
      wonRevenue: '0.00',
      onApproved: '0.0000',
      onClaimed: '0.0000',
    });
  });

  it('a campaign that does not exist is NOT_FOUND, and nothing is written', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const before = await graph.prm.query(`SELECT count(*)::int AS n FROM prm.mdf_requests`);
    expectCode(
      await query(
        REQUEST,
        { i: { allocationId: id.alloc2, activity: 'Ads', amount: '10.00', campaignId: missing } },
        P2,
      ),
      'NOT_FOUND',
    );
    expect(await graph.prm.query(`SELECT count(*)::int AS n FROM prm.mdf_requests`)).toEqual(before);
    expectCode(await query(LINK, { r: id.req1, c: 'not-an-id' }, CM), 'NOT_FOUND');
  });
});

describe('a partner probing beyond its own return', () => {
  it("cannot see or relink another partner's request, nor read another campaign's influence by naming it", async () => {
    expectCode(await query(RETURN, { id: id.req1, model: 'EVEN_SPLIT' }, P2), 'NOT_FOUND');
    expectCode(await query(LINK, { r: id.req1, c: id.C }, P2), 'NOT_FOUND');
    const { mdfRequests } = await ok(`{ mdfRequests(first: 50) { edges { node { id } } } }`, {}, P2);
    expect(mdfRequests.edges).toEqual([]);

    // Naming campaign C on its own request shows nothing of C until a channel manager confirms.
    const own = (await ok(REQUEST, { i: { allocationId: id.alloc2, activity: 'Ads', amount: '50.00' } }, P2))
      .requestMdf;
    expect((await ok(LINK, { r: own.id, c: id.C }, P2)).linkMdfRequestCampaign).toMatchObject({
      campaignId: id.C,
      campaignConfirmed: false,
    });
    const read = await ok(RETURN, { id: own.id, model: 'EVEN_SPLIT' }, P2);
    expect(read.mdfRequest).toMatchObject({
      campaignId: id.C,
      campaignConfirmed: false,
      campaignReturn: null,
    });
  });

  it("is refused the influence itself: the aggregate, a campaign, the campaigns list and a deal's credits", async () => {
    for (const partner of [P1, P2]) {
      expectCode(await query(AGGREGATE, { model: 'EVEN_SPLIT' }, partner), 'FORBIDDEN');
      expectCode(await query(CAMPAIGN_INFLUENCE, { id: id.A, model: 'EVEN_SPLIT' }, partner), 'FORBIDDEN');
      expectCode(
        await query(
          `{ campaigns(first: 5) { edges { node { influence(model: FIRST_TOUCH) { wonRevenue } } } } }`,
          {},
          partner,
        ),
        'FORBIDDEN',
      );
    }
    // The CRM's service-only call is not in the public graph.
    const hidden = await query(
      `query($ids: [ID!]!) { campaignReturnsForMdf(campaignIds: $ids, model: EVEN_SPLIT) { campaignId } }`,
      { ids: [id.A] },
      P1,
    );
    expect(codes(hidden)).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it("sees no deal's credits, even of its own sourced deal it reads", async () => {
    const sourced = await partnerWithDeal(graph, outbox, 'Influence Partner Three');
    const contact = await createContact(graph, sourced.customerId, 'Fay');
    await campaignTouch(graph, { campaignId: id.B, contactId: contact.id, at: at(-1) });
    const DEAL = `query($id: ID!) { deal(id: $id) { id campaignInfluence(model: EVEN_SPLIT) { campaignId } } }`;
    // The credits exist (marketing sees B's) …
    expect((await ok(DEAL, { id: sourced.dealId })).deal.campaignInfluence).toEqual([{ campaignId: id.B }]);
    // … the partner reads its deal, not them.
    const response = await query(DEAL, { id: sourced.dealId }, sourced.user);
    expectCode(response, 'FORBIDDEN');
    expect(response.data?.deal).toEqual({ id: sourced.dealId, campaignInfluence: null });
  });
});
