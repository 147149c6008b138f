import type { Identity } from '@sales-graph/shared/auth/identity';
import type { RequestContext } from '@sales-graph/shared/context';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import type { OutboxDispatcher } from '@sales-graph/shared/outbox/outbox';
import { ADMIN, startTestGraph, type TestGraph } from '../support/graph';
import { seedPartner } from '../support/partners';
import { httpCrmClient, packIds, type CrmClient } from '../../subgraphs/partners/src/crm/crm.client';
import { attributionDispatcher } from '../../subgraphs/partners/src/attribution/attribution-projection';
import {
  cachedPartnerDealAggregates,
  partnerDealAggregates,
  type PartnerDealAggregate,
} from '../../subgraphs/customers/src/partner-deals/partner-deal-facts';
import {
  reconcilePartnerRollup,
  rollupRanges,
} from '../../subgraphs/customers/src/partner-deals/partner-deal-rollup';
import { CrmPartnerDealRollup1764234300000 } from '../../subgraphs/customers/src/migrations/1764234300000-CrmPartnerDealRollup';
import { CrmPartnerRollupVersions1764234700000 } from '../../subgraphs/customers/src/migrations/1764234700000-CrmPartnerRollupVersions';
import { CrmPartnerRollupPlans1764235200000 } from '../../subgraphs/customers/src/migrations/1764235200000-CrmPartnerRollupPlans';

/**
 * The partner sales rollup (`crm.partner_deal_rollup`, migration CrmPartnerDealRollup) that
 * `partnerDealAggregates` reads for a partner given by id. After every kind of write that can move
 * a figure (deal created, stage, amount, currency, dates, deleted, restored, deleted for good,
 * customers merged; attribution moved, removed; lead assigned, referred, deleted, restored), and
 * under concurrent writers of one deal, the rollup answers exactly what the deals answer when
 * summed from scratch (the ids path, which joins the deals themselves), and the reconciliation
 * finds drift 0; injected drift is found and repaired. The migration's set-based build gives the
 * rollup the triggers kept.
 */
const SALES: Identity = { sub: 'sales:rollup', role: 'SALES' };
/** Whole years, whole months, edge days, one day, a period without a whole month, all time. */
const PERIODS = [
  { from: '2026-01-01', to: '2026-12-31' },
  { from: '2026-03-15', to: '2026-05-10' },
  { from: '2026-03-31', to: '2026-03-31' },
  { from: '2026-04-01', to: '2026-04-01' },
  { from: '2026-03-02', to: '2026-03-30' },
  { from: '2026-02-01', to: '2026-04-30' },
  { from: '2000-01-01', to: '2099-12-31' },
];

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let graph: TestGraph;
let crm: CrmClient;
let outbox: OutboxDispatcher;
let customer: string;
let partners: string[];

async function ok(query: string, variables: Record<string, unknown> = {}, identity: Identity = ADMIN) {
  const response = await graph.query<Data>(query, variables, identity);
  if (response.errors?.length) throw new Error(`Unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data!;
}

async function deal(
  amount: string,
  currency = 'EUR',
  leadId: string | null = null,
  customerId = customer,
): Promise<string> {
  return (
    await ok(
      `mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }`,
      { input: { customerId, title: 'Rollup', amount, currency, leadId } },
      SALES,
    )
  ).createDeal.id as string;
}

async function lead(name: string): Promise<string> {
  return (
    await ok(`mutation($n: String!) { createLead(input: { name: $n, source: PARTNER }) { id } }`, { n: name })
  ).createLead.id as string;
}

const move = (id: string, stage: string) =>
  ok(
    `mutation($d: ID!, $s: DealStage!, $r: String) { moveDealStage(id: $d, stage: $s, reason: $r) { id } }`,
    {
      d: id,
      s: stage,
      r: stage === 'CLOSED_LOST' ? 'Lost' : null,
    },
  );

const update = (id: string, input: Record<string, unknown>) =>
  ok(`mutation($d: ID!, $i: UpdateDealInput!) { updateDeal(id: $d, input: $i) { id } }`, { d: id, i: input });

const attribute = (dealId: string, partnerId: string | null) =>
  ok(`mutation($d: ID!, $p: ID) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`, {
    d: dealId,
    p: partnerId,
  });

const attributeLead = (leadId: string, assigned: string | null, referred: string | null) =>
  ok(
    `mutation($l: ID!, $a: ID, $r: ID) { attributeLeadToPartner(input: { leadId: $l, assignedPartnerId: $a, referredByPartnerId: $r }) { id } }`,
    { l: leadId, a: assigned, r: referred },
  );

const drain = async () => {
  for (let round = 0; round < 50; round++) if ((await outbox.dispatchOnce(new Date())).claimed === 0) return;
  throw new Error('the outbox did not drain');
};

const ctx = () => ({ dataSource: graph.crm }) as unknown as RequestContext;
/** The CRM statements of this file's in-process checks keep their figures apart from the server's. */
let inProcess: RequestContext | undefined;
const inProcessCtx = () =>
  (inProcess ??= {
    dataSource: { query: (sql: string, params?: unknown[]) => graph.crm.query(sql, params) },
  } as unknown as RequestContext);

/** The figures from the rollup: every partner by its id (`cached`: as the API answers, kept per version). */
const fromRollup = (sourcedOnly: boolean, cached = false) =>
  (cached ? cachedPartnerDealAggregates : partnerDealAggregates)(inProcessCtx(), {
    dealIds: '',
    dealCounts: partners.map(() => 0),
    leadIds: '',
    leadCounts: partners.map(() => 0),
    partnerIds: partners,
    periods: PERIODS,
    sourcedOnly,
  });

/** The same figures summed from scratch over the deals: each partner's projection rows sent as ids. */
async function fromDeals(sourcedOnly: boolean): Promise<PartnerDealAggregate[]> {
  const ids = async (partnerId: string, roles: string[]) =>
    (
      (await graph.crm.query(
        `SELECT DISTINCT record_id FROM crm.partner_attributions WHERE partner_id = $1 AND role = ANY($2) ORDER BY 1`,
        [partnerId, roles],
      )) as { record_id: string }[]
    ).map((row) => row.record_id);
  const slots = await Promise.all(
    partners.map(async (id) => ({
      deals: await ids(id, ['SOURCED']),
      leads: sourcedOnly ? [] : await ids(id, ['ASSIGNED', 'REFERRED']),
    })),
  );
  return partnerDealAggregates(ctx(), {
    dealIds: packIds(slots.flatMap((slot) => slot.deals)),
    dealCounts: slots.map((slot) => slot.deals.length),
    leadIds: packIds(slots.flatMap((slot) => slot.leads)),
    leadCounts: slots.map((slot) => slot.leads.length),
    periods: PERIODS,
  });
}

/** The rollup answers what the deals answer, and the reconciliation finds nothing. */
async function expectExact(): Promise<PartnerDealAggregate[]> {
  const drift = await reconcilePartnerRollup(graph.crm);
  expect({ deals: drift.dealDrift, rollup: drift.rollupDrift }).toEqual({ deals: 0, rollup: 0 });
  for (const sourcedOnly of [false, true]) {
    const expected = await fromDeals(sourcedOnly);
    expect(await fromRollup(sourcedOnly)).toEqual(expected);
    // The kept figures (one data source for the whole file: kept from the test before) are never
    // stale: every kind of write above draws its partners a new rollup version.
    expect(await fromRollup(sourcedOnly, true)).toEqual(expected);
  }
  return fromRollup(false);
}

/** One figure of a partner in a period and currency (undefined: no row). */
const figure = (rows: PartnerDealAggregate[], partner: number, period: number, currency: string) =>
  rows.find((row) => row.slot === partner && row.period === period && row.currency === currency);

const at = (id: string, column: 'created_at' | 'closed_at', instant: string) =>
  graph.crm.query(`UPDATE crm.deals SET ${column} = $2 WHERE id = $1`, [id, instant]);

beforeAll(async () => {
  process.env.OUTBOX_POLL_MS = '0';
  graph = await startTestGraph();
  delete process.env.OUTBOX_POLL_MS;
  crm = httpCrmClient(() => graph.customers.url);
  outbox = attributionDispatcher(graph.prm, crm, { pollMs: 0, random: () => 0.5 });
  customer = (await ok(`mutation { createCustomer(input: { name: "Rollup Co" }) { id } }`)).createCustomer.id;
  partners = [
    await seedPartner(graph, { name: 'Alpha Rollup Partners' }),
    await seedPartner(graph, { name: 'Beta Rollup Partners' }),
    await seedPartner(graph, { name: 'Gamma Rollup Partners' }),
  ];
});

afterAll(async () => {
  await graph?.stop();
});

describe('the partner sales rollup', () => {
  const [A, B, C] = [0, 1, 2];
  const deals: Record<string, string> = {};
  const leads: Record<string, string> = {};

  it('counts sourced and influenced deals as the deals do, by day at the edges of a period', async () => {
    leads.both = await lead('Both');
    leads.alphaOwn = await lead('Alpha own');
    leads.toAlpha = await lead('To alpha');
    deals.open = await deal('1000.10');
    deals.won = await deal('2500.55', 'USD');
    deals.lost = await deal('700.00');
    deals.influenced = await deal('333.33', 'EUR', leads.both);
    deals.sourcedAndInfluenced = await deal('120.00', 'EUR', leads.alphaOwn);
    deals.otherSourced = await deal('450.45', 'GBP', leads.toAlpha);
    await move(deals.won, 'CLOSED_WON');
    await move(deals.lost, 'CLOSED_LOST');
    for (const id of [deals.open, deals.won, deals.lost, deals.sourcedAndInfluenced])
      await attribute(id, partners[A]);
    await attribute(deals.otherSourced, partners[B]);
    await attributeLead(leads.both, partners[A], partners[B]);
    await attributeLead(leads.alphaOwn, partners[A], partners[A]);
    await attributeLead(leads.toAlpha, partners[A], null);
    await drain();
    // Pinned instants at a month's edge: the last millisecond of March, the first of April.
    await at(deals.open, 'created_at', '2026-03-31T23:59:59.999Z');
    await at(deals.influenced, 'created_at', '2026-04-01T00:00:00.000Z');
    await at(deals.sourcedAndInfluenced, 'created_at', '2026-03-15T12:00:00Z');
    await at(deals.otherSourced, 'created_at', '2026-05-10T23:00:00Z');
    await at(deals.won, 'closed_at', '2026-04-01T00:00:00.000Z');
    await at(deals.lost, 'closed_at', '2026-03-31T10:00:00Z');

    const rows = await expectExact();
    // The figures themselves (not only rollup = deals): March 31 holds the open deal and the loss.
    expect(figure(rows, A, 2, 'EUR')).toMatchObject({
      sourcedPipeline: '1000.10',
      dealsLost: 1,
      sourcedDeals: 3,
    });
    expect(figure(rows, A, 3, 'USD')).toMatchObject({ wonRevenue: '2500.55', dealsWon: 1 });
    expect(figure(rows, A, 3, 'EUR')).toMatchObject({ influencedPipeline: '333.33', influencedDeals: 1 });
    // Its own lead's deal is sourced, not influenced; another's deal from its lead is influenced.
    expect(figure(rows, A, 1, 'GBP')).toMatchObject({ influencedPipeline: '450.45', sourcedDeals: 0 });
    expect(figure(rows, B, 1, 'GBP')).toMatchObject({ sourcedPipeline: '450.45', sourcedDeals: 1 });
    expect(figure(rows, B, 3, 'EUR')).toMatchObject({ influencedPipeline: '333.33' });
    expect(figure(rows, C, 6, 'EUR')).toBeUndefined();
  });

  it('follows stage, amount, currency and date changes', async () => {
    await move(deals.open, 'PROPOSAL');
    await update(deals.open, { amount: '1500.00' });
    await update(deals.lost, { currency: 'USD' });
    await move(deals.influenced, 'CLOSED_WON');
    await at(deals.influenced, 'closed_at', '2026-03-31T23:00:00Z');
    await update(deals.won, { amount: '2600.00' });
    const rows = await expectExact();
    expect(figure(rows, A, 2, 'EUR')).toMatchObject({ sourcedPipeline: '1500.00', dealsLost: 0 });
    expect(figure(rows, A, 2, 'USD')).toMatchObject({ dealsLost: 1 });
    expect(figure(rows, B, 2, 'EUR')).toMatchObject({ influencedWonRevenue: '333.33' });
    // Reopened: it leaves the won revenue and counts as pipeline by its created day.
    await graph.crm.query(`UPDATE crm.deals SET stage = 'NEGOTIATION', closed_at = NULL WHERE id = $1`, [
      deals.won,
    ]);
    expect(figure(await expectExact(), A, 3, 'USD')).toMatchObject({ wonRevenue: '0.00', dealsWon: 0 });
  });

  it('follows attribution moves and removals, and leads deleted and restored', async () => {
    await attribute(deals.open, partners[C]);
    await attribute(deals.lost, null);
    await attributeLead(leads.both, null, partners[B]);
    await drain();
    const rows = await expectExact();
    expect(figure(rows, C, 2, 'EUR')).toMatchObject({ sourcedPipeline: '1500.00', sourcedDeals: 1 });
    expect(figure(rows, A, 2, 'USD')).toMatchObject({ dealsLost: 0 });
    await graph.crm.query(`UPDATE crm.leads SET deleted_at = now() WHERE id = $1`, [leads.toAlpha]);
    expect(figure(await expectExact(), A, 1, 'GBP')).toBeUndefined();
    await graph.crm.query(`UPDATE crm.leads SET deleted_at = NULL WHERE id = $1`, [leads.toAlpha]);
    expect(figure(await expectExact(), A, 1, 'GBP')).toMatchObject({ influencedPipeline: '450.45' });
  });

  it('follows deals deleted, restored, deleted for good, and customers merged', async () => {
    await graph.crm.query(`UPDATE crm.deals SET deleted_at = now() WHERE id = $1`, [deals.open]);
    expect(figure(await expectExact(), C, 2, 'EUR')).toBeUndefined();
    await graph.crm.query(`UPDATE crm.deals SET deleted_at = NULL WHERE id = $1`, [deals.open]);
    expect(figure(await expectExact(), C, 2, 'EUR')).toMatchObject({ sourcedDeals: 1 });
    const gone = await deal('99.00');
    await attribute(gone, partners[C]);
    await drain();
    await expectExact();
    await graph.crm.transaction(async (m) => {
      await m.query(`DELETE FROM crm.deal_stage_changes WHERE deal_id = $1`, [gone]);
      await m.query(`DELETE FROM crm.deals WHERE id = $1`, [gone]);
    });
    expect(figure(await expectExact(), C, 6, 'EUR')).toMatchObject({ sourcedDeals: 1 });
    const duplicate = (await ok(`mutation { createCustomer(input: { name: "Rollup Duplicate" }) { id } }`))
      .createCustomer.id;
    const moved = await deal('10.00', 'EUR', null, duplicate);
    await attribute(moved, partners[C]);
    await drain();
    await ok(`mutation($d: ID!, $s: ID!) { mergeCustomers(duplicateId: $d, survivorId: $s) { mergedId } }`, {
      d: duplicate,
      s: customer,
    });
    expect(figure(await expectExact(), C, 6, 'EUR')).toMatchObject({ sourcedDeals: 2 });
  });

  // Two sessions and a lock wait between them: the embedded database runs one session (its
  // connections take turns a transaction at a time), so there the apply cannot be seen waiting.
  const onServer = process.env.TEST_DATABASE_URL ? it : it.skip;
  onServer('stays exact when an attribution change waits on a deal update in flight', async () => {
    // The deal's update holds its row; the projection's apply of a new partner waits for it (the
    // refresh locks the deal), then sums the committed stage: neither change is lost.
    const runner = graph.crm.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    let applied: Promise<number> | undefined;
    let settled = false;
    try {
      await runner.query(
        `UPDATE crm.deals SET stage = 'CLOSED_WON', closed_at = '2026-06-01T00:00:00Z' WHERE id = $1`,
        [deals.open],
      );
      const [{ pid }] = await runner.query(`SELECT pg_backend_pid() AS pid`);
      const [{ v }] = await graph.crm.query(
        `SELECT max(version)::text AS v FROM crm.partner_attributions WHERE record_id = $1`,
        [deals.open],
      );
      applied = crm
        .applyAttributions([
          {
            recordId: deals.open,
            role: 'SOURCED',
            partnerId: partners[B],
            version: String(BigInt(v) + 1n),
            attributedAt: new Date().toISOString(),
          },
        ])
        .finally(() => (settled = true));
      // Until the apply is waiting on the deal's lock (a state, not a time).
      for (;;) {
        const waiting = await graph.crm.query(
          `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND $1 = ANY(pg_blocking_pids(pid))`,
          [pid],
        );
        if (waiting.length > 0 || settled) break;
      }
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await applied).toBe(1);
    const rows = await expectExact();
    expect(figure(rows, B, 0, 'EUR')).toMatchObject({ wonRevenue: '1500.00', dealsWon: 1 });
    expect(figure(rows, C, 0, 'EUR')).toMatchObject({ wonRevenue: '0.00' });
  });

  it('stays exact under many concurrent writers of the same deals', async () => {
    const ids = [deals.open, deals.won, deals.influenced, deals.sourcedAndInfluenced, deals.otherSourced];
    const stages = ['PROSPECTING', 'CLOSED_WON', 'CLOSED_LOST', 'NEGOTIATION'];
    // Some moves are refused (a stage it is in, a concurrent change): what commits must add up.
    const results = await Promise.allSettled(
      Array.from({ length: 24 }, (_, n) => {
        const id = ids[n % ids.length];
        if (n % 3 === 0) return update(id, { amount: `${100 + n}.25` });
        if (n % 3 === 1) return move(id, stages[n % stages.length]);
        return attribute(id, partners[n % partners.length]).then(drain);
      }),
    );
    expect(results.filter((result) => result.status === 'fulfilled').length).toBeGreaterThan(12);
    await drain();
    await expectExact();
  });

  it('finds injected drift and repairs it', async () => {
    await graph.crm.query(
      `UPDATE crm.partner_deal_rollup SET sourced_won = sourced_won + 1
       WHERE (partner_id, grain) = (SELECT partner_id, grain FROM crm.partner_deal_rollup WHERE grain = 'M' LIMIT 1)
         AND grain = 'M'`,
    );
    await graph.crm.query(
      `UPDATE crm.partner_deal_contributions SET amount = amount + 1 WHERE deal_id = $1`,
      [deals.otherSourced],
    );
    const found = await reconcilePartnerRollup(graph.crm, { repair: true });
    expect(found.dealDrift).toBe(1);
    expect(found.rollupDrift).toBeGreaterThan(0);
    expect(found.repairedDeals).toBe(1);
    await expectExact();
  });

  it('is built by the migration, set-based, as the triggers kept it', async () => {
    const snapshot = () =>
      graph.crm.query(
        `SELECT partner_id, grain, bucket, currency, sourced_open, sourced_won, sourced_lost, influenced_open,
                influenced_won, influenced_lost, sourced_open_amount::numeric(30, 2)::text AS soa,
                sourced_won_amount::numeric(30, 2)::text AS swa, influenced_open_amount::numeric(30, 2)::text AS ioa,
                influenced_won_amount::numeric(30, 2)::text AS iwa
         FROM crm.partner_deal_rollup
         WHERE sourced_open + sourced_won + sourced_lost + influenced_open + influenced_won + influenced_lost > 0
         ORDER BY partner_id, grain, bucket, currency`,
      );
    const kept = await snapshot();
    expect(kept.length).toBeGreaterThan(10);
    const runner = graph.crm.createQueryRunner();
    try {
      await runner.startTransaction();
      // The later migrations replaced the refresh and the triggers: undone first, redone last.
      const plans = new CrmPartnerRollupPlans1764235200000();
      const versions = new CrmPartnerRollupVersions1764234700000();
      const migration = new CrmPartnerDealRollup1764234300000();
      await plans.down(runner);
      await versions.down(runner);
      await migration.down(runner);
      await migration.up(runner);
      await versions.up(runner);
      await plans.up(runner);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await snapshot()).toEqual(kept);
    await expectExact();
  });

  it('answers a page of partners through the gateway with one CRM statement that reads the rollup', async () => {
    const counter = statementCounter(graph.crm);
    counter.record();
    const data = await ok(
      `query($p: PeriodInput!) { partners(first: 40) { edges { node { id
        performance(period: $p) { dealsWon byCurrency { currency sourcedPipeline wonRevenue influencedWonRevenue } }
        scorecard(period: $p) { dealsWon dealsLost revenue { currency amount } } } } } }`,
      { p: PERIODS[0] },
      { sub: 'cm:rollup', role: 'CHANNEL_MANAGER' },
    );
    expect(data.partners.edges.length).toBeGreaterThanOrEqual(3);
    expect(counter.count).toBe(1);
    expect(counter.statements[0]).toContain('crm.partner_deal_rollup');
    const rows = await fromDeals(false);
    const b = data.partners.edges.find((edge: Data) => edge.node.id === partners[B]).node;
    const wonUsd = rows
      .filter((row) => row.slot === B && row.period === 0)
      .reduce((n, row) => n + row.dealsWon, 0);
    expect(b.performance.dealsWon).toBe(wonUsd);
  });
});

describe('the kept figures of partnerDealAggregates', () => {
  const PAGE = `query($p: PeriodInput!) { partners(first: 40) { edges { node { id
    performance(period: $p) { dealsWon byCurrency { currency sourcedPipeline wonRevenue } }
    scorecard(period: $p) { dealsWon revenue { currency amount } } } } } }`;
  const CM: Identity = { sub: 'cm:kept', role: 'CHANNEL_MANAGER' };
  const period = { from: '2026-02-01', to: '2026-11-30' };
  const page = async () => {
    const counter = statementCounter(graph.crm);
    const prm = statementCounter(graph.prm);
    counter.record();
    prm.record();
    const data = await ok(PAGE, { p: period }, CM);
    const b = data.partners.edges.find((edge: Data) => edge.node.id === partners[1]).node;
    return { b, statements: [...counter.statements], prm: [...prm.statements] };
  };

  it('answers a page again from one statement of versions, and sums again after a deal changes', async () => {
    const first = await page();
    // No partner has attribution changes in flight: the PRM reads none of their attributions.
    expect(first.prm.some((sql) => /attribution_outbox/.test(sql))).toBe(true);
    expect(
      first.prm.filter((sql) => /prm\.(deal|lead)_attributions|"(deal|lead)_attributions"/.test(sql)),
    ).toEqual([]);
    expect(first.statements).toHaveLength(1);
    expect(first.statements[0]).toContain('crm.partner_deal_rollup');
    const again = await page();
    expect(again.b).toEqual(first.b);
    expect(again.statements).toHaveLength(1);
    expect(again.statements[0]).toContain('crm.partner_rollup_versions');
    expect(again.statements[0]).not.toContain('crm.partner_deal_rollup');
    // A new won deal of partner B in the period: the next page counts it.
    const id = await deal('1000.00', 'USD');
    await attribute(id, partners[1]);
    await drain();
    await graph.crm.query(
      `UPDATE crm.deals SET stage = 'CLOSED_WON', closed_at = '2026-06-15T12:00:00Z' WHERE id = $1`,
      [id],
    );
    const after = await page();
    expect(after.b.performance.dealsWon).toBe(first.b.performance.dealsWon + 1);
    expect(after.b.scorecard.dealsWon).toBe(first.b.scorecard.dealsWon + 1);
    expect(after.statements.some((sql) => sql.includes('crm.partner_deal_rollup'))).toBe(true);
    // And an amount change of that deal alone.
    await graph.crm.query(`UPDATE crm.deals SET amount = 1500 WHERE id = $1`, [id]);
    const usdCents = (b: Data) =>
      BigInt(
        (b.performance.byCurrency.find((row: Data) => row.currency === 'USD')?.wonRevenue ?? '0.00').replace(
          '.',
          '',
        ),
      );
    const changed = await page();
    expect(usdCents(changed.b) - usdCents(after.b)).toBe(50_000n);
  });
});

describe('rollupRanges', () => {
  it.each([
    [{ from: '2026-01-01', to: '2026-12-31' }, '2026-01-01', '2027-01-01'],
    [{ from: '2025-12-04', to: '2026-12-03' }, '2026-01-01', '2026-12-01'],
    [{ from: '2026-03-02', to: '2026-03-30' }, '2026-03-31', '2026-03-31'],
    [{ from: '2026-02-01', to: '2026-02-28' }, '2026-02-01', '2026-03-01'],
    [{ from: '2024-02-01', to: '2024-02-28' }, '2024-02-29', '2024-02-29'],
  ])('splits %j into whole months [%s, %s) and edge days', (period, firstMonth, endMonth) => {
    expect(rollupRanges(period)).toEqual({ firstDay: period.from, lastDay: period.to, firstMonth, endMonth });
  });
});
