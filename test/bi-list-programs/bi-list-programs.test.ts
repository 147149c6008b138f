import { listReader } from '../support/lists';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { startTestGraph, type GraphQLResponse, type TestGraph } from '../support/graph';
import { partnerUser } from '../support/partner-user';
import { seedPartner } from '../support/partners';

/**
 * A BI tool (and a channel or marketing manager) reading the programme lists through the gateway
 * with the one list mechanism: campaigns, automation rules, MDF budgets, commission plans,
 * courses, expiring certifications, both audit logs and the outbox's dead letters take `filter`
 * (fields, ranges, and/or/not), `orderBy` (keyset pages) and `search`; existing arguments and
 * default orders answer as before; bad input is BAD_USER_INPUT; a partner's filter never widens
 * its row scope and never tells it another partner's rows exist.
 */
let graph: TestGraph;
const id: Record<string, string> = {};
let partnerA: Identity;
const MARKETING: Identity = { sub: 'user:marketing', role: 'MARKETING' };
const CM: Identity = { sub: 'user:channel', role: 'CHANNEL_MANAGER' };

const codes = (response: GraphQLResponse) => (response.errors ?? []).map((error) => error.extensions?.code);

/** `list(first, after, filter, orderBy, search)` with the list's own extra arguments. */
function listQuery(
  list: string,
  filterType: string,
  orderType: string,
  fields: string,
  { search = true, extra = '' }: { search?: boolean; extra?: string } = {},
): string {
  const extraVars = extra ? `, ${extra.replace(/(\w+): (\w+!?)/g, '$$$1: $2')}` : '';
  const extraArgs = extra ? `, ${extra.replace(/(\w+): \w+!?/g, '$1: $$$1')}` : '';
  return `query($first: Int, $after: String, $filter: ${filterType}, $orderBy: ${orderType}${search ? ', $search: String' : ''}${extraVars}) {
    ${list}(first: $first, after: $after, filter: $filter, orderBy: $orderBy${search ? ', search: $search' : ''}${extraArgs}) {
      totalCount edges { cursor node { id ${fields} } } pageInfo { hasNextPage endCursor } } }`;
}
const Q = {
  campaigns: listQuery('campaigns', 'CampaignFilter', 'CampaignOrder', 'name status channel'),
  automationRules: listQuery(
    'automationRules',
    'AutomationRuleFilter',
    'AutomationRuleOrder',
    'name enabled',
  ),
  mdfBudgets: listQuery('mdfBudgets', 'MdfBudgetFilter', 'MdfBudgetOrder', 'name periodFrom amount'),
  commissionPlans: listQuery('commissionPlans', 'CommissionPlanFilter', 'CommissionPlanOrder', 'tier', {
    search: false,
  }),
  courses: listQuery('courses', 'CourseFilter', 'CourseOrder', 'title level'),
  expiringCertifications: listQuery(
    'expiringCertifications',
    'CertificationFilter',
    'CertificationOrder',
    'name partnerId expiresAt',
    { search: false, extra: 'withinDays: Int!' },
  ),
  crmAuditLog: listQuery('crmAuditLog', 'AuditEntryFilter', 'AuditEntryOrder', 'recordType recordId action', {
    search: false,
    extra: 'recordType: String',
  }),
  prmAuditLog: listQuery('prmAuditLog', 'AuditEntryFilter', 'AuditEntryOrder', 'recordType action', {
    search: false,
  }),
  outboxDeadLetters: listQuery('outboxDeadLetters', 'OutboxMessageFilter', 'OutboxMessageOrder', 'topic', {
    search: false,
    extra: 'topic: String',
  }),
};
type List = keyof typeof Q;

const { page, ids, walk } = listReader(() => graph, Q);
const list = (...keys: string[]) => keys.map((key) => id[key]);
const set = (...keys: string[]) => list(...keys).sort();
const sorted = (values: string[]) => [...values].sort();

/** Inserts one row and answers its id; `at` is its created_at and updated_at, minutes ago. */
async function insert(
  db: TestGraph['crm'],
  table: string,
  values: Record<string, unknown>,
  minutesAgo: number,
): Promise<string> {
  const columns = Object.keys(values);
  const [row] = (await db.query(
    `INSERT INTO ${table} (${columns.join(', ')}, created_at, updated_at)
     VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}, now() - make_interval(mins => $${columns.length + 1}), now() - make_interval(mins => $${columns.length + 1}))
     RETURNING id`,
    [...Object.values(values), minutesAgo],
  )) as { id: string }[];
  return row.id;
}
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

beforeAll(async () => {
  graph = await startTestGraph();
  const crm = graph.crm;
  const prm = graph.prm;
  // Campaigns, created 50, 40, 30, 20 minutes ago (creation order = this order).
  id.webinar = await insert(
    crm,
    'crm.campaigns',
    {
      name: 'Spring Launch Webinar',
      channel: 'WEBINAR',
      status: 'ACTIVE',
      starts_at: '2026-03-01T09:00:00Z',
    },
    50,
  );
  id.email = await insert(
    crm,
    'crm.campaigns',
    { name: 'Summer Email Blast', channel: 'EMAIL', status: 'DRAFT', starts_at: '2026-06-01T09:00:00Z' },
    40,
  );
  id.expo = await insert(
    crm,
    'crm.campaigns',
    { name: 'Autumn Expo', channel: 'EVENT', status: 'COMPLETED', starts_at: '2026-09-15T09:00:00Z' },
    30,
  );
  id.ads = await insert(
    crm,
    'crm.campaigns',
    { name: 'Winter Ads 100%', channel: 'ADS', status: 'CANCELLED' },
    20,
  );
  // The webinar changed last: an incremental sync since 10 minutes ago sees it alone.
  await crm.query(`UPDATE crm.campaigns SET updated_at = now() - interval '5 minutes' WHERE id = $1`, [
    id.webinar,
  ]);

  id.ruleOwner = await insert(
    crm,
    'crm.automation_rules',
    {
      name: 'Route EMEA leads',
      enabled: true,
      trigger_type: 'LEAD_CREATED',
      action_type: 'ASSIGN_OWNER',
      owner_id: 'user:emea',
    },
    30,
  );
  id.ruleTask = await insert(
    crm,
    'crm.automation_rules',
    {
      name: 'Call hot leads',
      enabled: false,
      trigger_type: 'LEAD_SCORE_CROSSED',
      threshold: 80,
      action_type: 'CREATE_TASK',
      task_subject: 'Call',
      task_due_in_days: 1,
    },
    20,
  );

  const a = await seedPartner(graph, { name: 'Alpha Resellers', tier: 'GOLD' });
  const b = await seedPartner(graph, { name: 'Beta Integrators', tier: 'SILVER' });
  id.partnerA = a;
  id.partnerB = b;
  partnerA = await partnerUser(graph, a);

  id.q1 = await insert(
    prm,
    'prm.mdf_budgets',
    {
      name: 'EMEA Q1 2026',
      period_from: '2026-01-01',
      period_to: '2026-03-31',
      amount: '50000.00',
      currency: 'EUR',
    },
    30,
  );
  id.q2 = await insert(
    prm,
    'prm.mdf_budgets',
    {
      name: 'EMEA Q2 2026',
      period_from: '2026-04-01',
      period_to: '2026-06-30',
      amount: '75000.50',
      currency: 'EUR',
    },
    20,
  );
  id.h2 = await insert(
    prm,
    'prm.mdf_budgets',
    {
      name: 'AMER H2 2026',
      period_from: '2026-07-01',
      period_to: '2026-12-31',
      amount: '9999.99',
      currency: 'USD',
    },
    10,
  );

  id.planGold = await insert(
    prm,
    'prm.commission_plans',
    { tier: 'GOLD', rate: '0.1000', currency: 'EUR' },
    30,
  );
  id.planSilver = await insert(
    prm,
    'prm.commission_plans',
    { tier: 'SILVER', rate: '0.0500', currency: 'EUR' },
    20,
  );

  id.basics = await insert(
    prm,
    'prm.courses',
    { title: 'Product Basics', level: 'FOUNDATION', passing_score: 70 },
    30,
  );
  id.expert = await insert(
    prm,
    'prm.courses',
    { title: 'Expert Deployment', level: 'EXPERT', passing_score: 85 },
    20,
  );

  // One certification each for A and B, expiring in 10 and 20 days; A's second in 40 days.
  const certify = async (key: string, partnerId: string, course: string, days: number, minutes: number) => {
    const email = `${key.toLowerCase()}@cert.test`;
    const enrolment = await insert(
      prm,
      'prm.enrolments',
      {
        partner_id: partnerId,
        course_id: id[course],
        user_email: email,
        status: 'PASSED',
        score: 90,
        completed_at: minutesAgo(minutes),
      },
      minutes,
    );
    const [row] = (await prm.query(
      `INSERT INTO prm.certifications (partner_id, course_id, enrolment_id, user_email, name, issued_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() - interval '300 days', now() + make_interval(days => $6)) RETURNING id`,
      [partnerId, id[course], enrolment, email, `Certified ${course}`, days],
    )) as { id: string }[];
    id[key] = row.id;
  };
  await certify('certA', a, 'basics', 10, 30);
  await certify('certB', b, 'basics', 20, 20);
  await certify('certA2', a, 'expert', 40, 10);

  // Two dead letters and one delivered message in the PRM's outbox.
  const outbox = async (key: string, topic: string, dead: boolean, minutes: number) => {
    const [row] = (await prm.query(
      `INSERT INTO prm.outbox (topic, payload, idempotency_key, attempts, created_at, dead_at, delivered_at)
       VALUES ($1, '{}', $2, $3, now() - make_interval(mins => $4), $5, $6) RETURNING id`,
      [
        topic,
        `key-${key}`,
        dead ? 8 : 1,
        minutes,
        dead ? minutesAgo(minutes - 1) : null,
        dead ? null : minutesAgo(5),
      ],
    )) as { id: string }[];
    id[key] = row.id;
  };
  await outbox('deadDeal', 'crm.createPartnerSourcedDeal', true, 30);
  await outbox('deadLead', 'crm.shareLead', true, 20);
  await outbox('delivered', 'crm.createPartnerSourcedDeal', false, 10);

  // Audit entries through the API: a course created, and a campaign status change.
  const course = await graph.query<{ createCourse: { id: string } }>(
    `mutation { createCourse(input: { title: "Audit Course", level: PROFESSIONAL, passingScore: 60 }) { id } }`,
  );
  if (course.errors) throw new Error(JSON.stringify(course.errors));
  id.auditCourse = course.data!.createCourse.id;
  const moved = await graph.query(
    `mutation($id: ID!) { updateCampaignStatus(id: $id, status: ACTIVE) { id } }`,
    {
      id: id.email,
    },
  );
  if (moved.errors) throw new Error(JSON.stringify(moved.errors));
}, 120_000);
afterAll(async () => {
  await graph?.stop();
});

describe('defaults are unchanged', () => {
  test.each([
    ['campaigns', {}, ['webinar', 'email', 'expo', 'ads']],
    ['automationRules', {}, ['ruleOwner', 'ruleTask']],
    ['mdfBudgets', {}, ['q1', 'q2', 'h2']],
    ['commissionPlans', {}, ['planGold', 'planSilver']],
    ['expiringCertifications', { withinDays: 30 }, ['certA', 'certB']],
    ['outboxDeadLetters', {}, ['deadDeal', 'deadLead']],
  ] as [List, Record<string, unknown>, string[]][])(
    '%s: creation (or expiry) order, old arguments',
    async (name, vars, keys) => {
      expect(await ids(name, vars)).toEqual(list(...keys));
    },
  );

  test('the older shorthands still filter: campaigns by status and channel, rules by enabled and trigger, topic', async () => {
    expect(await ids('campaigns', { filter: { status: 'COMPLETED' } })).toEqual(list('expo'));
    expect(await ids('campaigns', { filter: { channel: 'ADS' } })).toEqual(list('ads'));
    expect(await ids('automationRules', { filter: { enabled: false } })).toEqual(list('ruleTask'));
    expect(await ids('automationRules', { filter: { trigger: 'LEAD_CREATED' } })).toEqual(list('ruleOwner'));
    expect(await ids('outboxDeadLetters', { topic: 'crm.shareLead' })).toEqual(list('deadLead'));
  });
});

describe('filters, search and orders', () => {
  test('campaigns: status and type (channel) lists, the period, name search, or/not, orders', async () => {
    expect(sorted(await ids('campaigns', { filter: { statusIs: { in: ['ACTIVE', 'COMPLETED'] } } }))).toEqual(
      set('webinar', 'email', 'expo'),
    );
    expect(await ids('campaigns', { filter: { channelIs: { in: ['EMAIL', 'EVENT'] } } })).toEqual(
      list('email', 'expo'),
    );
    // The period: starting within the first half of 2026.
    expect(
      await ids('campaigns', {
        filter: { startsAt: { gte: '2026-01-01T00:00:00Z', lt: '2026-07-01T00:00:00Z' } },
      }),
    ).toEqual(list('webinar', 'email'));
    expect(await ids('campaigns', { search: 'EXPO' })).toEqual(list('expo'));
    // `%` in a search is the character, not a wildcard.
    expect(await ids('campaigns', { search: '100%' })).toEqual(list('ads'));
    expect(await ids('campaigns', { filter: { name: { startsWith: 'summer' } } })).toEqual(list('email'));
    expect(
      await ids('campaigns', { filter: { or: [{ channel: 'ADS' }, { name: { contains: 'webinar' } }] } }),
    ).toEqual(list('webinar', 'ads'));
    expect(await ids('campaigns', { filter: { not: { channelIs: { in: ['ADS', 'EVENT'] } } } })).toEqual(
      list('webinar', 'email'),
    );
    expect(await ids('campaigns', { orderBy: { field: 'NAME' } })).toEqual(
      list('expo', 'webinar', 'email', 'ads'),
    );
    // Without a start, last ascending and first descending (keyset over a nullable column).
    expect(await walk('campaigns', { orderBy: { field: 'STARTS_AT' } }, 1)).toEqual(
      list('webinar', 'email', 'expo', 'ads'),
    );
    expect(await walk('campaigns', { orderBy: { field: 'STARTS_AT', direction: 'DESC' } }, 1)).toEqual(
      list('ads', 'expo', 'email', 'webinar'),
    );
  });

  test('incremental sync by updatedAt, ordered UPDATED_AT, in pages', async () => {
    // The webinar changed 5 minutes ago and the email campaign when the API moved it to ACTIVE.
    const since = minutesAgo(10);
    expect(
      await walk('campaigns', { filter: { updatedAt: { gte: since } }, orderBy: { field: 'UPDATED_AT' } }, 1),
    ).toEqual(list('webinar', 'email'));
    expect(await ids('campaigns', { filter: { updatedAt: { lt: since } } })).toEqual(list('expo', 'ads'));
    expect(
      await ids('automationRules', {
        filter: { createdAt: { gte: minutesAgo(25) } },
        orderBy: { field: 'UPDATED_AT' },
      }),
    ).toEqual(list('ruleTask'));
  });

  test('automation rules: action, trigger lists, name search, NAME order', async () => {
    expect(await ids('automationRules', { filter: { actionIs: { eq: 'CREATE_TASK' } } })).toEqual(
      list('ruleTask'),
    );
    expect(await ids('automationRules', { search: 'emea' })).toEqual(list('ruleOwner'));
    expect(await ids('automationRules', { orderBy: { field: 'NAME' } })).toEqual(
      list('ruleTask', 'ruleOwner'),
    );
  });

  test('MDF budgets: by period, amount range (exact decimals), currency, name search; ordered by period and amount', async () => {
    // Budgets of a period: those covering any day of Q2 2026.
    expect(
      await ids('mdfBudgets', {
        filter: { periodFrom: { lte: '2026-06-30' }, periodTo: { gte: '2026-04-01' } },
      }),
    ).toEqual(list('q2'));
    expect(await ids('mdfBudgets', { filter: { amount: { gt: '50000', lte: '75000.50' } } })).toEqual(
      list('q2'),
    );
    expect(await ids('mdfBudgets', { filter: { currency: { eq: 'USD' } } })).toEqual(list('h2'));
    expect(await ids('mdfBudgets', { search: 'emea' })).toEqual(list('q1', 'q2'));
    expect(await ids('mdfBudgets', { orderBy: { field: 'PERIOD_FROM', direction: 'DESC' } })).toEqual(
      list('h2', 'q2', 'q1'),
    );
    expect(await walk('mdfBudgets', { orderBy: { field: 'AMOUNT' } }, 2)).toEqual(list('h2', 'q1', 'q2'));
    expect(await ids('mdfBudgets', { orderBy: { field: 'NAME' } }, CM)).toEqual(list('h2', 'q1', 'q2'));
  });

  test('commission plans by tier; courses by level, title search and TITLE order', async () => {
    expect(await ids('commissionPlans', { filter: { tier: { eq: 'SILVER' } } })).toEqual(list('planSilver'));
    expect(await ids('commissionPlans', { orderBy: { field: 'TIER' } })).toEqual(
      list('planGold', 'planSilver'),
    );
    expect(await ids('courses', { filter: { level: { in: ['EXPERT'] } } })).toEqual(list('expert'));
    expect(await ids('courses', { search: 'basics' }, partnerA)).toEqual(list('basics'));
    expect(await ids('courses', { orderBy: { field: 'TITLE' } })).toEqual(
      list('auditCourse', 'expert', 'basics'),
    );
  });

  test('expiring certifications: by partner and course, ordered by issue or expiry, newest expiry first', async () => {
    expect(
      await ids('expiringCertifications', { withinDays: 60, filter: { partnerId: { eq: id.partnerA } } }),
    ).toEqual(list('certA', 'certA2'));
    expect(
      await ids('expiringCertifications', { withinDays: 60, filter: { courseId: { eq: id.expert } } }),
    ).toEqual(list('certA2'));
    expect(
      await walk(
        'expiringCertifications',
        { withinDays: 60, orderBy: { field: 'EXPIRES_AT', direction: 'DESC' } },
        1,
      ),
    ).toEqual(list('certA2', 'certB', 'certA'));
  });

  test('audit logs: by record type and id, action and time, with the older arguments, newest first', async () => {
    const campaignEntries = await page('crmAuditLog', { filter: { recordId: { eq: id.email } } });
    expect(campaignEntries.edges.map((edge) => edge.node.action)).toEqual(['UPDATE']);
    const updates = await ids('crmAuditLog', {
      recordType: 'Campaign',
      filter: { action: { eq: 'UPDATE' } },
    });
    expect(updates).toHaveLength(1);
    expect(
      await ids('crmAuditLog', { recordType: 'Campaign', filter: { action: { eq: 'DELETE' } } }),
    ).toEqual([]);
    const created = await page('prmAuditLog', {
      filter: { recordType: { eq: 'Course' }, createdAt: { gte: minutesAgo(5) } },
    });
    expect(created.edges.map((edge) => edge.node.action)).toEqual(['CREATE']);
    // Newest first by default, oldest first on request.
    const newest = await ids('prmAuditLog', {});
    const oldest = await ids('prmAuditLog', { orderBy: { field: 'CREATED_AT', direction: 'ASC' } });
    expect(oldest).toEqual([...newest].reverse());
  });

  test('dead letters: by topic and when they died; ordered by DEAD_AT', async () => {
    expect(await ids('outboxDeadLetters', { filter: { topic: { startsWith: 'crm.create' } } })).toEqual(
      list('deadDeal'),
    );
    expect(await ids('outboxDeadLetters', { filter: { deadAt: { gte: minutesAgo(25) } } })).toEqual(
      list('deadLead'),
    );
    expect(await ids('outboxDeadLetters', { orderBy: { field: 'DEAD_AT', direction: 'DESC' } })).toEqual(
      list('deadLead', 'deadDeal'),
    );
  });
});

describe('a partner filter never widens the row scope', () => {
  test("another partner's id gets nothing (no error that would reveal it exists), under or/not too", async () => {
    expect(await ids('expiringCertifications', { withinDays: 60 }, partnerA)).toEqual(
      list('certA', 'certA2'),
    );
    for (const filter of [
      { partnerId: { eq: id.partnerB } },
      { partnerId: { in: [id.partnerB] } },
      { or: [{ partnerId: { eq: id.partnerB } }, { id: { eq: id.certB } }] },
      { id: { eq: id.certB } },
    ]) {
      expect(await ids('expiringCertifications', { withinDays: 60, filter }, partnerA)).toEqual([]);
    }
    // A made-up id answers exactly as another partner's real one.
    expect(
      await ids(
        'expiringCertifications',
        { withinDays: 60, filter: { partnerId: { eq: '00000000-0000-4000-8000-000000000000' } } },
        partnerA,
      ),
    ).toEqual([]);
    expect(
      await ids(
        'expiringCertifications',
        { withinDays: 60, filter: { not: { partnerId: { eq: id.partnerA } } } },
        partnerA,
      ),
    ).toEqual([]);
    expect(graph.scopeViolations()).toEqual([]);
  });

  test('the internal lists stay refused to a partner, filter or not', async () => {
    for (const [name, vars] of [
      ['mdfBudgets', { filter: { name: { contains: 'EMEA' } } }],
      ['commissionPlans', {}],
      ['prmAuditLog', {}],
      ['outboxDeadLetters', {}],
    ] as [List, Record<string, unknown>][]) {
      const response = await graph.query(Q[name], { first: 10, ...vars }, partnerA);
      expect([name, codes(response)]).toEqual([name, ['FORBIDDEN']]);
    }
    const campaigns = await graph.query(Q.campaigns, { first: 10, filter: { status: 'ACTIVE' } }, MARKETING);
    expect(codes(campaigns)).toEqual([]);
  });
});

describe('bad filter input is BAD_USER_INPUT', () => {
  test.each([
    ['unknown enum', 'campaigns', { filter: { statusIs: { eq: 'PAUSED' } } }],
    ['unknown order field', 'campaigns', { orderBy: { field: 'BUDGET' } }],
    [
      'inverted time range',
      'campaigns',
      { filter: { startsAt: { gte: '2026-07-01T00:00:00Z', lt: '2026-01-01T00:00:00Z' } } },
    ],
    ['inverted date range', 'mdfBudgets', { filter: { periodFrom: { gt: '2026-06-30', lt: '2026-06-30' } } }],
    ['inverted amount range', 'mdfBudgets', { filter: { amount: { gte: '100.00', lte: '99.99' } } }],
    ['not a date', 'mdfBudgets', { filter: { periodTo: { eq: '2026-02-30' } } }],
    [
      'wrong id format',
      'expiringCertifications',
      { withinDays: 30, filter: { partnerId: { eq: 'partner-1' } } },
    ],
    [
      'wrong id format in a list',
      'crmAuditLog',
      { filter: { recordId: { in: ['11111111-1111-4111-8111-111111111111', 'nope'] } } },
    ],
    ['empty contains', 'courses', { filter: { title: { contains: '  ' } } }],
    ['overlong search', 'automationRules', { search: 'x'.repeat(201) }],
    ['forged cursor', 'outboxDeadLetters', { after: 'not-a-cursor' }],
    ['unknown tier', 'commissionPlans', { filter: { tier: { eq: 'DIAMOND' } } }],
  ] as [string, List, Record<string, unknown>][])('%s (%s)', async (_label, name, vars) => {
    const response = await graph.query(Q[name], { first: 10, withinDays: undefined, ...vars });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  });
});
