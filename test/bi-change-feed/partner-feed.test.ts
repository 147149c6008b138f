import { Client } from 'pg';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { FIELD_CLASSES } from '@sales-graph/shared/auth/permissions';
import { changeFeedRetentionJob } from '@sales-graph/shared/feed/index';
import { JobRunner } from '@sales-graph/shared/jobs/jobs';
import type { OutboxDispatcher } from '@sales-graph/shared/outbox/outbox';
import {
  as,
  codes,
  createCustomer,
  createDeal,
  drainFeed,
  errorOf,
  must,
  partnerWithDeal,
  prmOutbox,
  queryFeed,
  readFeed,
  startTestGraph,
  type FeedEvent,
  type TestGraph,
  type PartnerWithDeal,
} from '../support';

/**
 * The change feed as an attacker meets it: a partner user's `crmChanges` and `prmChanges` carry
 * only records of its own partner (the lists' row scope), and only fields it may read; a forged,
 * altered or foreign cursor is BAD_USER_INPUT, `first` is bounded, a type it may not read is
 * FORBIDDEN; a cursor older than the retention is CURSOR_EXPIRED; and a reader never passes a
 * change a still-open transaction holds.
 */
let graph: TestGraph;
let outbox: OutboxDispatcher;

type Side = PartnerWithDeal & { offerId: string };
let alpha: Side;
let beta: Side;
let staffDealId: string;
let staffCustomerId: string;

async function side(name: string): Promise<Side> {
  const withDeal = await partnerWithDeal(graph, outbox, name);
  const { partnerId } = withDeal;
  const [{ id: offerId }] = (await graph.prm.query(
    `INSERT INTO prm.lead_offers (lead_id, partner_id, status, offered_at, respond_by, offered_by)
     VALUES (gen_random_uuid(), $1, 'OFFERED', now(), now() + interval '2 days', 'router') RETURNING id::text`,
    [partnerId],
  )) as { id: string }[];
  return { ...withDeal, offerId };
}

beforeAll(async () => {
  process.env.OUTBOX_POLL_MS = '0';
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
  outbox = prmOutbox(graph);
  alpha = await side('Alpha Resellers');
  beta = await side('Beta Resellers');
  const staffCustomer = await createCustomer(graph, { name: 'Staff Only Co' });
  staffCustomerId = staffCustomer.id;
  staffDealId = (await createDeal(graph, { customerId: staffCustomerId, title: 'Direct deal' })).id;
  // Internal fields change on each partner's deal and customer, by staff and by raw SQL.
  for (const s of [alpha, beta]) {
    await graph.crm.query(
      `UPDATE crm.deals SET owner_id = 'rep-7', lost_reason = 'internal note', next_step = 'Demo' WHERE id = $1`,
      [s.dealId],
    );
    await graph.crm.query(`UPDATE crm.customers SET industry = 'Secret', region = 'EMEA' WHERE id = $1`, [
      s.customerId,
    ]);
  }
});

afterAll(async () => {
  await graph?.stop();
});

const ids = (events: FeedEvent[], type: string) =>
  new Set(events.filter((e) => e.type === type).map((e) => e.id));

describe("a partner's feeds carry only its own records", () => {
  it('crmChanges: its sourced deal and that deal’s customer, never the other partner’s or direct ones', async () => {
    for (const [me, other] of [
      [alpha, beta],
      [beta, alpha],
    ]) {
      const { events } = await drainFeed(graph, 'crmChanges', me.user, { first: 3 });
      expect(ids(events, 'DEAL')).toEqual(new Set([me.dealId]));
      expect(ids(events, 'CUSTOMER')).toEqual(new Set([me.customerId]));
      expect(new Set(events.map((e) => e.type))).toEqual(new Set(['DEAL', 'CUSTOMER']));
      const everyId = new Set(events.map((e) => e.id));
      for (const foreign of [other.dealId, other.customerId, staffDealId, staffCustomerId])
        expect(everyId).not.toContain(foreign);
      // What its own deals list answers, the feed agrees with.
      const listed = await must<{ deals: { edges: { node: { id: string } }[] } }>(
        graph,
        `{ deals(first: 100) { edges { node { id } } } }`,
        {},
        me.user,
      );
      expect(listed.deals.edges.map((edge) => edge.node.id)).toEqual([me.dealId]);
    }
  });

  it('crmChanges: names only fields it may read (a customer by name only, no internal deal fields)', async () => {
    const { events } = await drainFeed(graph, 'crmChanges', alpha.user);
    const updates = events.filter((e) => e.op === 'UPDATED');
    expect(updates.length).toBeGreaterThan(0);
    const internal = Object.keys(FIELD_CLASSES.Deal);
    for (const event of updates) {
      if (event.type === 'CUSTOMER') expect(event.changedFields.every((f) => f === 'name')).toBe(true);
      for (const field of [...internal, 'createdBy', 'updatedBy'])
        expect(event.changedFields).not.toContain(field);
    }
    // The staff's view of the same change names what the partner may not read.
    const staff = await drainFeed(graph, 'crmChanges', as.admin, { types: ['DEAL'] });
    const change = staff.events.find((e) => e.id === alpha.dealId && e.changedFields.includes('nextStep'))!;
    expect(change.changedFields).toEqual(['lostReason', 'nextStep', 'ownerId']);
    const own = events.find((e) => e.position === change.position)!;
    expect(own.changedFields).toEqual(['nextStep']);
    const adminCustomer = await drainFeed(graph, 'crmChanges', as.admin, { types: ['CUSTOMER'] });
    const industry = adminCustomer.events.find((e) => e.id === alpha.customerId && e.op === 'UPDATED')!;
    expect(industry.changedFields).toEqual(['industry', 'region']);
    expect(events.find((e) => e.position === industry.position)!.changedFields).toEqual([]);
  });

  it('prmChanges: its own partner, registrations and lead offers only, without internal fields', async () => {
    for (const [me, other] of [
      [alpha, beta],
      [beta, alpha],
    ]) {
      const { events } = await drainFeed(graph, 'prmChanges', me.user, { first: 2 });
      expect(ids(events, 'PARTNER')).toEqual(new Set([me.partnerId]));
      expect(ids(events, 'DEAL_REGISTRATION')).toEqual(new Set([me.registrationId]));
      expect(ids(events, 'LEAD_OFFER')).toEqual(new Set([me.offerId]));
      const everyId = new Set(events.map((e) => e.id));
      for (const foreign of [other.partnerId, other.registrationId, other.offerId])
        expect(everyId).not.toContain(foreign);
      const internal = [...Object.keys(FIELD_CLASSES.DealRegistration), 'createdBy'];
      const approved = events.find(
        (e) => e.type === 'DEAL_REGISTRATION' && e.changedFields.includes('status'),
      );
      expect(approved).toBeDefined();
      for (const event of events)
        for (const field of internal) expect(event.changedFields).not.toContain(field);
    }
  });

  it('asking for a type it may not read is FORBIDDEN', async () => {
    const contacts = await queryFeed(graph, 'crmChanges', alpha.user, { types: ['CONTACT'] });
    expect(codes(contacts)).toEqual(['FORBIDDEN']);
    expect(contacts.data?.crmChanges ?? null).toBeNull();
    const mixed = await queryFeed(graph, 'crmChanges', alpha.user, { types: ['DEAL', 'TICKET'] });
    expect(codes(mixed)).toEqual(['FORBIDDEN']);
    const none = await queryFeed(graph, 'crmChanges', alpha.user, { types: [] });
    expect(errorOf(none).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'types' });
  });
});

describe('cursors and page sizes', () => {
  let cursor: string;
  beforeAll(async () => {
    cursor = (await readFeed(graph, 'crmChanges', as.analyst, { first: 1 })).endCursor!;
  });

  it('a forged, altered or foreign cursor is BAD_USER_INPUT on `after`', async () => {
    const listCursor = (
      await must<{ deals: { pageInfo: { endCursor: string } } }>(
        graph,
        `{ deals(first: 1) { pageInfo { endCursor } } }`,
      )
    ).deals.pageInfo.endCursor;
    const prmCursor = (await readFeed(graph, 'prmChanges', as.analyst, { first: 1 })).endCursor!;
    const flipped = cursor.slice(0, -2) + (cursor.at(-2) === 'A' ? 'B' : 'A') + cursor.at(-1);
    const forged = Buffer.from(JSON.stringify(['999999', 'feed:crm'])).toString('base64url');
    for (const after of ['', 'not a cursor', forged, flipped, listCursor, 'x'.repeat(2000)]) {
      const response = await queryFeed(graph, 'crmChanges', as.analyst, { after });
      expect({ after, error: errorOf(response).extensions }).toMatchObject({
        after,
        error: { code: 'BAD_USER_INPUT', field: 'after' },
      });
    }
    const crossed = await queryFeed(graph, 'prmChanges', as.analyst, { after: cursor });
    expect(errorOf(crossed).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const back = await queryFeed(graph, 'crmChanges', as.analyst, { after: prmCursor });
    expect(errorOf(back).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('`first` is 1 to 500; a page past the cost limit is refused by the gateway', async () => {
    for (const first of [0, -1, 501]) {
      const response = await queryFeed(graph, 'crmChanges', as.analyst, { first });
      expect(errorOf(response).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    }
    const huge = await queryFeed(graph, 'crmChanges', as.analyst, { first: 100000 });
    expect(codes(huge)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect((await readFeed(graph, 'crmChanges', as.analyst, { first: 500 })).events.length).toBeGreaterThan(
      0,
    );
  });
});

describe('commit order through the gateway', () => {
  // Needs two sessions at once (a PostgreSQL server): the embedded PGlite serves one connection,
  // and the core test checks the bound there (change-feed-core.test.ts).
  const concurrent = Boolean(process.env.TEST_DATABASE_URL);
  it('a change committed after an open one waits for it, then both come in position order', async () => {
    const { cursor } = await drainFeed(graph, 'crmChanges', as.analyst, { types: ['CUSTOMER'] });
    if (!concurrent) {
      const made = await createCustomer(graph, { name: 'In turn' });
      const { events } = await drainFeed(graph, 'crmChanges', as.analyst, {
        after: cursor,
        types: ['CUSTOMER'],
      });
      expect(events.map((e) => e.id)).toEqual([made.id]);
      return;
    }
    const held = new Client({ connectionString: (graph.crm.options as PostgresConnectionOptions).url });
    await held.connect();
    try {
      await held.query('BEGIN');
      const [heldRow] = (
        await held.query(
          `INSERT INTO crm.customers (name, lifecycle_stage) VALUES ('Held open', 'PROSPECT') RETURNING id::text`,
        )
      ).rows as { id: string }[];
      const later = await createCustomer(graph, { name: 'Committed later' });
      const waiting = await readFeed(graph, 'crmChanges', as.analyst, { after: cursor, types: ['CUSTOMER'] });
      expect(waiting).toEqual({ events: [], hasNextPage: false, endCursor: null });
      await held.query('COMMIT');
      const { events } = await drainFeed(graph, 'crmChanges', as.analyst, {
        after: cursor,
        types: ['CUSTOMER'],
      });
      expect(events.map((e) => e.id)).toEqual([heldRow.id, later.id]);
    } finally {
      await held.end();
    }
  });
});

describe('retention', () => {
  it('a cursor older than the retention is CURSOR_EXPIRED; a fresh read starts from what is kept', async () => {
    const old = (await readFeed(graph, 'crmChanges', as.analyst, { first: 1 })).endCursor!;
    const runner = new JobRunner(graph.crm, [changeFeedRetentionJob('crm')], { intervalMs: 0 });
    const [outcome] = await runner.runOnce(new Date(Date.now() + 31 * 86_400_000));
    expect(outcome.status).toBe('done');
    const expired = await queryFeed(graph, 'crmChanges', as.analyst, { after: old });
    expect(errorOf(expired).extensions).toMatchObject({ code: 'CURSOR_EXPIRED', field: 'after' });
    expect(errorOf(expired).message).toMatch(/afresh/);
    const made = await createCustomer(graph, { name: 'After retention' });
    const { events } = await drainFeed(graph, 'crmChanges', as.analyst, {});
    expect(events.map((e) => e.id)).toEqual([made.id]);
  });
});
