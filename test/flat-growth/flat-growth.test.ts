import type { DataSource } from 'typeorm';
import { RowScope } from '@sales-graph/shared/access/scope';
import type { RequestContext } from '@sales-graph/shared/context';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import { applyListQuery, SortDirection, type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import {
  cappedCountQuery,
  COUNT_CAP,
  loadChildConnections,
  paginate,
  type Connection,
} from '@sales-graph/shared/graphql/pagination';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { CRM_SCOPE } from '../../subgraphs/customers/src/access/scope';
import { createCustomersDataSource } from '../../subgraphs/customers/src/datasource';
import { Deal } from '../../subgraphs/customers/src/deals/deal.entity';
import { DEAL_SEARCH, DealFilter } from '../../subgraphs/customers/src/deals/deal.filter';
import { TimelineEntryType } from '../../subgraphs/customers/src/timeline/timeline.entry';
import { timelineSql } from '../../subgraphs/customers/src/timeline/timeline.service';
import { as, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * Flat growth (issue 11, item 5). A list page costs one statement; its count a second one only
 * when the client selects `totalCount` / `totalCountIsExact`, and that count reads at most
 * COUNT_CAP + 1 rows however large the filtered set is. The timeline's campaign touches read
 * campaign_members through its contact and lead indexes, never the whole table. Counts of
 * statements through the gateway; plans (EXPLAIN, and EXPLAIN ANALYZE for the rows the count
 * reads) on generated data.
 */
const { admin: ADMIN } = as;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}
function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}
async function explain(
  ds: DataSource,
  sql: string,
  parameters: unknown[],
  analyze = false,
): Promise<PlanNode[]> {
  const [row] = (await ds.query(`EXPLAIN (FORMAT JSON${analyze ? ', ANALYZE' : ''}) ${sql}`, parameters)) as {
    'QUERY PLAN': [{ Plan: PlanNode }] | string;
  }[];
  const raw = row['QUERY PLAN'];
  return nodes(((typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }])[0].Plan);
}
const seqScans = (plan: PlanNode[]) =>
  plan.filter((node) => node['Node Type'] === 'Seq Scan').map((node) => node['Relation Name']);
const indexesOf = (plan: PlanNode[]) =>
  plan.filter((node) => /Index/.test(node['Node Type'])).map((node) => node['Index Name']);

/** The statements `run` sends on `ds`, with their parameters. */
async function capture<R>(
  ds: DataSource,
  run: () => Promise<R>,
): Promise<{ result: R; sql: { sql: string; parameters: unknown[] }[] }> {
  const logger = statementCounter(ds);
  const sql: { sql: string; parameters: unknown[] }[] = [];
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (text: string, parameters?: unknown[]) => {
    sql.push({ sql: text, parameters: parameters ?? [] });
    original(text);
  };
  try {
    return { result: await run(), sql };
  } finally {
    logger.logQuery = original;
  }
}

describe('through the gateway: the count runs only when selected', () => {
  let graph: TestGraph;
  let customerId: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    const [customer] = (await graph.crm.query(
      `INSERT INTO crm.customers (name, lifecycle_stage) VALUES ('Flat Growth GmbH', 'CUSTOMER') RETURNING id`,
    )) as { id: string }[];
    customerId = customer.id;
    await graph.crm.query(
      `INSERT INTO crm.deals (title, amount, currency, stage, customer_id)
       SELECT 'Deal ' || g, g * 100, 'EUR', CASE WHEN g <= 3 THEN 'PROSPECTING' ELSE 'CLOSED_WON' END, $1
       FROM generate_series(1, 5) g`,
      [customerId],
    );
  });
  afterAll(async () => {
    await graph?.stop();
  });

  async function cost<T>(query: string): Promise<{ data: T; statements: number }> {
    const counter = statementCounter(graph.crm);
    counter.record();
    const response = await graph.query<T>(query, { id: customerId });
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return { data: response.data!, statements: counter.count };
  }

  const LIST = `deals(first: 50, filter: { stageIs: { in: [PROSPECTING] } }, orderBy: { field: AMOUNT, direction: DESC })`;

  test('a filtered, ordered root list without totalCount is one statement; with it, two (exact on small data)', async () => {
    const without = await cost<{ deals: { edges: { node: { amount: string } }[] } }>(
      `{ ${LIST} { edges { node { amount } } pageInfo { hasNextPage } } }`,
    );
    expect(without.data.deals.edges.map((edge) => edge.node.amount)).toEqual(['300.00', '200.00', '100.00']);
    expect(without.statements).toBe(1);

    const withCount = await cost<{ deals: { totalCount: number; totalCountIsExact: boolean } }>(
      `{ ${LIST} { totalCount totalCountIsExact edges { node { amount } } } }`,
    );
    expect(withCount.data.deals).toMatchObject({ totalCount: 3, totalCountIsExact: true });
    expect(withCount.statements).toBe(2);

    // Aliases and both count fields share one count statement.
    const aliased = await cost<{ deals: { a: number; b: number; totalCountIsExact: boolean } }>(
      `{ ${LIST} { a: totalCount b: totalCount totalCountIsExact } }`,
    );
    expect(aliased.data.deals).toEqual({ a: 3, b: 3, totalCountIsExact: true });
    expect(aliased.statements).toBe(2);
  });

  test('a nested list (Customer.deals) counts only when selected', async () => {
    const without = await cost<{ customer: { deals: { edges: unknown[] } } }>(
      `query($id: ID!) { customer(id: $id) { name deals(first: 2) { edges { node { title } } } } }`,
    );
    expect(without.data.customer.deals.edges).toHaveLength(2);
    const withCount = await cost<{ customer: { deals: { totalCount: number; totalCountIsExact: boolean } } }>(
      `query($id: ID!) { customer(id: $id) { name deals(first: 2) { totalCount totalCountIsExact edges { node { title } } } } }`,
    );
    expect(withCount.data.customer.deals).toMatchObject({ totalCount: 5, totalCountIsExact: true });
    expect(withCount.statements).toBe(without.statements + 1);
  });
});

describe('on generated data: bounded counts and index plans', () => {
  let db: TestDatabase;
  let crm: DataSource;
  let big: string;
  let small: string;
  let touched: string;

  beforeAll(async () => {
    db = await createTestDatabase('flat_growth', { migrated: 'customers' });
    crm = await createCustomersDataSource(db.url, db.poolMax).initialize();
    // Generating on one connection without the request statement timeout (a loaded machine).
    const seed = crm.createQueryRunner();
    await seed.query('SET statement_timeout = 0');
    // 2,000 customers; 12,500 PROSPECTING deals of one customer (more than the cap), 3 CLOSED_WON of
    // another, 40,000 more in three other stages spread over the rest; contacts and leads of every customer, each with
    // campaign memberships (8,000 in all).
    await seed.query(
      `INSERT INTO crm.customers (name, lifecycle_stage) SELECT 'Customer ' || g, 'CUSTOMER' FROM generate_series(1, 2000) g`,
    );
    const ids = ((await seed.query(`SELECT id FROM crm.customers ORDER BY name`)) as { id: string }[]).map(
      (row) => row.id,
    );
    [big, small, touched] = [ids[0], ids[1], ids[2]];
    await seed.query(
      `INSERT INTO crm.deals (title, amount, currency, stage, customer_id)
       SELECT 'Big ' || g, g, 'EUR', 'PROSPECTING', $1 FROM generate_series(1, 12500) g`,
      [big],
    );
    await seed.query(
      `INSERT INTO crm.deals (title, amount, currency, stage, customer_id)
       SELECT 'Small ' || g, g, 'EUR', 'CLOSED_WON', $1 FROM generate_series(1, 3) g`,
      [small],
    );
    await seed.query(
      `INSERT INTO crm.deals (title, amount, currency, stage, customer_id)
       SELECT 'Other ' || g, g, 'EUR', (ARRAY['NEGOTIATION','PROPOSAL','QUALIFICATION'])[1 + g % 3], c.ids[1 + 3 + g % 1997]
       FROM generate_series(1, 40000) g, (SELECT array_agg(id ORDER BY name) AS ids FROM crm.customers) c`,
    );
    await seed.query(`INSERT INTO crm.contacts (customer_id, first_name, last_name)
      SELECT c.id, 'First', 'Last ' || g FROM crm.customers c, generate_series(1, 2) g`);
    await seed.query(`INSERT INTO crm.leads (name, source, status, customer_id)
      SELECT 'Lead ' || g, 'WEB', 'NEW', c.id FROM crm.customers c, generate_series(1, 2) g`);
    await seed.query(`INSERT INTO crm.campaigns (name, channel, status)
      SELECT 'Campaign ' || g, 'EMAIL', 'ACTIVE' FROM generate_series(1, 2) g`);
    await seed.query(`INSERT INTO crm.campaign_members (campaign_id, contact_id, status)
      SELECT cp.id, ct.id, 'ENROLLED' FROM crm.campaigns cp, crm.contacts ct`);
    await seed.query(`INSERT INTO crm.campaign_members (campaign_id, lead_id, status, responded_at)
      SELECT cp.id, l.id, 'RESPONDED', now() FROM crm.campaigns cp, crm.leads l`);
    await seed.query(
      `VACUUM ANALYZE crm.customers, crm.deals, crm.contacts, crm.leads, crm.campaign_members`,
    );
    await seed.query('RESET statement_timeout');
    await seed.release();
  });
  afterAll(async () => {
    await crm?.destroy();
    await db?.drop();
  });

  const scope = () => new RowScope({ identity: ADMIN, dataSource: crm } as RequestContext, CRM_SCOPE);
  const list = { typeName: 'Deal', filterType: DealFilter, searchIn: DEAL_SEARCH };
  async function dealsQuery(args: ListQueryArgs) {
    const repo = crm.getRepository(Deal);
    const qb = repo.createQueryBuilder('deal');
    const sort = applyListQuery(qb, ADMIN, list, args);
    return { repo, qb: await scope().where(qb), sort };
  }
  const counted = async <T>(connection: Connection<T>) => ({
    totalCount: await connection.totalCount,
    totalCountIsExact: await connection.totalCountIsExact,
  });

  test('a root list larger than the cap answers the cap, not exact; a small one exactly', async () => {
    const large = await dealsQuery({ filter: { stageIs: { in: ['PROSPECTING'] } } });
    const page = await capture(crm, () => paginate(large.repo, large.qb, { first: 50 }, large.sort));
    expect(page.result.edges).toHaveLength(50);
    expect(page.sql).toHaveLength(1); // the page only, until a count is read
    const count = await capture(crm, () => counted(page.result));
    expect(count.result).toEqual({ totalCount: COUNT_CAP, totalCountIsExact: false });
    expect(count.sql).toHaveLength(1);

    const few = await dealsQuery({ filter: { stageIs: { in: ['CLOSED_WON'] } } });
    const exact = await paginate(few.repo, few.qb, { first: 2 }, few.sort);
    expect(await counted(exact)).toEqual({ totalCount: 3, totalCountIsExact: true });
  });

  test('the count statement of a large filtered list reads at most cap + 1 rows, by index', async () => {
    const large = await dealsQuery({
      filter: { stageIs: { in: ['PROSPECTING'] } },
      orderBy: { field: 'amount', direction: SortDirection.DESC },
    });
    const [sql, parameters] = cappedCountQuery(large.qb);
    const plan = await explain(crm, sql, parameters, true);
    expect(seqScans(plan)).toEqual([]);
    expect(plan.some((node) => node['Node Type'] === 'Limit')).toBe(true);
    const scans = plan.filter((node) => node['Relation Name'] === 'deals');
    expect(scans.length).toBeGreaterThan(0);
    expect(indexesOf(plan)).toContain('deals_stage_idx');
    for (const scan of scans) {
      const read = scan['Actual Rows']! * scan['Actual Loops']! + (scan['Rows Removed by Filter'] ?? 0);
      expect(read).toBeLessThanOrEqual(COUNT_CAP + 1);
    }
  });

  test('nested lists: one page statement; counts per parent bounded the same way, only when read', async () => {
    const repo = crm.getRepository(Deal);
    const pages = await capture(crm, () =>
      loadChildConnections(repo, {
        parentProperty: 'customerId',
        parentIds: [big, small],
        args: { first: 5 },
        scope: null,
      }),
    );
    expect(pages.sql).toHaveLength(1);
    const counts = await capture(crm, async () => ({
      big: await counted(pages.result.get(big)!),
      small: await counted(pages.result.get(small)!),
    }));
    expect(counts.result).toEqual({
      big: { totalCount: COUNT_CAP, totalCountIsExact: false },
      small: { totalCount: 3, totalCountIsExact: true },
    });
    expect(counts.sql).toHaveLength(1); // one statement for every parent's count
    const plan = await explain(crm, counts.sql[0].sql, counts.sql[0].parameters, true);
    expect(seqScans(plan)).toEqual([]);
    const scans = plan.filter((node) => node['Relation Name'] === 'deals');
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) {
      // per parent at most cap + 1 rows read, however many the parent has
      expect(scan['Actual Rows']! + (scan['Rows Removed by Filter'] ?? 0)).toBeLessThanOrEqual(COUNT_CAP + 1);
    }
  });

  test('the timeline reads campaign_members through its contact and lead indexes, and finds every touch once', async () => {
    const sql = timelineSql(Object.values(TimelineEntryType), 21, false);
    const plan = await explain(crm, sql, [[touched]]);
    expect(seqScans(plan)).not.toContain('campaign_members');
    expect(indexesOf(plan)).toEqual(
      expect.arrayContaining(['campaign_members_contact_idx', 'campaign_members_lead_idx']),
    );
    const rows = (await crm.query(timelineSql([TimelineEntryType.CAMPAIGN_TOUCH], 21, false), [
      [touched],
    ])) as {
      id: string;
      total: number;
      detail: string;
    }[];
    // 2 contacts × 2 campaigns enrolled; 2 leads × 2 campaigns enrolled and responded.
    expect(rows[0].total).toBe(12);
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((row) => row.id)).size).toBe(12);
    expect(rows.filter((row) => row.detail === 'RESPONDED')).toHaveLength(4);
  });
});
