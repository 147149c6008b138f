import type { Identity } from '@sales-graph/shared/auth/identity';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import { Customer, LifecycleStage } from '../../subgraphs/customers/src/customers/customer.entity';
import { Activity, ActivityType } from '../../subgraphs/customers/src/activities/activity.entity';
import { Deal, DealStage, DealStageChange } from '../../subgraphs/customers/src/deals/deal.entity';
import { Order, OrderLine, OrderStatus } from '../../subgraphs/customers/src/orders/order.entity';
import { Ticket, TicketPriority, TicketStatus } from '../../subgraphs/customers/src/tickets/ticket.entity';
import { DAY_MS, HOUR_MS } from '@sales-graph/shared/time';
import { activePartner, as, client, createCustomer, errorOf, partnerUser, startTestGraph } from '../support';
import type { GraphQLResponse, TestGraph } from '../support';

/**
 * A customer's story through the gateway: activities are logged, deals move through the pipeline,
 * orders are placed, tickets are opened and resolved; the customer's timeline shows all of it in
 * order, page by page, and the insights add it up exactly.
 */

const { sales: SALES, support: SUPPORT, analyst: ANALYST } = as;
/** A real, active partner user (set up in beforeAll). */
let PARTNER: Identity;

const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
/**
 * The story's pinned instants: the pipeline and ticket events happen one minute apart, an hour
 * before the test started (after the task of two days ago, before the last order placed now), so
 * the timeline's order never rests on two writes landing in different milliseconds.
 */
const STORY_START = Date.now() - HOUR_MS;
let storyMinute = 0;
const nextStoryInstant = () => new Date(STORY_START + (storyMinute += 1) * 60_000);

/** Response data the test reads loosely; the assertions pin down its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let graph: TestGraph;

async function gql<T = Json>(
  query: string,
  variables: Record<string, unknown> = {},
  identity: Identity = as.admin,
): Promise<GraphQLResponse<T>> {
  return graph.query<T>(query, variables, identity);
}

const { ok } = client(() => graph);

beforeAll(async () => {
  graph = await startTestGraph();
  PARTNER = await partnerUser(graph, await activePartner(graph, 'Partner One'));
});

afterAll(async () => {
  await graph?.stop();
});

const TIMELINE = `query Timeline($id: ID!, $first: Int, $after: String, $types: [TimelineEntryType!]) {
  customer(id: $id) {
    timeline(first: $first, after: $after, types: $types) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        cursor
        node {
          id type occurredAt title summary
          activity { id type subject completedAt }
          deal { id title stage }
          ticket { id status priority }
          order { id orderNumber totalAmount currency }
        }
      }
    }
  }
}`;

interface TimelineNode {
  id: string;
  type: string;
  occurredAt: string;
  title: string;
  summary: string | null;
  activity: { id: string; type: string; subject: string; completedAt: string | null } | null;
  deal: { id: string; title: string; stage: string } | null;
  ticket: { id: string; status: string; priority: string } | null;
  order: { id: string; orderNumber: string; totalAmount: string; currency: string } | null;
}
interface TimelinePage {
  customer: {
    timeline: {
      totalCount: number;
      pageInfo: {
        hasNextPage: boolean;
        hasPreviousPage: boolean;
        startCursor: string | null;
        endCursor: string | null;
      };
      edges: { cursor: string; node: TimelineNode }[];
    };
  };
}

describe('a customer story', () => {
  let customerId: string;
  let contactId: string;
  const deals: Record<string, string> = {};
  const tickets: Record<string, string> = {};
  const orders: { number: string; orderedAt: string }[] = [];

  const logActivity = async (input: Record<string, unknown>) =>
    (
      await ok<{ logActivity: { id: string } }>(
        `mutation($input: LogActivityInput!) { logActivity(input: $input) { id } }`,
        { input: { customerId, ...input } },
        SALES,
      )
    ).logActivity.id;

  const placeOrder = async (
    lines: { product: string; quantity: number; unitPrice: string }[],
    orderedAt?: string,
  ) => {
    const { placeOrder: order } = await ok<{
      placeOrder: { id: string; orderNumber: string; orderedAt: string; totalAmount: string };
    }>(
      `mutation($input: PlaceOrderInput!) {
        placeOrder(input: $input) { id orderNumber orderedAt totalAmount lines { position lineTotal } }
      }`,
      { input: { customerId, currency: 'eur', lines, ...(orderedAt ? { orderedAt } : {}) } },
      SALES,
    );
    orders.push({ number: order.orderNumber, orderedAt: order.orderedAt });
    return order;
  };

  const createDeal = async (title: string, amount: string, stage: DealStage) => {
    const { createDeal: deal } = await ok<{ createDeal: { id: string } }>(
      `mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }`,
      { input: { customerId, title, amount, currency: 'EUR', stage } },
      SALES,
    );
    deals[title] = deal.id;
    await graph.crm.query(`UPDATE crm.deal_stage_changes SET changed_at = $2 WHERE deal_id = $1`, [
      deal.id,
      nextStoryInstant(),
    ]);
  };

  const moveDeal = async (title: string, stage: DealStage) => {
    await ok(
      `mutation($id: ID!, $stage: DealStage!, $reason: String) { moveDealStage(id: $id, stage: $stage, reason: $reason) { id } }`,
      // A lost deal needs a reason.
      { id: deals[title], stage, reason: stage === DealStage.CLOSED_LOST ? 'Budget cut' : null },
      SALES,
    );
    await graph.crm.query(
      `UPDATE crm.deal_stage_changes SET changed_at = $3 WHERE deal_id = $1 AND to_stage = $2`,
      [deals[title], stage, nextStoryInstant()],
    );
  };

  const openTicket = async (subject: string, priority: TicketPriority) => {
    const { openTicket: ticket } = await ok<{
      openTicket: { id: string; openedAt: string; slaDueAt: string };
    }>(
      `mutation($input: OpenTicketInput!) { openTicket(input: $input) { id status openedAt slaDueAt breachedSla } }`,
      { input: { customerId, subject, priority, contactId } },
      SUPPORT,
    );
    tickets[subject] = ticket.id;
    // Opened at the story's next instant; its SLA moves with it (due as long after as before).
    await graph.crm.query(
      `UPDATE crm.tickets SET sla_due_at = sla_due_at + ($2::timestamptz - opened_at), opened_at = $2 WHERE id = $1`,
      [ticket.id, nextStoryInstant()],
    );
    return ticket;
  };

  beforeAll(async () => {
    customerId = (
      await createCustomer(graph, {
        name: 'Northwind Traders',
        domain: 'northwind.example',
        lifecycleStage: 'CUSTOMER',
      })
    ).id;
    contactId = (
      await ok<{ createContact: { id: string } }>(
        `mutation($customerId: ID!) { createContact(input: { customerId: $customerId, firstName: "Nancy", lastName: "Davolio", email: "nancy@northwind.example" }) { id } }`,
        { customerId },
      )
    ).createContact.id;
  });

  it('logs activities, and completes a task exactly once', async () => {
    await logActivity({ type: 'NOTE', subject: 'Met at trade fair', occurredAt: daysAgo(100) });
    await logActivity({ type: 'EMAIL', subject: 'Intro email', occurredAt: daysAgo(40), contactId });
    await logActivity({
      type: 'MEETING',
      subject: 'Discovery meeting',
      body: 'Needs 40 seats',
      occurredAt: daysAgo(20),
      contactId,
    });
    await logActivity({ type: 'CALL', subject: 'Pricing call', occurredAt: daysAgo(10) });
    const task = await logActivity({
      type: 'TASK',
      subject: 'Send contract',
      occurredAt: daysAgo(2),
      dueAt: daysAgo(-1),
    });

    const done = await ok<{ completeTask: { completedAt: string } }>(
      `mutation($id: ID!) { completeTask(id: $id) { completedAt } }`,
      { id: task },
      SALES,
    );
    expect(done.completeTask.completedAt).toBeTruthy();
    const again = errorOf(
      await gql(`mutation($id: ID!) { completeTask(id: $id) { id } }`, { id: task }, SALES),
    );
    expect(again.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(again.message).toBe('Task is already completed');

    const future = errorOf(
      await gql(`mutation($input: LogActivityInput!) { logActivity(input: $input) { id } }`, {
        input: { customerId, type: 'CALL', subject: 'Later', occurredAt: daysAgo(-1) },
      }),
    );
    expect(future.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurredAt' });

    const calls = await ok(
      `query($filter: ActivityFilter) { activities(first: 10, filter: $filter) { totalCount edges { node { subject type } } } }`,
      { filter: { customerId, type: 'CALL' } },
      ANALYST,
    );
    expect(calls.activities).toEqual({
      totalCount: 1,
      edges: [{ node: { subject: 'Pricing call', type: 'CALL' } }],
    });

    const mine = await ok(
      `query($id: ID!) { customer(id: $id) { activities(first: 2) { totalCount edges { node { subject contact { firstName } } } } } }`,
      { id: customerId },
    );
    expect(mine.customer.activities).toEqual({
      totalCount: 5,
      edges: [
        { node: { subject: 'Send contract', contact: null } },
        { node: { subject: 'Pricing call', contact: null } },
      ],
    });
  });

  it('places orders in one transaction with exact totals, and writes nothing for a bad one', async () => {
    const first = await placeOrder(
      [
        { product: 'Starter kit', quantity: 3, unitPrice: '0.10' },
        { product: 'Platform licence', quantity: 2, unitPrice: '1999.95' },
      ],
      daysAgo(15),
    );
    expect(first.totalAmount).toBe('4000.20');
    await placeOrder(
      [
        { product: 'Support renewal', quantity: 1, unitPrice: '1234.56' },
        { product: 'Stickers', quantity: 10, unitPrice: '0.01' },
      ],
      daysAgo(5),
    );

    const before = await graph.crm.getRepository(Order).count();
    const linesBefore = await graph.crm.getRepository(OrderLine).count();
    const bad = errorOf(
      await gql(
        `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
        {
          input: {
            customerId,
            currency: 'EUR',
            lines: [
              { product: 'Fine', quantity: 1, unitPrice: '10.00' },
              { product: 'Broken', quantity: 0, unitPrice: '10.00' },
            ],
          },
        },
        SALES,
      ),
    );
    expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lines[1].quantity' });
    const badCurrency = errorOf(
      await gql(
        `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
        {
          input: {
            customerId,
            currency: 'XYZ',
            lines: [{ product: 'Fine', quantity: 1, unitPrice: '1.00' }],
          },
        },
        SALES,
      ),
    );
    expect(badCurrency.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });
    const missing = errorOf(
      await gql(
        `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
        {
          input: {
            customerId: '00000000-0000-4000-8000-000000000000',
            currency: 'EUR',
            lines: [{ product: 'Fine', quantity: 1, unitPrice: '1.00' }],
          },
        },
        SALES,
      ),
    );
    expect(missing.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(await graph.crm.getRepository(Order).count()).toBe(before);
    expect(await graph.crm.getRepository(OrderLine).count()).toBe(linesBefore);

    const forbidden = errorOf(
      await gql(
        `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
        {
          input: {
            customerId,
            currency: 'EUR',
            lines: [{ product: 'Fine', quantity: 1, unitPrice: '1.00' }],
          },
        },
        SUPPORT,
      ),
    );
    expect(forbidden.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('moves deals through the pipeline', async () => {
    await createDeal('Platform rollout', '12500.00', DealStage.PROSPECTING);
    await moveDeal('Platform rollout', DealStage.PROPOSAL);
    await moveDeal('Platform rollout', DealStage.CLOSED_WON);
    await createDeal('Add-on', '3000.00', DealStage.PROSPECTING);
    await moveDeal('Add-on', DealStage.CLOSED_LOST);
    await createDeal('Expansion', '999.99', DealStage.QUALIFICATION);
  });

  it('opens tickets with an SLA from their priority and works one through to resolved', async () => {
    const urgent = await openTicket('Login fails', TicketPriority.URGENT);
    expect(new Date(urgent.slaDueAt).getTime() - new Date(urgent.openedAt).getTime()).toBe(4 * HOUR_MS);
    await openTicket('Invoice question', TicketPriority.HIGH);

    const id = tickets['Login fails'];
    const comment = await ok(
      `mutation($id: ID!) { addTicketComment(ticketId: $id, body: "Reset the SSO certificate") { body authorId } }`,
      { id },
      SUPPORT,
    );
    expect(comment.addTicketComment).toEqual({ body: 'Reset the SSO certificate', authorId: SUPPORT.sub });
    await ok(
      `mutation($id: ID!) { assignTicket(id: $id, assigneeId: "user:support-2") { assigneeId } }`,
      { id },
      SUPPORT,
    );
    await ok(
      `mutation($id: ID!) { updateTicketStatus(id: $id, status: PENDING) { status } }`,
      { id },
      SUPPORT,
    );
    const resolved = await ok(
      `mutation($id: ID!) { updateTicketStatus(id: $id, status: RESOLVED) { status resolvedAt breachedSla assigneeId comments { totalCount edges { node { body } } } } }`,
      { id },
      SUPPORT,
    );
    expect(resolved.updateTicketStatus).toMatchObject({
      status: 'RESOLVED',
      breachedSla: false,
      assigneeId: 'user:support-2',
      comments: { totalCount: 1, edges: [{ node: { body: 'Reset the SSO certificate' } }] },
    });
    expect(resolved.updateTicketStatus.resolvedAt).toBeTruthy();

    const illegal = errorOf(
      await gql(
        `mutation($id: ID!) { updateTicketStatus(id: $id, status: PENDING) { status } }`,
        { id },
        SUPPORT,
      ),
    );
    expect(illegal.message).toBe('A RESOLVED ticket cannot move to PENDING; allowed: OPEN, CLOSED');
    expect(illegal.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'status',
      allowed: ['OPEN', 'CLOSED'],
    });

    const salesMayNot = errorOf(
      await gql(
        `mutation($id: ID!) { updateTicketStatus(id: $id, status: CLOSED) { status } }`,
        { id },
        SALES,
      ),
    );
    expect(salesMayNot.extensions).toMatchObject({ code: 'FORBIDDEN' });

    const open = await ok(
      `query($id: ID!) { customer(id: $id) { openTickets(first: 5) { totalCount edges { node { subject status } } } } }`,
      { id: customerId },
      ANALYST,
    );
    expect(open.customer.openTickets).toEqual({
      totalCount: 1,
      edges: [{ node: { subject: 'Invoice question', status: 'OPEN' } }],
    });
    const list = await ok(
      `query($customerId: ID!) { tickets(first: 10, filter: { customerId: $customerId, status: RESOLVED }) { totalCount edges { node { subject } } } }`,
      { customerId },
    );
    expect(list.tickets).toEqual({ totalCount: 1, edges: [{ node: { subject: 'Login fails' } }] });
    const one = await ok(
      `query($id: ID!) { ticket(id: $id) { subject customer { name } contact { lastName } } }`,
      { id },
    );
    expect(one.ticket).toEqual({
      subject: 'Login fails',
      customer: { name: 'Northwind Traders' },
      contact: { lastName: 'Davolio' },
    });
    const notFound = errorOf(await gql(`query { ticket(id: "nope") { id } }`));
    expect(notFound.extensions).toMatchObject({ code: 'NOT_FOUND' });

    // The last purchase of the story happens now, after everything else.
    await placeOrder([{ product: 'Extra seat', quantity: 1, unitPrice: '0.05' }]);
  });

  const EXPECTED = [
    ['ORDER_PLACED', () => `Order ${orders[2].number} placed`],
    ['TICKET_OPENED', () => 'Ticket opened: Invoice question'],
    ['TICKET_OPENED', () => 'Ticket opened: Login fails'],
    ['DEAL_STAGE_CHANGE', () => 'Deal "Expansion" created in QUALIFICATION'],
    ['DEAL_STAGE_CHANGE', () => 'Deal "Add-on" lost'],
    ['DEAL_STAGE_CHANGE', () => 'Deal "Add-on" created in PROSPECTING'],
    ['DEAL_STAGE_CHANGE', () => 'Deal "Platform rollout" won'],
    ['DEAL_STAGE_CHANGE', () => 'Deal "Platform rollout" moved from PROSPECTING to PROPOSAL'],
    ['DEAL_STAGE_CHANGE', () => 'Deal "Platform rollout" created in PROSPECTING'],
    ['ACTIVITY', () => 'Task: Send contract'],
    ['ORDER_PLACED', () => `Order ${orders[1].number} placed`],
    ['ACTIVITY', () => 'Call: Pricing call'],
    ['ORDER_PLACED', () => `Order ${orders[0].number} placed`],
    ['ACTIVITY', () => 'Meeting: Discovery meeting'],
    ['ACTIVITY', () => 'Email: Intro email'],
    ['ACTIVITY', () => 'Note: Met at trade fair'],
  ] as const;

  it('shows the whole history on the timeline, newest first, with links to each record', async () => {
    const { customer } = await ok<TimelinePage>(TIMELINE, { id: customerId, first: 50 }, ANALYST);
    const { timeline } = customer;
    expect(timeline.totalCount).toBe(EXPECTED.length);
    expect(timeline.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    expect(timeline.edges.map((e) => [e.node.type, e.node.title])).toEqual(
      EXPECTED.map(([type, title]) => [type, title()]),
    );

    const times = timeline.edges.map((e) => new Date(e.node.occurredAt).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const [latestOrder, invoiceTicket, , , , , won] = timeline.edges.map((e) => e.node);
    expect(latestOrder.order).toEqual(expect.objectContaining({ totalAmount: '0.05', currency: 'EUR' }));
    expect(latestOrder.summary).toBe('0.05 EUR');
    expect(invoiceTicket.ticket).toEqual({
      id: tickets['Invoice question'],
      status: 'OPEN',
      priority: 'HIGH',
    });
    expect(won.deal).toEqual({
      id: deals['Platform rollout'],
      title: 'Platform rollout',
      stage: 'CLOSED_WON',
    });
    expect(won.summary).toBe('PROPOSAL → CLOSED_WON');
    const meeting = timeline.edges[13].node;
    expect(meeting.activity).toMatchObject({ type: 'MEETING', subject: 'Discovery meeting' });
    expect(meeting.summary).toBe('Needs 40 seats');
    expect(timeline.edges[9].node.activity?.completedAt).toBeTruthy();
  });

  it('pages through the timeline with cursors, without gaps or repeats', async () => {
    const { customer: all } = await ok<TimelinePage>(TIMELINE, { id: customerId, first: 50 });
    const seen: string[] = [];
    let after: string | null = null;
    const pages: number[] = [];
    for (;;) {
      const variables: Record<string, unknown> = { id: customerId, first: 5, after };
      const page: TimelinePage = await ok<TimelinePage>(TIMELINE, variables);
      const { edges, pageInfo, totalCount } = page.customer.timeline;
      expect(totalCount).toBe(EXPECTED.length);
      expect(pageInfo.hasPreviousPage).toBe(after !== null);
      expect(pageInfo.endCursor).toBe(edges[edges.length - 1].cursor);
      seen.push(...edges.map((e) => e.node.id));
      pages.push(edges.length);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(pages).toEqual([5, 5, 5, 1]);
    expect(seen).toEqual(all.timeline.edges.map((e) => e.node.id));
    expect(new Set(seen).size).toBe(EXPECTED.length);
  });

  it('filters the timeline by entry type', async () => {
    const { customer } = await ok<TimelinePage>(TIMELINE, {
      id: customerId,
      first: 2,
      types: ['ORDER_PLACED'],
    });
    expect(customer.timeline.totalCount).toBe(3);
    expect(customer.timeline.edges.map((e) => e.node.order?.orderNumber)).toEqual([
      orders[2].number,
      orders[1].number,
    ]);
    const next = await ok<TimelinePage>(TIMELINE, {
      id: customerId,
      first: 2,
      types: ['ORDER_PLACED'],
      after: customer.timeline.pageInfo.endCursor,
    });
    expect(next.customer.timeline.edges.map((e) => e.node.order?.orderNumber)).toEqual([orders[0].number]);
    expect(next.customer.timeline.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a forged cursor and a partner user', async () => {
    const forged = errorOf(await gql(TIMELINE, { id: customerId, first: 5, after: 'bm90LWEtY3Vyc29y' }));
    expect(forged.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const partner = await gql(
      `query($id: ID!) { customer(id: $id) { timeline(first: 5) { totalCount } } }`,
      { id: customerId },
      PARTNER,
    );
    // Refused outright, or (with partner row scoping) not visible at all: either way nothing leaks.
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(partner.errors?.[0].extensions?.code);
    expect(JSON.stringify(partner.data ?? null)).not.toContain('totalCount');
  });

  it('adds it all up in the insights, exactly', async () => {
    const { customer } = await ok(
      `query($id: ID!) { customer(id: $id) { insights {
        lifetimeValue orderCount averageOrderValue lastPurchaseAt openPipelineAmount winRate openTickets engagementScore
      } } }`,
      { id: customerId },
      ANALYST,
    );
    expect(customer.insights).toEqual({
      lifetimeValue: '5234.91', // 4000.20 + 1234.66 + 0.05
      orderCount: 3,
      averageOrderValue: '1744.97', // 5234.91 / 3
      lastPurchaseAt: orders[2].orderedAt,
      openPipelineAmount: '999.99', // only "Expansion" is still open
      winRate: 0.5, // one won, one lost
      openTickets: 1,
      // meeting 20 days ago 15 + call 10 days ago 8 + email 40 days ago 4 × 0.6 + completed task 4
      // (the note is older than 90 days) = 29.4
      engagementScore: 29,
    });

    const history = await ok(
      `query($id: ID!) { customer(id: $id) { purchaseHistory(first: 2) { totalCount edges { node { orderNumber totalAmount lines { product quantity unitPrice lineTotal } } } } } }`,
      { id: customerId },
    );
    expect(history.customer.purchaseHistory.totalCount).toBe(3);
    expect(
      history.customer.purchaseHistory.edges.map(
        (e: { node: { orderNumber: string } }) => e.node.orderNumber,
      ),
    ).toEqual([orders[2].number, orders[1].number]);
    expect(history.customer.purchaseHistory.edges[1].node.lines).toEqual([
      { product: 'Support renewal', quantity: 1, unitPrice: '1234.56', lineTotal: '1234.56' },
      { product: 'Stickers', quantity: 10, unitPrice: '0.01', lineTotal: '0.10' },
    ]);
  });

  it('lists open tickets most urgent first, page by page', async () => {
    const customer = await createCustomer(graph, 'Busy Desk Inc');
    for (const [subject, priority] of [
      ['Low one', 'LOW'],
      ['Urgent one', 'URGENT'],
      ['High one', 'HIGH'],
    ] as const) {
      await ok(
        `mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }`,
        { input: { customerId: customer.id, subject, priority } },
        SUPPORT,
      );
    }
    const OPEN = `query($id: ID!, $after: String) { customer(id: $id) {
      openTickets(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { subject } } }
    } }`;
    const first = (await ok(OPEN, { id: customer.id })).customer.openTickets;
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((e: Json) => e.node.subject)).toEqual(['Urgent one', 'High one']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await ok(OPEN, { id: customer.id, after: first.pageInfo.endCursor })).customer
      .openTickets;
    expect(second.edges.map((e: Json) => e.node.subject)).toEqual(['Low one']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('reads activities changed since a given moment, for incremental sync', async () => {
    // Every activity so far was written a minute before the sync point; the sync point is the
    // database's clock (which stamps `updatedAt`), read before the next write.
    await graph.crm.query(`UPDATE crm.activities SET updated_at = updated_at - interval '1 minute'`);
    const [{ since }] = (await graph.crm.query(
      `SELECT to_char(date_trunc('milliseconds', now()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS since`,
    )) as { since: string }[];
    await logActivity({ type: 'NOTE', subject: 'Changed after the sync point' });
    const changed = await ok(
      `query($filter: ActivityFilter) { activities(first: 10, filter: $filter) { totalCount edges { node { subject } } } }`,
      { filter: { updatedSince: since } },
      ANALYST,
    );
    expect(changed.activities).toEqual({
      totalCount: 1,
      edges: [{ node: { subject: 'Changed after the sync point' } }],
    });
    const inverted = errorOf(
      await gql(`query($filter: ActivityFilter) { activities(first: 1, filter: $filter) { totalCount } }`, {
        filter: { updatedSince: since, updatedBefore: '2020-01-01T00:00:00.000Z' },
      }),
    );
    expect(inverted.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter' });
  });

  it('gives a customer with no history empty figures', async () => {
    const quiet = await createCustomer(graph, 'Quiet Ltd');
    const { customer } = await ok(
      `query($id: ID!) { customer(id: $id) {
        insights { lifetimeValue orderCount averageOrderValue lastPurchaseAt openPipelineAmount winRate openTickets engagementScore }
        timeline(first: 5) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } }
      } }`,
      { id: quiet.id },
    );
    expect(customer).toEqual({
      insights: {
        lifetimeValue: '0.00',
        orderCount: 0,
        averageOrderValue: null,
        lastPurchaseAt: null,
        openPipelineAmount: '0.00',
        winRate: null,
        openTickets: 0,
        engagementScore: 0,
      },
      timeline: { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
    });
  });
});

describe('cost of a customer list with timelines and insights', () => {
  const QUERY = `query($first: Int!) { customers(first: $first) { edges { node {
    id
    timeline(first: 10) {
      totalCount
      edges { cursor node { id type title activity { id subject } deal { id title } ticket { id status } order { id totalAmount } } }
    }
    insights { currency lifetimeValue orderCount averageOrderValue lastPurchaseAt openPipelineAmount winRate openTickets engagementScore
      byCurrency { currency lifetimeValue orderCount averageOrderValue openPipelineAmount } }
  } } } }`;

  beforeAll(async () => {
    // Twelve customers, each with a history in every source, written directly.
    const manager = graph.crm.manager;
    for (let i = 0; i < 12; i++) {
      const customer = await manager.save(
        manager.create(Customer, {
          name: `Bulk ${i}`,
          lifecycleStage: LifecycleStage.CUSTOMER,
          createdBy: 'test',
        }),
      );
      const at = (days: number) => new Date(Date.now() - (days + i) * DAY_MS);
      const deal = await manager.save(
        manager.create(Deal, {
          title: `Bulk deal ${i}`,
          amount: '100.00',
          currency: 'EUR',
          stage: DealStage.PROPOSAL,
          customerId: customer.id,
        }),
      );
      await manager.insert(DealStageChange, [
        { dealId: deal.id, fromStage: null, toStage: DealStage.PROSPECTING, changedAt: at(9) },
        { dealId: deal.id, fromStage: DealStage.PROSPECTING, toStage: DealStage.PROPOSAL, changedAt: at(8) },
      ]);
      for (let a = 0; a < 6; a++) {
        await manager.insert(Activity, {
          type: ActivityType.CALL,
          subject: `Call ${a}`,
          occurredAt: at(a),
          customerId: customer.id,
          dealId: a === 0 ? deal.id : null,
        });
      }
      await manager.insert(Ticket, {
        subject: 'Question',
        priority: TicketPriority.LOW,
        status: TicketStatus.OPEN,
        openedAt: at(3),
        slaDueAt: at(-4),
        customerId: customer.id,
      });
      const order = await manager.insert(Order, {
        orderedAt: at(7),
        currency: 'EUR',
        status: OrderStatus.PLACED,
        customerId: customer.id,
      });
      await manager.insert(OrderLine, {
        orderId: order.identifiers[0].id,
        position: 1,
        product: 'Seat',
        quantity: 2,
        unitPrice: '10.50',
      });
    }
    await graph.crm.query(
      `UPDATE crm.orders o SET total_amount = (SELECT sum(line_total) FROM crm.order_lines l WHERE l.order_id = o.id)`,
    );
  });

  async function statementsFor(
    first: number,
  ): Promise<{ count: number; statements: string[]; customers: number }> {
    const counter = statementCounter(graph.crm);
    counter.record();
    const data = await ok<{ customers: { edges: { node: { timeline: { edges: unknown[] } } }[] } }>(QUERY, {
      first,
    });
    const result = {
      count: counter.count,
      statements: [...counter.statements],
      customers: data.customers.edges.length,
    };
    const entries = data.customers.edges.reduce((sum, edge) => sum + edge.node.timeline.edges.length, 0);
    expect(entries).toBeGreaterThanOrEqual(first === 2 ? 10 : 80);
    return result;
  }

  it('issues the same number of statements for 2 customers as for 10', async () => {
    const two = await statementsFor(2);
    const ten = await statementsFor(10);
    expect(two.customers).toBe(2);
    expect(ten.customers).toBe(10);
    expect(ten.count).toBe(two.count);
    // customers page (no count: totalCount is not selected), ONE timeline statement, one per
    // linked record type (activity, deal, ticket, order), one per insight measure group (orders,
    // deals, tickets, activities).
    expect(ten.count).toBe(10);
    expect(ten.statements.filter((sql) => sql.includes('UNION ALL'))).toHaveLength(1);
  });

  it('stays constant with every new Customer field of these modules asked at once', async () => {
    const ALL_FIELDS = `query($first: Int!, $after: String) { customers(first: $first, after: $after) { edges { node {
      activities(first: 3) { totalCount edges { node { subject deal { title } } } }
      openTickets(first: 3) { totalCount edges { node { subject breachedSla comments { totalCount } } } }
      purchaseHistory(first: 3) { totalCount edges { node { orderNumber totalAmount lines { lineTotal } } } }
      timeline(first: 5) { edges { node { title order { orderNumber } } } }
      insights { currency lifetimeValue winRate openTickets engagementScore byCurrency { currency openPipelineAmount } }
    } } } }`;
    // Start after the story's customers, so both pages hold customers with the same kinds of records.
    const { customers } = await ok(`query { customers(first: 3) { pageInfo { endCursor } } }`);
    const after = customers.pageInfo.endCursor;
    const counter = statementCounter(graph.crm);
    const counts: number[] = [];
    for (const first of [2, 10]) {
      counter.record();
      await ok(ALL_FIELDS, { first, after });
      counts.push(counter.count);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
