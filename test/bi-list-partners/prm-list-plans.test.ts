import { createHash } from 'node:crypto';
import type { DataSource, ObjectLiteral, Repository } from 'typeorm';
import { RowScope } from '@sales-graph/shared/access/scope';
import type { Identity } from '@sales-graph/shared/auth/identity';
import type { RequestContext } from '@sales-graph/shared/context';
import { applyListQuery, SortDirection, type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { paginate } from '@sales-graph/shared/graphql/pagination';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { capturePage, explainNodes, rowsRead } from '../support/list-plans';
import { PRM_SCOPE } from '../../subgraphs/partners/src/access/scope';
import { createPartnersDataSource } from '../../subgraphs/partners/src/datasource';
import { LeadOffer } from '../../subgraphs/partners/src/lead-sharing/lead-sharing.entity';
import { LEAD_OFFER_LIST } from '../../subgraphs/partners/src/lead-sharing/lead-sharing.filter';
import { DealRegistration } from '../../subgraphs/partners/src/registrations/registration.entity';
import { DEAL_REGISTRATION_LIST } from '../../subgraphs/partners/src/registrations/registration.filter';

/**
 * Plan proofs for the PRM lists on tables that grow (deal registrations, lead offers), in the
 * style of test/scale-plans: 50,000 of each over 300 partners, VACUUM ANALYZE, then every filter
 * and order this branch added is run through exactly the list builder the services use
 * (`applyListQuery`, the caller's row scope, `paginate`), as ADMIN and as a partner user, and the
 * page statement it sent is EXPLAIN ANALYZEd: it must read the table through the index meant for
 * it, never sequentially, and read no more than ROWS_BOUND rows (what a page reads must not grow
 * with the table). Counts are lazy (not run for a page) and capped (see test/scale-plans).
 */
const ROWS = 50_000;
const PARTNERS = 300;
const ROWS_BOUND = 1_000;
const BIG_TABLES = new Set(['deal_registrations', 'lead_offers']);

let db: TestDatabase;
let prm: DataSource;
let partnerIds: string[];
const ADMIN: Identity = { sub: 'user:admin', role: 'ADMIN' };
const partner = (index: number): Identity => ({
  sub: 'user:partner',
  role: 'PARTNER',
  partnerId: partnerIds[index],
});

beforeAll(async () => {
  db = await createTestDatabase('prm_list_plans', { migrated: 'partners' });
  prm = await createPartnersDataSource(db.url, db.poolMax).initialize();
  await prm.query(`INSERT INTO prm.partners (name, type, tier, status, region, name_key)
    SELECT 'Partner ' || g, 'RESELLER', 'SILVER', 'ACTIVE', 'Region ' || (g % 7), 'partner ' || g
    FROM generate_series(1, ${PARTNERS}) g`);
  partnerIds = ((await prm.query(`SELECT id FROM prm.partners ORDER BY name_key`)) as { id: string }[]).map(
    (row) => row.id,
  );
  // Text as varied as real names (md5); 1% of rows in a rare status; stamps spread over weeks.
  // One transaction without the service's statement timeout: a bulk load, not a request.
  await prm.transaction(async (manager) => {
    await manager.query(`SET LOCAL statement_timeout = 0`);
    await manager.query(`INSERT INTO prm.deal_registrations (partner_id, prospect_company_name, prospect_company_key,
      prospect_domain, estimated_amount, currency, expected_close_date, status, submitted_at, decided_at,
      created_at, updated_at)
    SELECT p.ids[1 + g % ${PARTNERS}], 'Company ' || substr(md5(g::text), 1, 10), 'company ' || g,
      substr(md5((g * 7)::text), 1, 12) || '.example', (1 + g * 197 % 1000000)::numeric(18,2), 'EUR',
      DATE '2026-06-01' + (g % 365),
      CASE WHEN g % 100 = 0 THEN 'WITHDRAWN' ELSE 'SUBMITTED' END,
      now() - make_interval(mins => g), CASE WHEN g % 3 = 0 THEN now() - make_interval(mins => g / 2) END,
      now() - make_interval(mins => g * 2), now() - make_interval(mins => g)
    FROM generate_series(1, ${ROWS}) g, (SELECT array_agg(id ORDER BY name_key) AS ids FROM prm.partners) p`);
    await manager.query(`INSERT INTO prm.lead_offers (lead_id, partner_id, status, offered_at, respond_by, responded_at,
      offered_by, created_at, updated_at)
    SELECT md5(g::text)::uuid, p.ids[1 + g % ${PARTNERS}],
      CASE WHEN g % 100 = 0 THEN 'EXPIRED' ELSE 'ACCEPTED' END,
      now() - make_interval(mins => g), now() - make_interval(mins => g) + interval '48 hours',
      now() - make_interval(mins => g - 30), 'system',
      now() - make_interval(mins => g * 2), now() - make_interval(mins => g)
    FROM generate_series(1, ${ROWS}) g, (SELECT array_agg(id ORDER BY name_key) AS ids FROM prm.partners) p`);
  });
  // VACUUM also merges the GIN pending lists (fastupdate) the bulk insert left, as autovacuum would.
  const runner = prm.createQueryRunner();
  try {
    await runner.query(`SET statement_timeout = 0`);
    await runner.query(`VACUUM ANALYZE prm.partners, prm.deal_registrations, prm.lead_offers`);
    await runner.query(`RESET statement_timeout`);
  } finally {
    await runner.release();
  }
}, 180_000);
afterAll(async () => {
  await prm?.destroy();
  await db?.drop();
});

type ListSpec = typeof DEAL_REGISTRATION_LIST | typeof LEAD_OFFER_LIST;
const lists: Record<string, () => [Repository<ObjectLiteral>, ListSpec]> = {
  registrations: () => [prm.getRepository(DealRegistration), DEAL_REGISTRATION_LIST],
  offers: () => [prm.getRepository(LeadOffer), LEAD_OFFER_LIST],
};

/**
 * The page statement the list sends for `args` as `identity` (the second page when `after`, so
 * the keyset condition is in it), and what its plan read: indexes, sequential scans, and the
 * most rows one scan of a big table read (actual rows × loops, plus rows its filters dropped).
 */
async function pagePlan(
  list: string,
  identity: Identity,
  args: ListQueryArgs,
  after: boolean,
): Promise<{ indexes: string[]; seqScans: string[]; maxRead: number; rows: number }> {
  const [repo, spec] = lists[list]();
  const run = async (cursor: string | null) => {
    const qb = repo.createQueryBuilder('e');
    const sort = applyListQuery(qb, identity, spec, args);
    const scope = new RowScope({ identity, dataSource: prm } as RequestContext, PRM_SCOPE);
    return paginate(repo, await scope.where(qb), { first: 20, after: cursor }, sort);
  };
  const cursor = after ? (await run(null)).pageInfo.endCursor : null;
  const [answer, page] = await capturePage(prm, () => run(cursor));
  const rows = answer.edges.length;
  if (after) expect(page.sql).toMatch(/\) [<>] \(\$\d+::\w+, \$\d+::uuid\)/);
  const all = await explainNodes(prm, page);
  const big = all.filter((node) => BIG_TABLES.has(node['Relation Name'] ?? '') || node['Index Name']);
  return {
    rows,
    indexes: all.filter((node) => node['Index Name']).map((node) => node['Index Name']!),
    seqScans: all.filter((node) => node['Node Type'] === 'Seq Scan').map((node) => node['Relation Name']!),
    maxRead: Math.max(0, ...big.map(rowsRead)),
  };
}

/** Six characters from the middle of md5(n): found in about one company name. */
const fragment = (n: number) => createHash('md5').update(String(n)).digest('hex').slice(2, 8);
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000);

type Case = [string, string, 'admin' | 'partner', () => ListQueryArgs, boolean, string];
const cases: Case[] = [
  // Deal registrations, internal roles.
  [
    'registrations',
    'a rare status',
    'admin',
    () => ({ filter: { statusIs: { eq: 'WITHDRAWN' } } }),
    false,
    'deal_registrations_status_idx',
  ],
  [
    'registrations',
    'one partner',
    'admin',
    () => ({ filter: { partnerIdIs: { eq: partnerIds[7] } } }),
    true,
    'deal_registrations_partner_idx',
  ],
  [
    'registrations',
    'submitted in a period',
    'admin',
    () => ({ filter: { submittedAt: { gte: hoursAgo(300), lt: hoursAgo(299) } } }),
    false,
    'deal_registrations_submitted_idx',
  ],
  [
    'registrations',
    'decided in a period',
    'admin',
    () => ({ filter: { decidedAt: { gte: hoursAgo(200), lt: hoursAgo(199) } } }),
    false,
    'deal_registrations_decided_idx',
  ],
  [
    'registrations',
    'company search',
    'admin',
    () => ({ search: fragment(4321).toUpperCase() }),
    false,
    'deal_registrations_text_trgm_idx',
  ],
  [
    'registrations',
    'changed since a mark, UPDATED_AT (BI sync)',
    'admin',
    () => ({ filter: { updatedAt: { gte: hoursAgo(300) } }, orderBy: { field: 'updatedAt' } }),
    true,
    'deal_registrations_updated_idx',
  ],
  [
    'registrations',
    'ESTIMATED_AMOUNT DESC',
    'admin',
    () => ({ orderBy: { field: 'estimatedAmount', direction: SortDirection.DESC } }),
    true,
    'deal_registrations_amount_idx',
  ],
  [
    'registrations',
    'SUBMITTED_AT',
    'admin',
    () => ({ orderBy: { field: 'submittedAt' } }),
    true,
    'deal_registrations_submitted_idx',
  ],
  [
    'registrations',
    'DECIDED_AT (nullable)',
    'admin',
    () => ({ orderBy: { field: 'decidedAt' } }),
    true,
    'deal_registrations_decided_idx',
  ],
  [
    'registrations',
    'EXPECTED_CLOSE_DATE',
    'admin',
    () => ({ orderBy: { field: 'expectedCloseDate' } }),
    true,
    'deal_registrations_close_date_idx',
  ],
  // Deal registrations, a partner user (its ~170 of 50,000 rows).
  ['registrations', 'its own, default order', 'partner', () => ({}), true, 'deal_registrations_partner_idx'],
  [
    'registrations',
    'its own changes since a mark, UPDATED_AT (sync)',
    'partner',
    () => ({ filter: { updatedAt: { gte: hoursAgo(24 * 30) } }, orderBy: { field: 'updatedAt' } }),
    true,
    'deal_registrations_partner_updated_idx',
  ],
  [
    'registrations',
    'another partner’s id (empty)',
    'partner',
    () => ({ filter: { partnerIdIs: { eq: partnerIds[9] } } }),
    false,
    'deal_registrations_partner_idx',
  ],
  // Lead offers.
  [
    'offers',
    'a rare status',
    'admin',
    () => ({ filter: { statusIs: { eq: 'EXPIRED' } } }),
    true,
    'lead_offers_status_idx',
  ],
  [
    'offers',
    'offered in a period',
    'admin',
    () => ({ filter: { offeredAt: { gte: hoursAgo(300), lt: hoursAgo(299) } } }),
    false,
    'lead_offers_offered_idx',
  ],
  [
    'offers',
    'RESPOND_BY',
    'admin',
    () => ({ orderBy: { field: 'respondBy' } }),
    true,
    'lead_offers_respond_by_idx',
  ],
  [
    'offers',
    'OFFERED_AT DESC',
    'admin',
    () => ({ orderBy: { field: 'offeredAt', direction: SortDirection.DESC } }),
    true,
    'lead_offers_offered_idx',
  ],
  [
    'offers',
    'changed since a mark, UPDATED_AT (BI sync)',
    'admin',
    () => ({ filter: { updatedAt: { gte: hoursAgo(300) } }, orderBy: { field: 'updatedAt' } }),
    true,
    'lead_offers_updated_idx',
  ],
  [
    'offers',
    'one partner in one status',
    'admin',
    () => ({ filter: { partnerIdIs: { eq: partnerIds[3] }, status: 'ACCEPTED' } }),
    true,
    'lead_offers_partner_status_idx',
  ],
  ['offers', 'its own, default order', 'partner', () => ({}), true, 'lead_offers_partner_idx'],
  [
    'offers',
    'its own changes since a mark (sync)',
    'partner',
    () => ({ filter: { updatedAt: { gte: hoursAgo(24 * 30) } }, orderBy: { field: 'updatedAt' } }),
    true,
    'lead_offers_partner_updated_idx',
  ],
];

test.each(cases)('%s: %s (%s)', async (list, _label, who, args, after, index) => {
  const identity = who === 'admin' ? ADMIN : partner(0);
  const plan = await pagePlan(list, identity, args(), after);
  // PLAN_REPORT=1 prints what each page read, for the figures of a report.
  if (process.env.PLAN_REPORT) {
    process.stdout.write(
      `${list}: ${_label} (${who}): ${plan.maxRead} rows read, ${plan.indexes.join(', ')}\n`,
    );
  }
  expect({ seqScans: plan.seqScans, indexes: plan.indexes }).toEqual({
    seqScans: [],
    indexes: expect.arrayContaining([index]),
  });
  expect(plan.maxRead).toBeLessThanOrEqual(ROWS_BOUND);
});

test('not vacuous: the lists answer rows, and a partner none of another partner’s', async () => {
  expect(
    (await pagePlan('registrations', ADMIN, { filter: { statusIs: { eq: 'WITHDRAWN' } } }, false)).rows,
  ).toBe(20);
  expect((await pagePlan('registrations', partner(0), {}, false)).rows).toBe(20);
  const other = { filter: { partnerIdIs: { eq: partnerIds[9] } } };
  expect((await pagePlan('registrations', partner(0), other, false)).rows).toBe(0);
  expect((await pagePlan('offers', partner(0), other, false)).rows).toBe(0);
});
