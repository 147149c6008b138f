import type { Identity } from '@sales-graph/shared/auth/identity';
import type { OutboxDispatcher } from '@sales-graph/shared/outbox/outbox';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import { ADMIN, startTestGraph, type TestGraph } from '../support/graph';
import { seedPartner } from '../support/partners';
import { httpCrmClient, type CrmClient } from '../../subgraphs/partners/src/crm/crm.client';
import {
  ATTRIBUTION_TOPIC,
  attributionDispatcher,
  attributionHandler,
  backfillAttributionProjection,
  partnersWithPendingAttributions,
  reconcileAttributionProjection,
} from '../../subgraphs/partners/src/attribution/attribution-projection';

/**
 * The CRM's projection of the PRM's attributions (`crm.partner_attributions`), kept by the PRM's
 * outbox: every attribution change enqueues one message in its own transaction; delivering it
 * (the dispatcher driven round by round, no waiting) applies it in the CRM idempotently by
 * (record, role) and version, so duplicates and out-of-order deliveries change nothing. Partner
 * performance answers the same before (ids sent) and after (projection) delivery. The backfill and
 * the reconciliation find and repair injected drift.
 */
const SALES: Identity = { sub: 'sales:pat', role: 'SALES' };
const PERIOD = { from: '2020-01-01', to: '2099-12-31' };
const PERFORMANCE = `query($id: ID!, $period: PeriodInput!) { partner(id: $id) {
  performance(period: $period) { dealsWon dealsLost winRate
    byCurrency { currency sourcedPipeline influencedPipeline wonRevenue influencedWonRevenue dealsWon dealsLost } }
  scorecard(period: $period) { revenue { currency amount } dealsWon dealsLost winRate } } }`;

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let graph: TestGraph;
let crm: CrmClient;
let outbox: OutboxDispatcher;
let customer: string;
let alpha: string;
let beta: string;

async function ok(query: string, variables: Record<string, unknown> = {}, identity: Identity = ADMIN) {
  const response = await graph.query<Data>(query, variables, identity);
  if (response.errors?.length) throw new Error(`Unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data!;
}

async function deal(amount: string, stage?: 'CLOSED_WON' | 'CLOSED_LOST'): Promise<string> {
  const id = (
    await ok(
      `mutation($c: ID!, $a: Decimal!) { createDeal(input: { customerId: $c, title: "P", amount: $a, currency: "EUR" }) { id } }`,
      { c: customer, a: amount },
    )
  ).createDeal.id as string;
  if (stage)
    await ok(
      `mutation($d: ID!, $s: DealStage!, $r: String) { moveDealStage(id: $d, stage: $s, reason: $r) { id } }`,
      { d: id, s: stage, r: stage === 'CLOSED_LOST' ? 'Lost' : null },
      SALES,
    );
  return id;
}

const attribute = (dealId: string, partnerId: string | null) =>
  ok(`mutation($d: ID!, $p: ID) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`, {
    d: dealId,
    p: partnerId,
  });

const projection = async (recordId: string) =>
  (await graph.crm.query(
    `SELECT role, partner_id, version::text AS version FROM crm.partner_attributions WHERE record_id = $1 ORDER BY role`,
    [recordId],
  )) as { role: string; partner_id: string | null; version: string }[];

const messages = async (): Promise<Data[]> =>
  graph.prm.query(
    `SELECT id, idempotency_key, payload, attempts, delivered_at FROM prm.attribution_outbox WHERE topic = $1 ORDER BY created_at, id`,
    [ATTRIBUTION_TOPIC],
  );

const drain = async () => {
  for (let round = 0; round < 50; round++) if ((await outbox.dispatchOnce(new Date())).claimed === 0) return;
  throw new Error('the outbox did not drain');
};

const figures = async (partnerId: string) =>
  (await ok(PERFORMANCE, { id: partnerId, period: PERIOD })).partner;

beforeAll(async () => {
  // The test drives the dispatcher itself; the one listen() starts is off.
  process.env.OUTBOX_POLL_MS = '0';
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
  crm = httpCrmClient(() => graph.customers.url);
  outbox = attributionDispatcher(graph.prm, crm, { pollMs: 0, random: () => 0.5 });
  customer = (await ok(`mutation { createCustomer(input: { name: "Projection Co" }) { id } }`)).createCustomer
    .id;
  alpha = await seedPartner(graph, { name: 'Alpha Projection Partners' });
  beta = await seedPartner(graph, { name: 'Beta Projection Partners' });
});

afterAll(async () => {
  await graph?.stop();
});

describe('the attribution projection', () => {
  it('enqueues one message per change in its own transaction, and answers the same before and after delivery', async () => {
    const won = await deal('1200.00', 'CLOSED_WON');
    const lost = await deal('300.00', 'CLOSED_LOST');
    const open = await deal('50.00');
    for (const id of [won, lost, open]) await attribute(id, alpha);
    // A no-op (same partner again) changes nothing, so enqueues nothing.
    await attribute(open, alpha);
    expect((await messages()).filter((m) => !m.delivered_at)).toHaveLength(3);
    expect(await partnersWithPendingAttributions(graph.prm, [alpha, beta])).toEqual(new Set([alpha]));
    expect(await projection(won)).toEqual([]);

    // Pending: the PRM sends the ids; delivered: the CRM reads its projection. Same answer.
    const before = await figures(alpha);
    expect(before.performance.dealsWon).toBe(1);
    expect(before.performance.byCurrency[0]).toMatchObject({
      wonRevenue: '1200.00',
      sourcedPipeline: '50.00',
    });
    await drain();
    expect(await partnersWithPendingAttributions(graph.prm, [alpha, beta])).toEqual(new Set());
    expect(await projection(won)).toEqual([
      { role: 'SOURCED', partner_id: alpha, version: expect.any(String) },
    ]);
    expect(await figures(alpha)).toEqual(before);
  });

  it('applies changes and removals by version: duplicates and out-of-order deliveries change nothing', async () => {
    const id = await deal('700.00', 'CLOSED_WON');
    await attribute(id, alpha);
    await attribute(id, beta);
    await attribute(id, null);
    await attribute(id, beta);
    const queued = (await messages()).filter((m) => !m.delivered_at);
    expect(queued).toHaveLength(4);
    const versions = queued.map((m) => BigInt(m.payload.version));
    expect([...versions].sort((a, b) => (a < b ? -1 : 1))).toEqual(versions);
    // Both partners' figures are computed from the ids while any change touching them is in flight.
    expect(await partnersWithPendingAttributions(graph.prm, [alpha, beta])).toEqual(new Set([alpha, beta]));
    const alphaBefore = await figures(alpha);
    const betaBefore = await figures(beta);

    // Delivered newest first, then each again (a redelivery): the newest version wins.
    const handler = attributionHandler(crm);
    for (const message of [...queued].reverse()) {
      await handler({
        id: message.id,
        topic: ATTRIBUTION_TOPIC,
        idempotencyKey: message.idempotency_key,
        payload: message.payload,
        attempts: 1,
      });
    }
    const final = await projection(id);
    expect(final).toEqual([{ role: 'SOURCED', partner_id: beta, version: String(versions[3]) }]);
    await drain(); // the dispatcher delivers all four again, oldest first
    expect(await projection(id)).toEqual(final);
    // A message delivered twice (its delivery marked undone) changes nothing either.
    await graph.prm.query(`UPDATE prm.attribution_outbox SET delivered_at = NULL WHERE id = $1`, [
      queued[1].id,
    ]);
    await drain();
    expect(await projection(id)).toEqual(final);
    expect(await figures(alpha)).toEqual(alphaBefore);
    expect(await figures(beta)).toEqual(betaBefore);
  });

  it('projects lead attributions (assigned and referred) with the influenced figures they give', async () => {
    const lead = (
      await ok(
        `mutation($c: ID!) { createLead(input: { name: "Lee", source: PARTNER, customerId: $c }) { id } }`,
        { c: customer },
      )
    ).createLead.id as string;
    // The deal the lead became (won): influenced for both partners.
    const became = await deal('900.00', 'CLOSED_WON');
    await graph.crm.query(`UPDATE crm.deals SET lead_id = $2 WHERE id = $1`, [became, lead]);
    await ok(
      `mutation($l: ID!, $a: ID, $r: ID) { attributeLeadToPartner(input: { leadId: $l, assignedPartnerId: $a, referredByPartnerId: $r }) { id } }`,
      { l: lead, a: beta, r: alpha },
    );
    const before = [await figures(alpha), await figures(beta)];
    expect(before[1].performance.byCurrency[0].influencedWonRevenue).toBe('900.00');
    await drain();
    expect(await projection(lead)).toEqual([
      { role: 'ASSIGNED', partner_id: beta, version: expect.any(String) },
      { role: 'REFERRED', partner_id: alpha, version: expect.any(String) },
    ]);
    expect([await figures(alpha), await figures(beta)]).toEqual(before);
  });

  it('backfills idempotently, and the reconciliation reports injected drift (expected 0)', async () => {
    await drain();
    expect(await reconcileAttributionProjection(graph.prm, crm)).toMatchObject({
      drift: 0,
      mismatched: 0,
      extra: 0,
    });
    const apply = (changes: Parameters<CrmClient['applyAttributions']>[0]) => crm.applyAttributions(changes);
    expect((await backfillAttributionProjection(graph.prm, apply)).changed).toBe(0);

    // Drift: a lost change (the CRM row gone), a wrong partner, a row the PRM knows nothing of.
    const [lost, wrong] = (await graph.prm.query(
      `SELECT deal_id FROM prm.deal_attributions WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT 2`,
    )) as { deal_id: string }[];
    await graph.crm.query(`DELETE FROM crm.partner_attributions WHERE record_id = $1`, [lost.deal_id]);
    await graph.crm.query(`UPDATE crm.partner_attributions SET partner_id = $2 WHERE record_id = $1`, [
      wrong.deal_id,
      beta,
    ]);
    await graph.crm.query(
      `INSERT INTO crm.partner_attributions (record_id, role, partner_id, version, attributed_at)
       VALUES (gen_random_uuid(), 'SOURCED', $1, 1, now())`,
      [alpha],
    );
    const drift = await reconcileAttributionProjection(graph.prm, crm);
    expect(drift).toMatchObject({ mismatched: 2, extra: 1, drift: 3 });
    expect(drift.samples).toEqual(
      expect.arrayContaining([
        { recordId: lost.deal_id, role: 'SOURCED', prm: alpha, crm: null },
        { recordId: wrong.deal_id, role: 'SOURCED', prm: alpha, crm: beta },
      ]),
    );
    // The backfill restores what was lost (the other two need an operator: same version, or no PRM row).
    expect((await backfillAttributionProjection(graph.prm, apply)).changed).toBe(1);
    expect(await reconcileAttributionProjection(graph.prm, crm)).toMatchObject({ mismatched: 1, extra: 1 });
  });

  it('a registration approval records its deal with its partner in the projection, enqueueing nothing more', async () => {
    const pendingBefore = (await messages()).filter((m) => !m.delivered_at).length;
    await graph.prm.query(
      `INSERT INTO prm.deal_attributions (deal_id, partner_id, pending, created_by) VALUES (gen_random_uuid(), $1, true, 'test')`,
      [alpha],
    );
    expect((await messages()).filter((m) => !m.delivered_at).length).toBe(pendingBefore);
  });

  it('a delivery is background work in the CRM too: it adds nothing to the statement count of client requests', async () => {
    const id = await deal('90.00');
    await attribute(id, beta);
    const counter = statementCounter(graph.crm);
    counter.record();
    await drain();
    expect(counter.statements).toEqual([]);
    expect(await projection(id)).toEqual([
      { role: 'SOURCED', partner_id: beta, version: expect.any(String) },
    ]);
  });
});
