import { createHash } from 'node:crypto';
import type { ClassType } from 'type-graphql';
import type { DataSource, ObjectLiteral, Repository } from 'typeorm';
import { RowScope } from '@sales-graph/shared/access/scope';
import type { RequestContext } from '@sales-graph/shared/context';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import { applyListQuery, SortDirection, type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { paginate } from '@sales-graph/shared/graphql/pagination';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { Activity } from '../../subgraphs/customers/src/activities/activity.entity';
import { ACTIVITY_SEARCH, ActivityFilter } from '../../subgraphs/customers/src/activities/activity.filter';
import { Customer } from '../../subgraphs/customers/src/customers/customer.entity';
import { CUSTOMER_SEARCH, CustomerFilter } from '../../subgraphs/customers/src/customers/customer.filter';
import { CRM_SCOPE } from '../../subgraphs/customers/src/access/scope';
import { createCustomersDataSource } from '../../subgraphs/customers/src/datasource';
import { Deal } from '../../subgraphs/customers/src/deals/deal.entity';
import { DEAL_SEARCH, DealFilter } from '../../subgraphs/customers/src/deals/deal.filter';
import { Lead } from '../../subgraphs/customers/src/leads/lead.entity';
import { LEAD_SEARCH, LeadFilter } from '../../subgraphs/customers/src/leads/lead.filter';
import { Ticket } from '../../subgraphs/customers/src/tickets/ticket.entity';
import { TICKET_SEARCH, TicketFilter } from '../../subgraphs/customers/src/tickets/ticket.filter';
import { HOUR_MS } from '@sales-graph/shared/time';
import { as } from '../support';

/**
 * Each list filter is served by an index: thousands of rows, ANALYZE, then EXPLAIN of exactly the
 * SQL the list builder generates (as the resolvers build it, for an ADMIN) for a selective filter.
 * The plan must read the table through the expected index (Index / Index Only / Bitmap Index
 * Scan), with no sequential scan, and without `enable_seqscan = off`.
 */
let db: TestDatabase;
let crm: DataSource;
const { admin: ADMIN } = as;

beforeAll(async () => {
  db = await createTestDatabase('crm_list_indexes', { migrated: 'customers' });
  crm = await createCustomersDataSource(db.url, db.poolMax).initialize();
  // 3,000 customers, 5,000 deals, 4,000 each of leads, tickets and activities; text as varied as
  // real names (md5), a rare value of each enum, updated_at spread over days.
  await crm.query(`INSERT INTO crm.customers (name, domain, industry, region, lifecycle_stage, updated_at)
    SELECT 'Company ' || substr(md5(g::text), 1, 10), substr(md5((g * 7)::text), 1, 12) || '.example', 'Industry ' || (g % 40), 'Region ' || (g % 25),
      CASE WHEN g % 100 = 0 THEN 'CHURNED' ELSE 'CUSTOMER' END, now() - make_interval(mins => g)
    FROM generate_series(1, 3000) g`);
  await crm.query(`INSERT INTO crm.deals (title, amount, currency, stage, expected_close_date, owner_id, customer_id, updated_at)
    SELECT 'Deal ' || substr(md5(g::text), 1, 12), (g * 197 % 1000000)::numeric(18,2), 'EUR',
      CASE WHEN g % 100 = 0 THEN 'CLOSED_LOST' ELSE 'PROSPECTING' END,
      DATE '2026-01-01' + (g % 365), 'user:' || (g % 200),
      c.ids[1 + g % 3000], now() - make_interval(mins => g)
    FROM generate_series(1, 5000) g, (SELECT array_agg(id) AS ids FROM crm.customers) c`);
  await crm.query(`INSERT INTO crm.leads (name, company, email, source, status, score, updated_at)
    SELECT 'Lead ' || substr(md5(g::text), 1, 10), 'Co ' || substr(md5((g * 3)::text), 1, 10),
      substr(md5((g * 5)::text), 1, 10) || '@mail.example',
      CASE WHEN g % 100 = 0 THEN 'EVENT' ELSE 'WEB' END, CASE WHEN g % 100 = 0 THEN 'CONVERTED' ELSE 'NEW' END,
      g % 100, now() - make_interval(mins => g)
    FROM generate_series(1, 4000) g`);
  await crm.query(`INSERT INTO crm.tickets (subject, priority, status, opened_at, sla_due_at, customer_id, updated_at)
    SELECT 'Ticket ' || substr(md5(g::text), 1, 12), CASE WHEN g % 100 = 0 THEN 'URGENT' ELSE 'LOW' END, 'OPEN',
      now() - make_interval(hours => g), now() + make_interval(hours => g),
      c.ids[1 + g % 3000], now() - make_interval(mins => g)
    FROM generate_series(1, 4000) g, (SELECT array_agg(id) AS ids FROM crm.customers) c`);
  await crm.query(`INSERT INTO crm.activities (type, subject, occurred_at, owner_id, customer_id, updated_at)
    SELECT CASE WHEN g % 100 = 0 THEN 'MEETING' ELSE 'CALL' END, 'Activity ' || substr(md5(g::text), 1, 12),
      now() - make_interval(hours => g), 'user:' || (g % 200),
      c.ids[1 + g % 3000], now() - make_interval(mins => g)
    FROM generate_series(1, 4000) g, (SELECT array_agg(id) AS ids FROM crm.customers) c`);
  // VACUUM also merges the GIN pending lists (fastupdate) the bulk insert left, as autovacuum would.
  await crm.query(`VACUUM ANALYZE crm.customers, crm.deals, crm.leads, crm.tickets, crm.activities`);
});
afterAll(async () => {
  await crm?.destroy();
  await db?.drop();
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}
function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** The plan of the statement the list builder produces for `args`. */
async function plan<T extends ObjectLiteral>(
  repo: Repository<T>,
  list: ListSpec,
  args: ListQueryArgs,
): Promise<{ indexes: string[]; seqScans: string[]; sql: string }> {
  const qb = repo.createQueryBuilder('e');
  applyListQuery(qb, ADMIN, list, args);
  const [sql, parameters] = qb.getQueryAndParameters();
  const [row] = (await crm.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters)) as {
    'QUERY PLAN': [{ Plan: PlanNode }] | string;
  }[];
  const raw = row['QUERY PLAN'];
  const explained = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
  const all = nodes(explained[0].Plan);
  return {
    sql,
    indexes: all
      .filter((node) => /Index Scan|Index Only Scan|Bitmap Index Scan/.test(node['Node Type']))
      .map((node) => node['Index Name']!),
    seqScans: all.filter((node) => node['Node Type'] === 'Seq Scan').map((node) => node['Relation Name']!),
  };
}

/** Six characters from the middle of md5(n): text as varied as real names, found in ~1 row. */
const fragment = (n: number) => createHash('md5').update(String(n)).digest('hex').slice(2, 8);
const recent = () => new Date(Date.now() - 20 * 60_000);
type ListSpec = { typeName: string; filterType: ClassType; searchIn: readonly string[] };
const lists: Record<string, () => [Repository<ObjectLiteral>, ListSpec]> = {
  deals: () => [crm.getRepository(Deal), { typeName: 'Deal', filterType: DealFilter, searchIn: DEAL_SEARCH }],
  customers: () => [
    crm.getRepository(Customer),
    { typeName: 'Customer', filterType: CustomerFilter, searchIn: CUSTOMER_SEARCH },
  ],
  leads: () => [crm.getRepository(Lead), { typeName: 'Lead', filterType: LeadFilter, searchIn: LEAD_SEARCH }],
  tickets: () => [
    crm.getRepository(Ticket),
    { typeName: 'Ticket', filterType: TicketFilter, searchIn: TICKET_SEARCH },
  ],
  activities: () => [
    crm.getRepository(Activity),
    { typeName: 'Activity', filterType: ActivityFilter, searchIn: ACTIVITY_SEARCH },
  ],
};

const cases: [string, string, () => ListQueryArgs, string[]][] = [
  ['deals', 'amount range', () => ({ filter: { amount: { gte: '999000.00' } } }), ['deals_amount_idx']],
  [
    'deals',
    'title contains',
    () => ({ filter: { title: { contains: fragment(4321) } } }),
    ['deals_title_trgm_idx'],
  ],
  ['deals', 'search', () => ({ search: fragment(4321).toUpperCase() }), ['deals_title_trgm_idx']],
  ['deals', 'rare stage', () => ({ filter: { stageIs: { in: ['CLOSED_LOST'] } } }), ['deals_stage_idx']],
  [
    'deals',
    'updatedAt since (sync)',
    () => ({ filter: { updatedAt: { gte: recent() } } }),
    ['deals_updated_idx'],
  ],
  [
    'deals',
    'close date range',
    () => ({ filter: { expectedCloseDate: { gte: '2026-03-01', lte: '2026-03-02' } } }),
    ['deals_close_date_idx'],
  ],
  ['deals', 'owner', () => ({ filter: { ownerId: { eq: 'user:7' } } }), ['deals_owner_idx']],
  [
    'deals',
    'an or of two indexed conditions',
    () => ({ filter: { or: [{ amount: { gte: '999000.00' } }, { title: { contains: fragment(4321) } }] } }),
    ['deals_amount_idx', 'deals_title_trgm_idx'],
  ],
  ['customers', 'search name or domain', () => ({ search: fragment(1234 * 7) }), ['customers_text_trgm_idx']],
  [
    'customers',
    'search a whole name (by its words)',
    () => ({ search: `Company ${createHash('md5').update('77').digest('hex').slice(0, 10)}` }),
    ['customers_text_words_idx'],
  ],
  [
    'customers',
    'name equals',
    () => ({
      filter: { name: { eq: `Company ${createHash('md5').update('77').digest('hex').slice(0, 10)}` } },
    }),
    ['customers_name_idx'],
  ],
  [
    'customers',
    'rare lifecycle stage',
    () => ({ filter: { lifecycleStage: { eq: 'CHURNED' } } }),
    ['customers_lifecycle_idx'],
  ],
  [
    'customers',
    'updatedAt since (sync)',
    () => ({ filter: { updatedAt: { gt: recent() } } }),
    ['customers_updated_idx'],
  ],
  ['leads', 'top scores', () => ({ filter: { score: { gte: 99 } } }), ['leads_score_idx']],
  ['leads', 'search', () => ({ search: fragment(1234 * 5) }), ['leads_text_trgm_idx']],
  ['leads', 'rare status', () => ({ filter: { status: 'CONVERTED' } }), ['leads_status_idx']],
  [
    'tickets',
    'subject contains',
    () => ({ filter: { subject: { contains: fragment(3210) } } }),
    ['tickets_subject_trgm_idx'],
  ],
  [
    'tickets',
    'rare priority',
    () => ({ filter: { priorityIs: { eq: 'URGENT' } } }),
    ['tickets_priority_idx'],
  ],
  [
    'tickets',
    'SLA due soon',
    () => ({ filter: { slaDueAt: { lt: new Date(Date.now() + 10 * HOUR_MS) } } }),
    ['tickets_sla_due_idx'],
  ],
  ['activities', 'search', () => ({ search: fragment(3210) }), ['activities_subject_trgm_idx']],
  ['activities', 'rare type', () => ({ filter: { typeIs: { eq: 'MEETING' } } }), ['activities_type_idx']],
  [
    'activities',
    'occurred in the last hours',
    () => ({ filter: { occurredAt: { gte: new Date(Date.now() - 10 * HOUR_MS) } } }),
    ['activities_occurred_idx'],
  ],
  [
    'activities',
    'updatedSince (sync)',
    () => ({ filter: { updatedSince: recent() } }),
    ['activities_updated_idx'],
  ],
];

test.each(cases)('%s: %s', async (list, _label, args, expected) => {
  const [repo, spec] = lists[list]();
  const result = await plan(repo, spec, args());
  expect({ indexes: result.indexes, seqScans: result.seqScans }).toEqual({
    indexes: expect.arrayContaining(expected),
    seqScans: [],
  });
});

/** The statements `paginate` sends for one page, with their parameters. */
async function pageStatements<T extends ObjectLiteral>(
  repo: Repository<T>,
  list: ListSpec,
  args: ListQueryArgs,
  after: boolean,
): Promise<{ sql: string; parameters: unknown[] }[]> {
  const run = async (cursor: string | null) => {
    const qb = repo.createQueryBuilder('e');
    const sort = applyListQuery(qb, ADMIN, list, args);
    // As the resolvers do: through the caller's row scope (ADMIN: every row).
    const scope = new RowScope({ identity: ADMIN, dataSource: crm } as RequestContext, CRM_SCOPE);
    return paginate(repo, await scope.where(qb), { first: 20, after: cursor }, sort);
  };
  const cursor = after ? (await run(null)).pageInfo.endCursor : null;
  const logger = statementCounter(crm);
  const captured: { sql: string; parameters: unknown[] }[] = [];
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (sql: string, parameters?: unknown[]) => {
    captured.push({ sql, parameters: parameters ?? [] });
    original(sql);
  };
  try {
    await run(cursor);
  } finally {
    logger.logQuery = original;
  }
  return captured;
}

test.each([
  [
    'deals by AMOUNT DESC, second page',
    'deals',
    { orderBy: { field: 'amount', direction: SortDirection.DESC } },
    'deals_amount_idx',
  ],
  [
    'deals changed since a mark, UPDATED_AT ASC, second page (BI sync)',
    'deals',
    { filter: { updatedAt: { gte: new Date(Date.now() - 3 * HOUR_MS) } }, orderBy: { field: 'updatedAt' } },
    'deals_updated_idx',
  ],
  [
    'deals by EXPECTED_CLOSE_DATE (nullable), second page',
    'deals',
    { orderBy: { field: 'expectedCloseDate' } },
    'deals_close_date_idx',
  ],
  ['customers by NAME, second page', 'customers', { orderBy: { field: 'name' } }, 'customers_name_idx'],
  [
    'leads by SCORE DESC, second page',
    'leads',
    { orderBy: { field: 'score', direction: SortDirection.DESC } },
    'leads_score_idx',
  ],
  [
    'tickets by SLA_DUE_AT, second page',
    'tickets',
    { orderBy: { field: 'slaDueAt' } },
    'tickets_sla_due_idx',
  ],
] as [string, string, ListQueryArgs, string][])(
  'keyset page: %s reads the (column, id) index in order',
  async (_label, list, args, index) => {
    const [repo, spec] = lists[list]();
    const statements = await pageStatements(repo, spec, args, true);
    const page = statements.find((statement) => /LIMIT 21/.test(statement.sql))!;
    expect(page.sql).toMatch(/\) [<>] \(\$\d+::\w+, \$\d+::uuid\)/); // the keyset condition is there
    const [row] = (await crm.query(`EXPLAIN (FORMAT JSON) ${page.sql}`, page.parameters)) as {
      'QUERY PLAN': [{ Plan: PlanNode }] | string;
    }[];
    const raw = row['QUERY PLAN'];
    const explained = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
    const all = nodes(explained[0].Plan);
    expect(
      all
        .filter((node) => /Index Scan|Index Only Scan/.test(node['Node Type']))
        .map((node) => node['Index Name']),
    ).toContain(index);
    // Read in index order: no sort of the whole filtered set.
    expect(all.map((node) => node['Node Type'])).not.toContain('Sort');
  },
);
