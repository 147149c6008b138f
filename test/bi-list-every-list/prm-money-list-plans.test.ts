import type { DataSource } from 'typeorm';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { SortDirection, type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { listContext, listPagePlan, type ListRun } from '../support/list-plans';
import { PRM_SCOPE } from '../../subgraphs/partners/src/access/scope';
import type { PartnersContext } from '../../subgraphs/partners/src/context.type';
import { createPartnersDataSource } from '../../subgraphs/partners/src/datasource';
import { listCommissionPayouts } from '../../subgraphs/partners/src/incentives/commission.service';
import { listMdfClaims, listMdfRequests } from '../../subgraphs/partners/src/mdf/mdf.service';

/**
 * Each filter and order of `commissionPayouts`, `mdfRequests` and `mdfClaims` is served by an
 * index, proven on generated data (as `test/bi-list-programs/` does): the list's own service
 * builds the page for one caller, the page statement it sends is captured, and its plan (EXPLAIN
 * ANALYZE on VACUUM ANALYZEd tables, no `enable_seqscan = off`) must read the table through the
 * expected index, never sequentially, and read a bounded number of rows, on page 1 and on page 2
 * by cursor. 60,000 rows per table (claims: one per approved request) over 2,000 partners. `PLAN_DEBUG=1` prints each page's plan.
 */
let db: TestDatabase;
let prm: DataSource;
const ADMIN: Identity = { sub: 'user:admin', role: 'ADMIN' };
let partner: Identity;
let partnerId: string;
let requestId: string;
const ROWS_BOUND = 500;
const ROWS = 60_000;
/** Many partners with a few dozen rows each, as a channel programme has them. */
const PARTNERS = 2_000;

beforeAll(async () => {
  db = await createTestDatabase('bi_money_plans', { migrated: 'partners' });
  prm = await createPartnersDataSource(db.url, db.poolMax).initialize();
  // One connection without the pool's statement timeout for the generated rows (and for every
  // statement until it is released: the embedded database's pool has no second one).
  const seed = prm.createQueryRunner();
  await seed.query('SET statement_timeout = 0');
  await seed.query(`INSERT INTO prm.partners (name, name_key, type, tier, status)
    SELECT 'Partner ' || g, 'partner' || g, 'RESELLER', 'GOLD', 'ACTIVE' FROM generate_series(1, ${PARTNERS}) g`);
  await seed.query(`INSERT INTO prm.mdf_budgets (name, period_from, period_to, amount, currency)
    VALUES ('Big budget', '2000-01-01', '2099-12-31', 9999999999.00, 'EUR')`);
  await seed.query(`INSERT INTO prm.mdf_allocations (budget_id, partner_id, amount, currency)
    SELECT b.id, p.id, 1000000.00, 'EUR' FROM prm.partners p, prm.mdf_budgets b`);
  // Statuses: a rare one (1 in 100) for each list; times spread out; amounts varied.
  await seed.query(`INSERT INTO prm.mdf_requests (allocation_id, partner_id, activity, amount, currency, status, reviewed_at, updated_at, created_at)
    SELECT a.ids[1 + g % ${PARTNERS}], a.partners[1 + g % ${PARTNERS}], 'Activity ' || substr(md5(g::text), 1, 12),
      (g * 197 % 100000 + 1)::numeric(18,2), 'EUR',
      CASE WHEN g % 100 = 0 THEN 'REJECTED' WHEN g % 3 = 0 THEN 'SUBMITTED' ELSE 'APPROVED' END,
      CASE WHEN g % 3 = 0 THEN NULL ELSE now() - make_interval(mins => g) END,
      now() - make_interval(mins => g), now() - make_interval(mins => g * 2)
    FROM generate_series(1, ${ROWS}) g,
      (SELECT array_agg(id ORDER BY partner_id) AS ids, array_agg(partner_id ORDER BY partner_id) AS partners FROM prm.mdf_allocations) a`);
  await seed.query(`INSERT INTO prm.mdf_claims (request_id, partner_id, amount, currency, proof, status, paid_at, updated_at, created_at)
    SELECT r.id, r.partner_id, 1.00, 'EUR', ARRAY['https://proof.example/' || r.id],
      CASE WHEN r.n % 100 = 0 THEN 'REJECTED' WHEN r.n % 2 = 0 THEN 'PAID' ELSE 'SUBMITTED' END,
      CASE WHEN r.n % 100 <> 0 AND r.n % 2 = 0 THEN now() - make_interval(mins => r.n::int) END,
      now() - make_interval(mins => r.n::int), now() - make_interval(mins => r.n::int * 2)
    FROM (SELECT id, partner_id, row_number() OVER (ORDER BY id) AS n FROM prm.mdf_requests WHERE status = 'APPROVED') r`);
  // Payouts: each partner paid for 30 consecutive 30-day periods, each recorded (created) a few
  // days after its period ended, as payouts are.
  await seed.query(`INSERT INTO prm.commission_payouts (partner_id, period_from, period_to, amount, currency, deal_count, updated_at, created_at)
    SELECT p.id, DATE '2024-01-01' + k * 30, DATE '2024-01-01' + k * 30 + 29,
      ((p.n * 7919 + k * 104729) % 1000000 + 1)::numeric(18,2), 'EUR', 1,
      (DATE '2024-01-01' + k * 30 + 33)::timestamptz + make_interval(secs => p.n::int),
      (DATE '2024-01-01' + k * 30 + 33)::timestamptz + make_interval(secs => p.n::int)
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM prm.partners) p, generate_series(0, ${ROWS / PARTNERS - 1}) k`);
  // A partner with claims: one in a hundred (those whose requests' g are all multiples of 100)
  // has only REJECTED requests, hence no claims; every partner has payouts and requests.
  [{ id: partnerId }] = await seed.query(
    `SELECT partner_id AS id FROM prm.mdf_claims GROUP BY partner_id ORDER BY count(*) DESC, partner_id LIMIT 1`,
  );
  [{ id: requestId }] = await seed.query(`SELECT request_id AS id FROM prm.mdf_claims LIMIT 1`);
  partner = { sub: 'partner-user:1', role: 'PARTNER', partnerId };
  await seed.query(
    `VACUUM ANALYZE prm.partners, prm.mdf_allocations, prm.mdf_requests, prm.mdf_claims, prm.commission_payouts`,
  );
  await seed.release();
}, 300_000);
afterAll(async () => {
  await prm?.destroy();
  await db?.drop();
});

const LISTS: Record<string, { table: string; run: ListRun<PartnersContext> }> = {
  commissionPayouts: { table: 'commission_payouts', run: listCommissionPayouts },
  mdfRequests: { table: 'mdf_requests', run: listMdfRequests },
  mdfClaims: { table: 'mdf_claims', run: listMdfClaims },
};

/** The page statement (LIMIT 21) the list sends (its second page when `second`), and its plan. */
function pagePlan(list: string, query: ListQueryArgs, identity: Identity, second: boolean) {
  const { table, run } = LISTS[list];
  return listPagePlan(prm, table, run, listContext<PartnersContext>(prm, identity, PRM_SCOPE), query, second);
}

/** A partner's own rows: read through an index leading with partner_id (then sorted: its few rows). */
const OWN_PAYOUTS = [
  'commission_payouts_partner_idx',
  'commission_payouts_partner_updated_idx',
  'commission_payouts_period_idx',
];
const OWN_REQUESTS = ['mdf_requests_partner_idx', 'mdf_requests_partner_updated_idx'];
const OWN_CLAIMS = ['mdf_claims_partner_idx', 'mdf_claims_partner_updated_idx'];
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const DESC = SortDirection.DESC;

/** The index the first page must read through, or any one of several (a partner's own rows: any index leading with partner_id). */
type Case = [
  list: string,
  label: string,
  query: () => ListQueryArgs,
  index: string | string[],
  who?: 'partner',
];
const cases: Case[] = [
  ['commissionPayouts', 'creation order (default)', () => ({}), 'commission_payouts_created_idx'],
  [
    'commissionPayouts',
    'one partner (filter)',
    () => ({ filter: { partnerId: { eq: partnerId } } }),
    'commission_payouts_partner_idx',
  ],
  ['commissionPayouts', "a partner user's own (row scope)", () => ({}), OWN_PAYOUTS, 'partner'],
  [
    'commissionPayouts',
    "a partner's BI sync: updatedAt since, UPDATED_AT order",
    () => ({ filter: { updatedAt: { gte: '2024-06-01T00:00:00Z' } }, orderBy: { field: 'updatedAt' } }),
    OWN_PAYOUTS,
    'partner',
  ],
  [
    'commissionPayouts',
    'the period: one month of periods, in period order',
    () => ({
      filter: { periodFrom: { gte: '2025-01-01', lt: '2025-02-01' } },
      orderBy: { field: 'periodFrom' },
    }),
    'commission_payouts_period_from_idx',
  ],
  [
    'commissionPayouts',
    'recorded in one week (payouts are recorded after their period)',
    () => ({ filter: { createdAt: { gte: '2025-02-25T00:00:00Z', lt: '2025-03-04T00:00:00Z' } } }),
    'commission_payouts_created_idx',
  ],
  [
    'commissionPayouts',
    'updatedAt since (sync), UPDATED_AT order',
    () => ({ filter: { updatedAt: { gte: '2026-01-01T00:00:00Z' } }, orderBy: { field: 'updatedAt' } }),
    'commission_payouts_updated_idx',
  ],
  [
    'commissionPayouts',
    'AMOUNT order, descending',
    () => ({ orderBy: { field: 'amount', direction: DESC } }),
    'commission_payouts_amount_idx',
  ],
  [
    'commissionPayouts',
    'PERIOD_FROM order',
    () => ({ orderBy: { field: 'periodFrom' } }),
    'commission_payouts_period_from_idx',
  ],
  ['mdfRequests', 'creation order (default)', () => ({}), 'mdf_requests_created_idx'],
  [
    'mdfRequests',
    'one partner (filter)',
    () => ({ filter: { partnerId: { eq: partnerId } } }),
    'mdf_requests_partner_idx',
  ],
  ['mdfRequests', "a partner user's own (row scope)", () => ({}), OWN_REQUESTS, 'partner'],
  [
    'mdfRequests',
    "a partner's BI sync: updatedAt since, UPDATED_AT order",
    () => ({ filter: { updatedAt: { gte: ago(100_000) } }, orderBy: { field: 'updatedAt' } }),
    OWN_REQUESTS,
    'partner',
  ],
  [
    'mdfRequests',
    'rare status',
    () => ({ filter: { status: { eq: 'REJECTED' } } }),
    'mdf_requests_status_idx',
  ],
  [
    'mdfRequests',
    'the request date: one day',
    () => ({ filter: { createdAt: { gte: ago(3 * 1440), lt: ago(2 * 1440) } } }),
    'mdf_requests_created_idx',
  ],
  [
    'mdfRequests',
    'decided in the last hours',
    () => ({ filter: { reviewedAt: { gte: ago(300) } } }),
    'mdf_requests_reviewed_idx',
  ],
  [
    'mdfRequests',
    'updatedAt since (sync), UPDATED_AT order',
    () => ({ filter: { updatedAt: { gte: ago(300) } }, orderBy: { field: 'updatedAt' } }),
    'mdf_requests_updated_idx',
  ],
  ['mdfRequests', 'activity search', () => ({ search: 'c4ca4238a0b9' }), 'mdf_requests_activity_trgm_idx'],
  [
    'mdfRequests',
    'AMOUNT order, descending',
    () => ({ orderBy: { field: 'amount', direction: DESC } }),
    'mdf_requests_amount_idx',
  ],
  ['mdfClaims', 'creation order (default)', () => ({}), 'mdf_claims_created_idx'],
  ['mdfClaims', 'one partner (filter)', () => ({ filter: { partnerId: { eq: partnerId } } }), OWN_CLAIMS],
  ['mdfClaims', "a partner user's own (row scope)", () => ({}), OWN_CLAIMS, 'partner'],
  [
    'mdfClaims',
    "a partner's BI sync: updatedAt since, UPDATED_AT order",
    () => ({ filter: { updatedAt: { gte: ago(100_000) } }, orderBy: { field: 'updatedAt' } }),
    OWN_CLAIMS,
    'partner',
  ],
  ['mdfClaims', 'rare status', () => ({ filter: { status: { eq: 'REJECTED' } } }), 'mdf_claims_status_idx'],
  [
    'mdfClaims',
    'one request',
    () => ({ filter: { requestId: { eq: requestId } } }),
    'mdf_claims_request_idx',
  ],
  [
    'mdfClaims',
    'paid in the last hours',
    () => ({ filter: { paidAt: { gte: ago(300) } } }),
    'mdf_claims_paid_idx',
  ],
  [
    'mdfClaims',
    'updatedAt since (sync), UPDATED_AT order',
    () => ({ filter: { updatedAt: { gte: ago(300) } }, orderBy: { field: 'updatedAt' } }),
    'mdf_claims_updated_idx',
  ],
  [
    'mdfClaims',
    'PAID_AT order, descending',
    () => ({ orderBy: { field: 'paidAt', direction: DESC } }),
    'mdf_claims_paid_idx',
  ],
];

const anyOf = (index: string | string[]) =>
  Array.isArray(index) ? expect.stringMatching(new RegExp(`^(${index.join('|')})$`)) : index;

test.each(cases)(
  '%s: %s — its index, no sequential scan, bounded rows (second page too)',
  async (...[list, , query, index, who]: Case) => {
    const identity = who === 'partner' ? partner : ADMIN;
    for (const second of [false, true]) {
      const plan = await pagePlan(list, query(), identity, second);
      if (process.env.PLAN_DEBUG) console.log(list, JSON.stringify(plan.shape), plan.sql);
      expect({
        second,
        indexes: plan.indexes,
        seqScans: plan.seqScans,
        bounded: plan.read <= ROWS_BOUND,
      }).toEqual({
        second,
        // The first page reads through the filter's or order's own index; a later one may start
        // from the cursor's keyset position instead, as long as it stays bounded.
        indexes: second ? expect.any(Array) : expect.arrayContaining([anyOf(index)]),
        seqScans: 0,
        bounded: true,
      });
      // Each case selects rows: a plan over an empty first page would prove nothing.
      if (!second) expect(plan.rows).toBeGreaterThan(0);
    }
  },
);
