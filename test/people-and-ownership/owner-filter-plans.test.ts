import type { ClassType } from 'type-graphql';
import type { DataSource, ObjectLiteral, Repository } from 'typeorm';
import { applyListQuery, type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { planNodes, type PlanNode } from '../support/list-plans';
import { as } from '../support';
import { Activity } from '../../subgraphs/customers/src/activities/activity.entity';
import { ACTIVITY_SEARCH, ActivityFilter } from '../../subgraphs/customers/src/activities/activity.filter';
import { Customer } from '../../subgraphs/customers/src/customers/customer.entity';
import { CUSTOMER_SEARCH, CustomerFilter } from '../../subgraphs/customers/src/customers/customer.filter';
import { createCustomersDataSource } from '../../subgraphs/customers/src/datasource';
import { Deal } from '../../subgraphs/customers/src/deals/deal.entity';
import { DEAL_SEARCH, DealFilter } from '../../subgraphs/customers/src/deals/deal.filter';
import { Lead } from '../../subgraphs/customers/src/leads/lead.entity';
import { LEAD_SEARCH, LeadFilter } from '../../subgraphs/customers/src/leads/lead.filter';
import { Ticket } from '../../subgraphs/customers/src/tickets/ticket.entity';
import { TICKET_SEARCH, TicketFilter } from '../../subgraphs/customers/src/tickets/ticket.filter';

/**
 * The owner filters (`ownerId`, and `teamId`: the owner is a member of the team) of the five owned
 * lists are served by an owner index on generated data: 1,000 users in teams of 5, 5,000
 * to 20,000 records per list; the EXPLAIN of exactly the SQL the list builder makes reads the record table
 * through an index, never sequentially.
 */
let db: TestDatabase;
let crm: DataSource;
let teamId: string;

beforeAll(async () => {
  db = await createTestDatabase('owner_filter_plans', { migrated: 'customers' });
  crm = await createCustomersDataSource(db.url, db.poolMax).initialize();
  const owner = `'user:' || (g % 1000)`;
  const customers = `JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM crm.customers) c ON c.n = 1 + g % 5000`;
  // Bulk set-up in one transaction, without the service's statement timeout.
  await crm.transaction(async (m) => {
    await m.query(`SET LOCAL statement_timeout = 0`);
    await m.query(`INSERT INTO crm.teams (name) SELECT 'Team ' || g FROM generate_series(1, 200) g`);
    await m.query(`INSERT INTO crm.users (sub, name, role, team_id)
      SELECT 'user:' || g, 'User ' || g, 'SALES', t.ids[1 + g % 200]
      FROM generate_series(0, 999) g, (SELECT array_agg(id ORDER BY name) AS ids FROM crm.teams) t`);
    await m.query(`INSERT INTO crm.customers (name, region, lifecycle_stage, owner_id)
      SELECT 'Company ' || g, 'EMEA', 'CUSTOMER', ${owner} FROM generate_series(1, 5000) g`);
    await m.query(`INSERT INTO crm.deals (title, amount, currency, stage, owner_id, customer_id)
      SELECT 'Deal ' || g, 100, 'EUR', 'PROSPECTING', ${owner}, c.id FROM generate_series(1, 20000) g ${customers}`);
    await m.query(`INSERT INTO crm.leads (name, source, status, score, owner_id)
      SELECT 'Lead ' || g, 'WEB', 'NEW', 1, ${owner} FROM generate_series(1, 10000) g`);
    await m.query(`INSERT INTO crm.tickets (subject, priority, status, opened_at, sla_due_at, customer_id, owner_id)
      SELECT 'Ticket ' || g, 'LOW', 'OPEN', now(), now(), c.id, ${owner} FROM generate_series(1, 10000) g ${customers}`);
    await m.query(`INSERT INTO crm.activities (type, subject, occurred_at, owner_id, customer_id)
      SELECT 'CALL', 'Activity ' || g, now(), ${owner}, c.id FROM generate_series(1, 10000) g ${customers}`);
  });
  [{ id: teamId }] = await crm.query(`SELECT id FROM crm.teams ORDER BY name LIMIT 1`);
  await crm.query(
    `VACUUM ANALYZE crm.users, crm.teams, crm.customers, crm.deals, crm.leads, crm.tickets, crm.activities`,
  );
});
afterAll(async () => {
  await crm?.destroy();
  await db?.drop();
});

type ListSpec = { typeName: string; filterType: ClassType; searchIn: readonly string[] };
const lists: Record<string, () => [Repository<ObjectLiteral>, ListSpec, string]> = {
  deals: () => [
    crm.getRepository(Deal),
    { typeName: 'Deal', filterType: DealFilter, searchIn: DEAL_SEARCH },
    'deals',
  ],
  customers: () => [
    crm.getRepository(Customer),
    { typeName: 'Customer', filterType: CustomerFilter, searchIn: CUSTOMER_SEARCH },
    'customers',
  ],
  leads: () => [
    crm.getRepository(Lead),
    { typeName: 'Lead', filterType: LeadFilter, searchIn: LEAD_SEARCH },
    'leads',
  ],
  tickets: () => [
    crm.getRepository(Ticket),
    { typeName: 'Ticket', filterType: TicketFilter, searchIn: TICKET_SEARCH },
    'tickets',
  ],
  activities: () => [
    crm.getRepository(Activity),
    { typeName: 'Activity', filterType: ActivityFilter, searchIn: ACTIVITY_SEARCH },
    'activities',
  ],
};

async function plan(repo: Repository<ObjectLiteral>, list: ListSpec, args: ListQueryArgs) {
  const qb = repo.createQueryBuilder('e');
  applyListQuery(qb, as.admin, list, args);
  qb.limit(21);
  const [sql, parameters] = qb.getQueryAndParameters();
  const [row] = (await crm.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters)) as {
    'QUERY PLAN': [{ Plan: PlanNode }] | string;
  }[];
  const raw = row['QUERY PLAN'];
  const all = planNodes(((typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }])[0].Plan);
  return {
    indexes: all
      .filter((n) => /Index Scan|Index Only Scan|Bitmap Index Scan/.test(n['Node Type']))
      .map((n) => n['Index Name']!),
    seqScans: all.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']!),
  };
}

const OWNER_INDEX: Record<string, string> = {
  deals: 'deals_owner_idx',
  activities: 'activities_owner_idx',
  customers: 'customers_owner_created_idx',
  leads: 'leads_owner_created_idx',
  tickets: 'tickets_owner_created_idx',
};

test.each(Object.keys(lists))('%s: by owner, through its owner index', async (name) => {
  const [repo, spec, table] = lists[name]();
  const result = await plan(repo, spec, { filter: { ownerId: { eq: 'user:7' } } });
  expect(result.indexes).toContain(OWNER_INDEX[name]);
  expect(result.seqScans).not.toContain(table);
});

test.each(Object.keys(lists))("%s: by the owner's team, through the owner index", async (name) => {
  const [repo, spec, table] = lists[name]();
  const result = await plan(repo, spec, { filter: { teamId: { eq: teamId } } });
  expect(result.seqScans).not.toContain(table);
  expect(result.indexes).toContain(OWNER_INDEX[name]);
});
