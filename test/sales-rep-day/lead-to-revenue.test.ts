import { as, client, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * The headline story, end to end through the gateway: a web lead is scored, routed by automation
 * rules (assign owner + enrol in a campaign) when its score crosses the threshold, worked through
 * its statuses, converted, its deal moves through the pipeline to CLOSED_WON (where another rule
 * books the kick-off task), an order is placed, a ticket is raised and resolved — and the
 * customer's timeline and insights show all of it, in order.
 */

const { marketing: MARKETING, sales: SALES, support: SUPPORT, analyst: ANALYST, admin: ADMIN } = as;
const OWNER = 'user:sales-emea-1';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let graph: TestGraph;

const { ok } = client(() => graph);

/** Where each kind of timeline entry keeps its instant (see timeline.service.ts). */
const ENTRY_TIMES = {
  enrolled: { table: 'crm.campaign_members', column: 'created_at' },
  responded: { table: 'crm.campaign_members', column: 'responded_at' },
  stage: { table: 'crm.deal_stage_changes', column: 'changed_at' },
  activity: { table: 'crm.activities', column: 'occurred_at' },
  order: { table: 'crm.orders', column: 'ordered_at' },
  ticket: { table: 'crm.tickets', column: 'opened_at' },
} as const;

/**
 * The story's pinned instants: each step's new timeline entries are moved to the next instant
 * (one minute apart, from an hour before the test started), so the timeline order is the story's
 * order without sleeping for distinct milliseconds. Entries of one step are pinned in the order
 * given. A row is new if its instant is after the last pinned one (every write lands at "now").
 */
const STORY_START = new Date(Date.now() - 60 * 60_000);
let lastPinned = STORY_START;
async function pinNew(...kinds: (keyof typeof ENTRY_TIMES)[]): Promise<void> {
  for (const kind of kinds) {
    const { table, column } = ENTRY_TIMES[kind];
    const at = new Date(lastPinned.getTime() + 60_000);
    // A ticket's SLA moves with its opening (due as long after as before).
    const sla = kind === 'ticket' ? `sla_due_at = sla_due_at + ($1::timestamptz - opened_at), ` : '';
    const [, changed] = (await graph.crm.query(
      `UPDATE ${table} SET ${sla}${column} = $1 WHERE ${column} > $2`,
      [at, lastPinned],
    )) as [unknown, number];
    if (changed === 0) throw new Error(`pinNew: no new ${kind} entry to pin`);
    lastPinned = at;
  }
}

beforeAll(async () => {
  graph = await startTestGraph();
});

afterAll(async () => {
  await graph?.stop();
});

describe('from web lead to revenue', () => {
  let campaignId: string;
  let leadId: string;
  let memberId: string;
  let customerId: string;
  let dealId: string;
  let kickOffTaskId: string;
  const rules: Record<string, string> = {};

  it('marketing sets up a nurture campaign and the routing rules', async () => {
    const campaign = await ok(
      `mutation { createCampaign(input: { name: "EMEA web nurture", channel: EMAIL, budget: "4000.00", currency: "EUR" }) { id } }`,
      {},
      MARKETING,
    );
    campaignId = campaign.createCampaign.id;
    await ok(
      `mutation($id: ID!) { updateCampaignStatus(id: $id, status: ACTIVE) { status } }`,
      { id: campaignId },
      MARKETING,
    );
    const rule = async (input: Json) =>
      (
        await ok(
          `mutation($input: CreateAutomationRuleInput!) { createAutomationRule(input: $input) { id } }`,
          { input },
          MARKETING,
        )
      ).createAutomationRule.id as string;
    const hotWebLead = { type: 'LEAD_SCORE_CROSSED', threshold: 60 };
    rules.owner = await rule({
      name: 'Hot EMEA web leads to the EMEA team',
      trigger: hotWebLead,
      conditions: { leadSource: 'WEB', region: 'EMEA' },
      action: { type: 'ASSIGN_OWNER', ownerId: OWNER },
    });
    rules.enrol = await rule({
      name: 'Hot web leads into nurture',
      trigger: hotWebLead,
      conditions: { leadSource: 'WEB' },
      action: { type: 'ENROL_IN_CAMPAIGN', campaignId },
    });
    rules.kickOff = await rule({
      name: 'Kick-off for won deals',
      trigger: { type: 'DEAL_STAGE_CHANGED', toStage: 'CLOSED_WON' },
      action: { type: 'CREATE_TASK', subject: 'Onboarding kick-off', dueInDays: 2 },
    });
  });

  it('scores the web lead and routes it once the score crosses 60', async () => {
    // Fit without an industry: EMEA 10 + company 10 + business email 20 = 40, below the threshold.
    const created = await ok(
      `mutation($input: CreateLeadInput!) { createLead(input: $input) { id score ownerId status } }`,
      {
        input: {
          name: 'Greta Weber',
          company: 'Nordlicht Logistik',
          email: 'greta.weber@nordlicht.example',
          region: 'EMEA',
          source: 'WEB',
          consentGiven: true,
          consentSource: 'website demo request form',
        },
      },
      MARKETING,
    );
    leadId = created.createLead.id;
    expect(created.createLead).toMatchObject({ score: 40, ownerId: null, status: 'NEW' });

    // Enriched with its industry (logistics is a target industry: +20), the score reaches 60.
    const enriched = await ok(
      `mutation($id: ID!) { updateLead(id: $id, input: { industry: "Logistics" }) {
        score ownerId campaignMemberships(first: 5) { edges { node { id status campaign { name } } } } } }`,
      { id: leadId },
      SALES,
    );
    expect(enriched.updateLead.score).toBe(60);
    expect(enriched.updateLead.ownerId).toBe(OWNER);
    expect(enriched.updateLead.campaignMemberships.edges.map((e: Json) => e.node)).toEqual([
      { id: expect.any(String), status: 'ENROLLED', campaign: { name: 'EMEA web nurture' } },
    ]);
    memberId = enriched.updateLead.campaignMemberships.edges[0].node.id;
    await pinNew('enrolled');
    for (const id of [rules.owner, rules.enrol]) {
      const runs = await ok(
        `query($id: ID!) { automationRule(id: $id) { runs(first: 5) { edges { node { event outcome leadId } } } } }`,
        { id },
        ANALYST,
      );
      expect(runs.automationRule.runs.edges.map((e: Json) => e.node)).toEqual([
        { event: 'LEAD_SCORE_CROSSED', outcome: 'APPLIED', leadId },
      ]);
    }
  });

  it('the lead responds to the campaign and sales works it to QUALIFIED and converts it', async () => {
    for (const status of ['SENT', 'OPENED', 'CLICKED']) {
      await ok(
        `mutation($id: ID!, $s: CampaignMemberStatus!) { updateCampaignMemberStatus(id: $id, status: $s) { status } }`,
        { id: memberId, s: status },
        MARKETING,
      );
    }
    await ok(
      `mutation($id: ID!) { updateCampaignMemberStatus(id: $id, status: RESPONDED) { respondedAt } }`,
      { id: memberId },
      MARKETING,
    );
    await pinNew('responded');
    for (const status of ['CONTACTED', 'QUALIFIED']) {
      const moved = await ok(
        `mutation($id: ID!, $s: LeadStatus!) { updateLeadStatus(id: $id, status: $s) { status } }`,
        { id: leadId, s: status },
        SALES,
      );
      expect(moved.updateLeadStatus.status).toBe(status);
    }
    const converted = await ok(
      `mutation($id: ID!) { convertLead(id: $id, input: { amount: "24000.00", currency: "EUR", dealTitle: "Nordlicht fleet platform" }) {
        lead { status } customer { id name } contact { firstName lastName } deal { id title stage amount currency }
      } }`,
      { id: leadId },
      SALES,
    );
    expect(converted.convertLead).toMatchObject({
      lead: { status: 'CONVERTED' },
      customer: { name: 'Nordlicht Logistik' },
      contact: { firstName: 'Greta', lastName: 'Weber' },
      deal: { title: 'Nordlicht fleet platform', stage: 'PROSPECTING', amount: '24000.00', currency: 'EUR' },
    });
    customerId = converted.convertLead.customer.id;
    dealId = converted.convertLead.deal.id;
    await pinNew('stage');
  });

  it('the deal moves through the pipeline to CLOSED_WON with activities on the way', async () => {
    const log = async (type: string, subject: string) => {
      const logged = (
        await ok(
          `mutation($input: LogActivityInput!) { logActivity(input: $input) { id } }`,
          { input: { customerId, dealId, type, subject } },
          SALES,
        )
      ).logActivity.id as string;
      await pinNew('activity');
      return logged;
    };
    /** `then`: what the move sets off besides its stage change (the won deal's kick-off task). */
    const move = async (stage: string, ...then: (keyof typeof ENTRY_TIMES)[]) => {
      const moved = (
        await ok(
          `mutation($id: ID!, $s: DealStage!) { moveDealStage(id: $id, stage: $s) { stage closedAt ownerId } }`,
          { id: dealId, s: stage },
          SALES,
        )
      ).moveDealStage;
      await pinNew('stage', ...then);
      return moved;
    };
    await log('CALL', 'Discovery call');
    await move('QUALIFICATION');
    await log('MEETING', 'Solution workshop');
    await move('PROPOSAL');
    await move('NEGOTIATION');
    const won = await move('CLOSED_WON', 'activity');
    expect(won.stage).toBe('CLOSED_WON');
    expect(won.closedAt).not.toBeNull();

    const tasks = await ok(
      `query($id: ID!) { customer(id: $id) { activities(first: 10) { edges { node { id type subject dueAt completedAt } } } } }`,
      { id: customerId },
      SALES,
    );
    const kickOff = tasks.customer.activities.edges
      .map((e: Json) => e.node)
      .filter((a: Json) => a.type === 'TASK');
    expect(kickOff).toHaveLength(1);
    expect(kickOff[0]).toMatchObject({ subject: 'Onboarding kick-off', completedAt: null });
    kickOffTaskId = kickOff[0].id;
    await ok(`mutation($id: ID!) { completeTask(id: $id) { completedAt } }`, { id: kickOffTaskId }, SALES);
  });

  it('an order is placed and a ticket is raised and resolved', async () => {
    const order = await ok(
      `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderNumber totalAmount currency } }`,
      {
        input: {
          customerId,
          currency: 'EUR',
          lines: [
            { product: 'Fleet platform licence', quantity: 1, unitPrice: '19999.99' },
            { product: 'Onboarding package', quantity: 3, unitPrice: '1333.34' },
          ],
        },
      },
      SALES,
    );
    expect(order.placeOrder).toMatchObject({ totalAmount: '24000.01', currency: 'EUR' });
    await pinNew('order');
    const ticket = await ok(
      `mutation($c: ID!) { openTicket(input: { customerId: $c, subject: "Trackers not syncing", priority: HIGH }) { id status } }`,
      { c: customerId },
      SUPPORT,
    );
    await pinNew('ticket');
    const resolved = await ok(
      `mutation($id: ID!) { updateTicketStatus(id: $id, status: RESOLVED) { status breachedSla } }`,
      { id: ticket.openTicket.id },
      SUPPORT,
    );
    expect(resolved.updateTicketStatus).toEqual({ status: 'RESOLVED', breachedSla: false });
  });

  it("shows all of it in the customer's timeline, in order, and adds it up in the insights", async () => {
    const data = await ok(
      `query($id: ID!) { customer(id: $id) {
        timeline(first: 30) { totalCount edges { node { type title
          ticket { status } order { totalAmount } deal { stage } activity { subject completedAt } campaignMember { status }
        } } }
        insights { lifetimeValue orderCount openPipelineAmount winRate openTickets engagementScore }
      } }`,
      { id: customerId },
      ADMIN,
    );
    const entries = data.customer.timeline.edges.map((e: Json) => e.node);
    expect(entries.map((e: Json) => [e.type, e.title])).toEqual([
      ['TICKET_OPENED', 'Ticket opened: Trackers not syncing'],
      ['ORDER_PLACED', expect.stringMatching(/^Order SO-\d{6} placed$/)],
      ['ACTIVITY', 'Task: Onboarding kick-off'],
      ['DEAL_STAGE_CHANGE', 'Deal "Nordlicht fleet platform" won'],
      ['DEAL_STAGE_CHANGE', 'Deal "Nordlicht fleet platform" moved from PROPOSAL to NEGOTIATION'],
      ['DEAL_STAGE_CHANGE', 'Deal "Nordlicht fleet platform" moved from QUALIFICATION to PROPOSAL'],
      ['ACTIVITY', 'Meeting: Solution workshop'],
      ['DEAL_STAGE_CHANGE', 'Deal "Nordlicht fleet platform" moved from PROSPECTING to QUALIFICATION'],
      ['ACTIVITY', 'Call: Discovery call'],
      ['DEAL_STAGE_CHANGE', 'Deal "Nordlicht fleet platform" created in PROSPECTING'],
      ['CAMPAIGN_TOUCH', 'Responded to campaign "EMEA web nurture"'],
      ['CAMPAIGN_TOUCH', 'Enrolled in campaign "EMEA web nurture"'],
    ]);
    expect(data.customer.timeline.totalCount).toBe(12);
    expect(entries[0].ticket).toEqual({ status: 'RESOLVED' });
    expect(entries[1].order).toEqual({ totalAmount: '24000.01' });
    expect(entries[2].activity.completedAt).not.toBeNull();
    expect(entries[3].deal).toEqual({ stage: 'CLOSED_WON' });
    expect(entries[10].campaignMember).toEqual({ status: 'RESPONDED' });
    expect(data.customer.insights).toMatchObject({
      lifetimeValue: '24000.01',
      orderCount: 1,
      openPipelineAmount: '0.00',
      winRate: 1,
      openTickets: 0,
    });
    // A call (8), a meeting (15) and the completed kick-off task (4), all within 30 days.
    expect(data.customer.insights.engagementScore).toBe(27);
  });
});
