import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { listAuditLog } from '@sales-graph/shared/audit/audit.service';
import { SortDirection, type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { OutboxResolver } from '@sales-graph/shared/outbox/outbox.resolver';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { listContext, listPagePlan, type ListRun } from '../support/list-plans';
import { CRM_SCOPE } from '../../subgraphs/customers/src/access/scope';
import { listAutomationRules } from '../../subgraphs/customers/src/automation/automation.service';
import { listCampaigns } from '../../subgraphs/customers/src/campaigns/campaign.service';
import { createCustomersDataSource } from '../../subgraphs/customers/src/datasource';
import { PRM_SCOPE } from '../../subgraphs/partners/src/access/scope';
import type { PartnersContext } from '../../subgraphs/partners/src/context.type';
import { createPartnersDataSource } from '../../subgraphs/partners/src/datasource';
import { listMdfBudgets } from '../../subgraphs/partners/src/mdf/mdf.service';
import {
  listCourses,
  listExpiringCertifications,
} from '../../subgraphs/partners/src/training/training.service';

/**
 * Each filter and order of the programme lists is served by an index, proven on generated data
 * (as `test/scale-plans/` does): the list's own service builds the page for one caller, every
 * statement it sends is captured, and the page's plan (EXPLAIN ANALYZE, VACUUM ANALYZEd tables,
 * no `enable_seqscan = off`) must read the table through the expected index, never sequentially,
 * and read a bounded number of rows (what a page reads must not grow with the table). The audit
 * logs and certifications are the tables here that grow with use; the others are generated large
 * enough for the planner to choose as it would on a big one. `PLAN_DEBUG=1` prints each page's plan.
 */
let crmDb: TestDatabase;
let prmDb: TestDatabase;
let crm: DataSource;
let prm: DataSource;
const ADMIN: Identity = { sub: 'user:admin', role: 'ADMIN' };
let partner: Identity;
let partnerId: string;
let courseId: string;
let recordId: string;
/** Rows one scan of the listed table may read (actual rows × loops, plus rows its filter dropped). */
const ROWS_BOUND = 500;

beforeAll(async () => {
  // One after the other: the embedded PostgreSQL (no TEST_DATABASE_URL) starts one instance each.
  crmDb = await createTestDatabase('bi_programs_crm', { migrated: 'customers' });
  prmDb = await createTestDatabase('bi_programs_prm', { migrated: 'partners' });
  crm = await createCustomersDataSource(crmDb.url, crmDb.poolMax).initialize();
  prm = await createPartnersDataSource(prmDb.url, prmDb.poolMax).initialize();
  // Text as varied as real names (md5); a rare value of each enum (1 in 100); times spread out.
  await crm.query(`INSERT INTO crm.campaigns (name, channel, status, starts_at, ends_at, updated_at, created_at)
    SELECT 'Campaign ' || substr(md5(g::text), 1, 12), CASE WHEN g % 100 = 0 THEN 'ADS' ELSE 'EMAIL' END,
      CASE WHEN g % 100 = 1 THEN 'CANCELLED' ELSE 'ACTIVE' END,
      CASE WHEN g % 50 = 0 THEN NULL ELSE now() - make_interval(hours => g) END,
      CASE WHEN g % 50 = 0 THEN NULL ELSE now() - make_interval(hours => g) + interval '7 days' END,
      now() - make_interval(mins => g), now() - make_interval(mins => g * 2)
    FROM generate_series(1, 6000) g`);
  await crm.query(`INSERT INTO crm.automation_rules (name, enabled, trigger_type, to_stage, action_type, owner_id, task_subject, task_due_in_days, updated_at, created_at)
    SELECT 'Rule ' || substr(md5(g::text), 1, 12), g % 100 <> 0,
      CASE WHEN g % 100 = 2 THEN 'DEAL_STAGE_CHANGED' ELSE 'LEAD_CREATED' END,
      CASE WHEN g % 100 = 2 THEN 'CLOSED_WON' END,
      CASE WHEN g % 100 = 3 THEN 'CREATE_TASK' ELSE 'ASSIGN_OWNER' END,
      CASE WHEN g % 100 = 3 THEN NULL ELSE 'user:' || (g % 20) END,
      CASE WHEN g % 100 = 3 THEN 'Call' END, CASE WHEN g % 100 = 3 THEN 1 END,
      now() - make_interval(mins => g), now() - make_interval(mins => g * 2)
    FROM generate_series(1, 5000) g`);
  for (const [db, schema] of [
    [crm, 'crm'],
    [prm, 'prm'],
  ] as const) {
    await db.query(`INSERT INTO ${schema}.audit_log (created_at, actor_sub, actor_role, action, record_type, record_id)
      SELECT now() - make_interval(secs => g), 'user:' || (g % 200), 'SALES',
        CASE WHEN g % 100 = 0 THEN 'DELETE' ELSE 'UPDATE' END,
        CASE WHEN g % 100 = 5 THEN 'Ticket' ELSE (ARRAY['Deal','Lead','Customer','Contact'])[1 + g % 4] END,
        md5(g::text)::uuid
      FROM generate_series(1, 40000) g`);
  }
  await prm.query(`INSERT INTO prm.partners (name, name_key, type, tier, status)
    SELECT 'Partner ' || g, 'partner' || g, 'RESELLER', 'GOLD', 'ACTIVE' FROM generate_series(1, 300) g`);
  await prm.query(`INSERT INTO prm.mdf_budgets (name, period_from, period_to, amount, currency, updated_at, created_at)
    SELECT 'Budget ' || substr(md5(g::text), 1, 12), DATE '2000-01-01' + g, DATE '2000-01-01' + g + 90,
      (g * 197 % 1000000 + 1)::numeric(18,2), CASE WHEN g % 100 = 0 THEN 'USD' ELSE 'EUR' END,
      now() - make_interval(mins => g), now() - make_interval(mins => g * 2)
    FROM generate_series(1, 5000) g`);
  await prm.query(`INSERT INTO prm.courses (title, level, passing_score, updated_at, created_at)
    SELECT 'Course ' || substr(md5(g::text), 1, 12), CASE WHEN g % 100 = 0 THEN 'EXPERT' ELSE 'FOUNDATION' END, 70,
      now() - make_interval(mins => g), now() - make_interval(mins => g * 2)
    FROM generate_series(1, 5000) g`);
  // 30,000 certifications (each from its own passed enrolment) of 300 partners and 5,000 courses,
  // expiring over the next two years.
  await prm.query(`INSERT INTO prm.enrolments (partner_id, course_id, user_email, status, score, completed_at)
    SELECT p.ids[1 + g % 300], c.ids[1 + g % 5000], 'user' || g || '@cert.test', 'PASSED', 90, now()
    FROM generate_series(1, 30000) g, (SELECT array_agg(id ORDER BY name) AS ids FROM prm.partners) p,
      (SELECT array_agg(id ORDER BY title) AS ids FROM prm.courses) c`);
  await prm.query(`INSERT INTO prm.certifications (partner_id, course_id, enrolment_id, user_email, name, issued_at, expires_at, updated_at)
    SELECT e.partner_id, e.course_id, e.id, e.user_email, 'Certified', now() - interval '100 days',
      now() + make_interval(hours => (row_number() OVER (ORDER BY e.id))::int % 17520 + 1), now() - make_interval(mins => (row_number() OVER (ORDER BY e.id))::int)
    FROM prm.enrolments e`);
  // 20,000 outbox messages, 4,000 of them dead letters (20 of a rare topic).
  await prm.query(`INSERT INTO prm.outbox (topic, payload, idempotency_key, attempts, created_at, delivered_at, dead_at)
    SELECT CASE WHEN g % 1000 = 0 THEN 'crm.rare' ELSE 'crm.common' END, '{}', 'k' || g, 1,
      now() - make_interval(mins => g),
      CASE WHEN g % 5 = 0 THEN NULL ELSE now() - make_interval(mins => g) END,
      CASE WHEN g % 5 = 0 THEN now() - make_interval(mins => g) END
    FROM generate_series(1, 20000) g`);
  [{ id: partnerId }] = await prm.query(`SELECT id FROM prm.partners ORDER BY name LIMIT 1`);
  [{ id: courseId }] = await prm.query(`SELECT id FROM prm.courses ORDER BY title LIMIT 1`);
  // A record id of the generated entries that is an RFC 4122 id (as the API's ids are).
  [{ id: recordId }] = await crm.query(
    `SELECT record_id AS id FROM crm.audit_log
      WHERE record_id::text ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
      ORDER BY record_id LIMIT 1`,
  );
  partner = { sub: 'partner-user:1', role: 'PARTNER', partnerId };
  await crm.query(`VACUUM ANALYZE crm.campaigns, crm.automation_rules, crm.audit_log`);
  await prm.query(
    `VACUUM ANALYZE prm.partners, prm.mdf_budgets, prm.courses, prm.enrolments, prm.certifications, prm.audit_log, prm.outbox`,
  );
}, 300_000);
afterAll(async () => {
  await Promise.all([crm?.destroy(), prm?.destroy()]);
  await Promise.all([crmDb?.drop(), prmDb?.drop()]);
});

const outbox = new OutboxResolver();
const LISTS: Record<string, { db: () => DataSource; table: string; run: ListRun<PartnersContext> }> = {
  campaigns: { db: () => crm, table: 'campaigns', run: listCampaigns },
  automationRules: { db: () => crm, table: 'automation_rules', run: listAutomationRules },
  crmAuditLog: { db: () => crm, table: 'audit_log', run: listAuditLog },
  prmAuditLog: { db: () => prm, table: 'audit_log', run: listAuditLog },
  mdfBudgets: { db: () => prm, table: 'mdf_budgets', run: listMdfBudgets },
  courses: { db: () => prm, table: 'courses', run: listCourses },
  expiringCertifications: {
    db: () => prm,
    table: 'certifications',
    run: (ctx, args, query) => listExpiringCertifications(ctx, 60, args, query),
  },
  outboxDeadLetters: {
    db: () => prm,
    table: 'outbox',
    run: (ctx, args, query) =>
      outbox.outboxDeadLetters(args, undefined, query.filter ?? undefined, query.orderBy ?? undefined, ctx),
  },
};

/**
 * The page statement (LIMIT 21) the list sends for `query` (its second page when `second`), and
 * what its plan reads of the list's table.
 */
function pagePlan(list: string, query: ListQueryArgs, identity: Identity, second: boolean) {
  const { db, table, run } = LISTS[list];
  const registry =
    list === 'campaigns' || list === 'automationRules' || list === 'crmAuditLog' ? CRM_SCOPE : PRM_SCOPE;
  const ctx = listContext<PartnersContext>(db(), identity, registry);
  return listPagePlan(db(), table, run, ctx, query, second);
}

const fragment = (n: number) => createHash('md5').update(String(n)).digest('hex').slice(2, 8);
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const DESC = SortDirection.DESC;

type Case = [list: string, label: string, query: () => ListQueryArgs, index: string, who?: 'partner'];
const cases: Case[] = [
  ['campaigns', 'rare status', () => ({ filter: { statusIs: { eq: 'CANCELLED' } } }), 'campaigns_status_idx'],
  ['campaigns', 'rare channel (type)', () => ({ filter: { channel: 'ADS' } }), 'campaigns_channel_idx'],
  ['campaigns', 'name search', () => ({ search: fragment(4321) }), 'campaigns_name_trgm_idx'],
  [
    'campaigns',
    'the period: starting in the last ten hours',
    () => ({ filter: { startsAt: { gte: ago(600) } } }),
    'campaigns_starts_idx',
  ],
  [
    'campaigns',
    'the period: ending within a day',
    () => ({ filter: { endsAt: { gte: ago(-7 * 1440 + 600), lte: ago(-7 * 1440) } } }),
    'campaigns_ends_idx',
  ],
  [
    'campaigns',
    'updatedAt since (sync), UPDATED_AT order',
    () => ({ filter: { updatedAt: { gte: ago(200) } }, orderBy: { field: 'updatedAt' } }),
    'campaigns_updated_idx',
  ],
  ['campaigns', 'NAME order', () => ({ orderBy: { field: 'name' } }), 'campaigns_name_idx'],
  [
    'campaigns',
    'STARTS_AT order, descending',
    () => ({ orderBy: { field: 'startsAt', direction: DESC } }),
    'campaigns_starts_idx',
  ],
  [
    'automationRules',
    'rare trigger',
    () => ({ filter: { trigger: 'DEAL_STAGE_CHANGED' } }),
    'automation_rules_trigger_any_idx',
  ],
  ['automationRules', 'disabled', () => ({ filter: { enabled: false } }), 'automation_rules_enabled_idx'],
  [
    'automationRules',
    'rare action',
    () => ({ filter: { actionIs: { in: ['CREATE_TASK'] } } }),
    'automation_rules_action_idx',
  ],
  ['automationRules', 'name search', () => ({ search: fragment(1234) }), 'automation_rules_name_trgm_idx'],
  ['automationRules', 'NAME order', () => ({ orderBy: { field: 'name' } }), 'automation_rules_name_idx'],
  [
    'automationRules',
    'UPDATED_AT order',
    () => ({ orderBy: { field: 'updatedAt' } }),
    'automation_rules_updated_idx',
  ],
  [
    'crmAuditLog',
    'rare record type, newest first',
    () => ({ filter: { recordType: { eq: 'Ticket' } } }),
    'audit_log_type_created_idx',
  ],
  [
    'crmAuditLog',
    'one record',
    () => ({ filter: { recordId: { eq: recordId } } }),
    'audit_log_record_created_idx',
  ],
  [
    'crmAuditLog',
    'one actor',
    () => ({ filter: { actorSub: { eq: 'user:7' } } }),
    'audit_log_actor_created_idx',
  ],
  [
    'crmAuditLog',
    'rare action',
    () => ({ filter: { action: { eq: 'DELETE' } } }),
    'audit_log_action_created_idx',
  ],
  [
    'prmAuditLog',
    'the last minute',
    () => ({ filter: { createdAt: { gte: ago(1) } } }),
    'audit_log_created_idx',
  ],
  ['prmAuditLog', 'oldest first', () => ({ orderBy: { field: 'createdAt' } }), 'audit_log_created_idx'],
  [
    'mdfBudgets',
    'the period: starting in a week',
    () => ({ filter: { periodFrom: { gte: '2005-01-01', lt: '2005-01-08' } } }),
    'mdf_budgets_period_from_idx',
  ],
  [
    'mdfBudgets',
    'the period: ending in a week',
    () => ({ filter: { periodTo: { gte: '2005-01-01', lt: '2005-01-08' } } }),
    'mdf_budgets_period_to_idx',
  ],
  [
    'mdfBudgets',
    'top amounts',
    () => ({ filter: { amount: { gte: '999000.00' } } }),
    'mdf_budgets_amount_idx',
  ],
  [
    'mdfBudgets',
    'rare currency',
    () => ({ filter: { currency: { eq: 'USD' } } }),
    'mdf_budgets_currency_idx',
  ],
  ['mdfBudgets', 'name search', () => ({ search: fragment(2345) }), 'mdf_budgets_name_trgm_idx'],
  [
    'mdfBudgets',
    'AMOUNT order, descending',
    () => ({ orderBy: { field: 'amount', direction: DESC } }),
    'mdf_budgets_amount_idx',
  ],
  [
    'mdfBudgets',
    'PERIOD_FROM order',
    () => ({ orderBy: { field: 'periodFrom' } }),
    'mdf_budgets_period_from_idx',
  ],
  ['courses', 'rare level', () => ({ filter: { level: { eq: 'EXPERT' } } }), 'courses_level_idx'],
  ['courses', 'title search', () => ({ search: fragment(3456) }), 'courses_title_trgm_idx'],
  ['courses', 'TITLE order', () => ({ orderBy: { field: 'title' } }), 'courses_title_idx'],
  [
    'courses',
    'UPDATED_AT order',
    () => ({ orderBy: { field: 'updatedAt', direction: DESC } }),
    'courses_updated_idx',
  ],
  ['expiringCertifications', 'soonest first (default)', () => ({}), 'certifications_expiry_idx'],
  [
    'expiringCertifications',
    'one partner',
    () => ({ filter: { partnerId: { eq: partnerId } } }),
    'certifications_partner_expiry_idx',
  ],
  [
    'expiringCertifications',
    'one course',
    () => ({ filter: { courseId: { eq: courseId } } }),
    'certifications_course_expiry_idx',
  ],
  [
    'expiringCertifications',
    "a partner user's own (row scope)",
    () => ({}),
    'certifications_partner_expiry_idx',
    'partner',
  ],
  ['outboxDeadLetters', 'oldest first (default)', () => ({}), 'outbox_dead_created_idx'],
  [
    'outboxDeadLetters',
    'rare topic',
    () => ({ filter: { topic: { eq: 'crm.rare' } } }),
    'outbox_dead_topic_idx',
  ],
  [
    'outboxDeadLetters',
    'DEAD_AT order, descending',
    () => ({ orderBy: { field: 'deadAt', direction: DESC } }),
    'outbox_dead_idx',
  ],
];

test.each(cases)(
  '%s: %s — its index, no sequential scan, bounded rows (second page too)',
  // Rest parameters: jest would take a fifth declared parameter for `done`.
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
        indexes: second ? expect.any(Array) : expect.arrayContaining([index]),
        seqScans: 0,
        bounded: true,
      });
    }
  },
);
