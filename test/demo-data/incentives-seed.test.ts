import type { DataSource } from 'typeorm';
import { crmDemoIds, seedAll } from '../../scripts/environment';
import { createCustomersDataSource } from '../../subgraphs/customers/src';
import { createPartnersDataSource } from '../../subgraphs/partners/src';
import { PAYOUT_PERIODS } from '../../subgraphs/partners/src/incentives/payouts.seed';
import { seedPrm } from '../../subgraphs/partners/src/seed';
import { seedIncentives } from '../../subgraphs/partners/src/incentives/incentives.seed';
import { seedMdf } from '../../subgraphs/partners/src/mdf/mdf.seed';
import { seedOnboarding } from '../../subgraphs/partners/src/onboarding/onboarding.seed';
import { seedCorePrm } from '../../subgraphs/partners/src/seed/core.seed';
import { toCents, fromCents } from '@sales-graph/shared/money';
import { startTestGraph } from '../support';
import type { TestGraph } from '../support';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { seededPrm } from './seeded-prm';

const crm = { dealIds: [], leadIds: [], customers: [] };
const prmSeeds = seededPrm('prmincentives', [seedCorePrm, seedOnboarding, seedIncentives, seedMdf], crm);
const seeded = prmSeeds.seeded;
let prm: DataSource;

beforeAll(async () => {
  prm = await seeded();
});
afterAll(() => prmSeeds.drop());

describe('incentives and MDF demo data', () => {
  it('has one commission plan per tier', async () => {
    const plans = await prm.query(`SELECT tier, rate::text FROM prm.commission_plans ORDER BY rate`);
    expect(plans).toEqual([
      { tier: 'REGISTERED', rate: '0.0300' },
      { tier: 'SILVER', rate: '0.0500' },
      { tier: 'GOLD', rate: '0.0800' },
      { tier: 'PLATINUM', rate: '0.1000' },
    ]);
  });

  it("gives each plan rates for the catalogue's Services and Support families, below its own rate", async () => {
    const plans = await prm.query(
      `SELECT tier, rate::text, family_rates FROM prm.commission_plans ORDER BY rate`,
    );
    expect(
      plans.map((plan: { tier: string; family_rates: unknown }) => [plan.tier, plan.family_rates]),
    ).toEqual([
      ['REGISTERED', { Services: '0.0150', Support: '0.0200' }],
      ['SILVER', { Services: '0.0250', Support: '0.0350' }],
      ['GOLD', { Services: '0.0400', Support: '0.0600' }],
      ['PLATINUM', { Services: '0.0500', Support: '0.0800' }],
    ]);
  });

  it('keeps every MDF running total equal to its live children and within its parent', async () => {
    const [counts] = await prm.query(
      `SELECT (SELECT count(*) FROM prm.mdf_allocations) allocations, (SELECT count(*) FROM prm.mdf_requests) requests,
              (SELECT count(*) FROM prm.mdf_claims) claims, (SELECT count(*) FROM prm.mdf_claims WHERE status = 'PAID') paid`,
    );
    expect(counts.allocations).toBeGreaterThanOrEqual(3);
    expect(counts.requests).toBeGreaterThanOrEqual(3);
    expect(counts.claims).toBeGreaterThanOrEqual(1);
    const drift = await prm.query(
      `SELECT 'budget' AS kind, b.id FROM prm.mdf_budgets b
         WHERE b.allocated <> (SELECT coalesce(sum(a.amount), 0) FROM prm.mdf_allocations a WHERE a.budget_id = b.id)
       UNION ALL SELECT 'allocation', a.id FROM prm.mdf_allocations a
         WHERE a.requested <> (SELECT coalesce(sum(r.amount), 0) FROM prm.mdf_requests r WHERE r.allocation_id = a.id AND r.status <> 'REJECTED')
       UNION ALL SELECT 'request', r.id FROM prm.mdf_requests r
         WHERE r.claimed <> (SELECT coalesce(sum(c.amount), 0) FROM prm.mdf_claims c WHERE c.request_id = r.id AND c.status <> 'REJECTED')
       UNION ALL SELECT 'claim on unapproved', c.id FROM prm.mdf_claims c JOIN prm.mdf_requests r ON r.id = c.request_id
         WHERE r.status <> 'APPROVED'`,
    );
    expect(drift).toEqual([]);
  });

  it('is the same on every run', async () => {
    const first = await prm.query(`SELECT id, amount::text FROM prm.mdf_requests ORDER BY id`);
    const again = await seeded();
    try {
      expect(await again.query(`SELECT id, amount::text FROM prm.mdf_requests ORDER BY id`)).toEqual(first);
    } finally {
      await again.destroy();
    }
  });
});

type Statement = {
  total: string;
  paid: string;
  due: string;
  adjustment: string;
  currency: string | null;
  lines: { deal: { id: string }; commission: string }[];
  payout: { id: string; amount: string; dealCount: number } | null;
};
type PartnerNode = {
  id: string;
  tier: string;
  commissionStatement: Statement;
  payouts: { totalCount: number; edges: { node: { id: string; periodFrom: string; amount: string } }[] };
};

const PAYOUT_ROWS = `SELECT id, partner_id, period_from::text, period_to::text, amount::text, currency, deal_count
  FROM prm.commission_payouts ORDER BY partner_id, period_from`;

describe('commission payouts in the demo data', () => {
  let graph: TestGraph;
  const extra: TestDatabase[] = [];
  const extraSources: DataSource[] = [];

  /** A fresh, migrated database pair (outside the graph). */
  async function databasePair(): Promise<{ crm: DataSource; prm: DataSource }> {
    const crmDb = await createTestDatabase('paycrm', { migrated: 'customers' });
    extra.push(crmDb);
    const prmDb = await createTestDatabase('payprm', { migrated: 'partners' });
    extra.push(prmDb);
    const crmSource = await createCustomersDataSource(crmDb.url, crmDb.poolMax).initialize();
    extraSources.push(crmSource);
    const prmSource = await createPartnersDataSource(prmDb.url, prmDb.poolMax).initialize();
    extraSources.push(prmSource);
    return { crm: crmSource, prm: prmSource };
  }

  beforeAll(async () => {
    graph = await startTestGraph();
    expect(
      await seedAll({ crm: graph.crm, prm: graph.prm, embedded: false, close: async () => undefined }),
    ).toEqual({ crm: true, prm: true });
  });
  afterAll(async () => {
    await graph?.stop();
    for (const dataSource of extraSources) await dataSource.destroy();
    for (const database of extra) await database.drop();
  });

  it('pays each partner with a plan exactly its statement total of each past quarter it earned in', async () => {
    const payouts: {
      id: string;
      partner_id: string;
      period_from: string;
      amount: string;
      deal_count: number;
    }[] = await graph.prm.query(PAYOUT_ROWS);
    expect(payouts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(payouts.map((row) => row.period_from))).toEqual(
      new Set(PAYOUT_PERIODS.map((p) => p.from)),
    );
    const plans: {
      tier: string;
      rate: string;
      cap_per_deal: string | null;
      cap_per_period: string | null;
      currency: string;
    }[] = await graph.prm.query(
      `SELECT tier, rate::text, cap_per_deal::text, cap_per_period::text, currency FROM prm.commission_plans`,
    );
    const attributions: { deal_id: string; partner_id: string }[] = await graph.prm.query(
      `SELECT deal_id, partner_id FROM prm.deal_attributions WHERE deleted_at IS NULL`,
    );
    let checked = 0;
    for (const period of PAYOUT_PERIODS) {
      // Every partner's statement through the gateway (the service reads the CRM deals over HTTP).
      const r = await graph.query<{ partners: { edges: { node: PartnerNode }[] } }>(
        `query($period: PeriodInput!) { partners(first: 100) { edges { node { id tier
           commissionStatement(period: $period) { total paid due adjustment currency
             lines { deal { id } commission } payout { id amount dealCount } }
           payouts(first: 10) { totalCount edges { node { id periodFrom amount } } } } } } }`,
        { period },
      );
      expect(r.errors).toBeUndefined();
      for (const { node } of r.data!.partners.edges) {
        const statement = node.commissionStatement;
        const payout = payouts.find((row) => row.partner_id === node.id && row.period_from === period.from);
        const plan = plans.find((candidate) => candidate.tier === node.tier)!;
        // Independently of the service: the partner's sourced deals won in the period in the
        // plan's currency, and what each earns (amount × rate, half-even to cents, per-deal cap),
        // straight from the CRM database the seed read.
        const own = attributions.filter((row) => row.partner_id === node.id).map((row) => row.deal_id);
        const won: { id: string; cents: string }[] = await graph.crm.query(
          `SELECT id, (CASE WHEN $5::numeric IS NOT NULL AND c > $5::numeric * 100 THEN $5::numeric * 100 ELSE c END)::bigint::text AS cents
             FROM (SELECT id, CASE WHEN x - trunc(x) = 0.5 AND trunc(x) % 2 = 0 THEN trunc(x) ELSE round(x) END AS c
                     FROM (SELECT id, amount * 100 * $4::numeric AS x FROM crm.deals
                            WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL AND stage = 'CLOSED_WON'
                              AND currency = $6 AND closed_at >= $2::date::timestamp AT TIME ZONE 'UTC'
                              AND closed_at < ($3::date + 1)::timestamp AT TIME ZONE 'UTC') d) e
            ORDER BY id`,
          [own, period.from, period.to, plan.rate, plan.cap_per_deal, plan.currency],
        );
        const subtotal = won.reduce((sum, row) => sum + BigInt(row.cents), 0n);
        const cap = plan.cap_per_period === null ? null : toCents(plan.cap_per_period);
        const expected = fromCents(cap !== null && subtotal > cap ? cap : subtotal);
        expect([...statement.lines].map((line) => line.deal.id).sort()).toEqual(won.map((row) => row.id));
        expect(statement.total).toBe(expected);
        if (subtotal === 0n) {
          expect(payout).toBeUndefined();
          expect(statement).toMatchObject({ paid: '0.00', due: '0.00', payout: null });
          continue;
        }
        expect(payout).toMatchObject({ amount: expected, deal_count: won.length });
        expect(statement).toMatchObject({
          paid: expected,
          due: '0.00',
          adjustment: '0.00',
          currency: plan.currency,
          payout: { id: payout!.id, amount: expected, dealCount: won.length },
        });
        expect(node.payouts.edges.map((edge) => edge.node)).toContainEqual({
          id: payout!.id,
          periodFrom: period.from,
          amount: expected,
        });
        checked += 1;
      }
    }
    expect(checked).toBe(payouts.length);
  });

  it("names in its plans' family rates only families of the CRM demo catalogue", async () => {
    const families = (
      (await graph.crm.query(
        `SELECT DISTINCT family FROM crm.products WHERE deleted_at IS NULL AND family IS NOT NULL`,
      )) as { family: string }[]
    ).map((row) => row.family);
    const named = (
      (await graph.prm.query(
        `SELECT DISTINCT jsonb_object_keys(family_rates) AS family FROM prm.commission_plans`,
      )) as { family: string }[]
    ).map((row) => row.family);
    expect(named.sort()).toEqual(['Services', 'Support']);
    for (const family of named) expect(families).toContain(family);
  });

  it('is the same on every run, and leaves the data seeded before it unchanged', async () => {
    const first = await graph.prm.query(PAYOUT_ROWS);
    const again = await databasePair();
    expect(await seedAll({ ...again, embedded: false, close: async () => undefined })).toEqual({
      crm: true,
      prm: true,
    });
    expect(await again.prm.query(PAYOUT_ROWS)).toEqual(first);

    // Without the deal facts the payout seed does nothing, and every other table is the same.
    const bare = await databasePair();
    const { deals, ...ids } = await crmDemoIds(again.crm);
    expect(deals!.length).toBeGreaterThan(0);
    expect(await seedPrm(bare.prm, ids)).toBe(true);
    expect(await bare.prm.query(PAYOUT_ROWS)).toEqual([]);
    for (const table of [
      'partners',
      'deal_attributions',
      'lead_attributions',
      'commission_plans',
      'mdf_requests',
    ]) {
      const rows = `SELECT to_jsonb(t) - 'created_at' - 'updated_at' AS row FROM prm.${table} t ORDER BY id`;
      expect(await bare.prm.query(rows)).toEqual(await again.prm.query(rows));
    }
  });
});
