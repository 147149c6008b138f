/**
 * The CRM's generator steps for the large data set, one per table, listed by the manifest of the
 * module owning the table (`scale`); `scale.seed.ts` runs them in order.
 */
import { choiceSql, pickSql, SCALE_NOW, scaleIdSql, type ScaleSizes } from '@sales-graph/shared/demo/scale';
import type { ScaleStep } from '@sales-graph/shared/module';

const PREFIXES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Hooli'];
const SUFFIXES = ['Industries', 'Logistics', 'Health', 'Systems', 'Retail', 'Foods'];
const INDUSTRIES = ['Manufacturing', 'Logistics', 'Healthcare', 'Software', 'Retail', 'Food & Beverage'];
const REGIONS = ['EMEA', 'NA', 'APAC', 'LATAM'];
const PRODUCTS = ['Platform licence', 'Support renewal', 'Expansion seats', 'Analytics add-on', 'Onboarding'];
const FIRST = ['Ana', 'Ben', 'Chloe', 'David', 'Elif', 'Femi', 'Grace', 'Hiro', 'Ines', 'Jonas'];
const LAST = ['Novak', 'Okafor', 'Schmidt', 'Tanaka', 'Rossi', 'Haddad', 'Kowalski', 'Silva'];
// Weighted: most deals are open, a third closed (won twice as often as lost).
const STAGES = [
  'PROSPECTING',
  'PROSPECTING',
  'QUALIFICATION',
  'QUALIFICATION',
  'PROPOSAL',
  'PROPOSAL',
  'NEGOTIATION',
  'CLOSED_WON',
  'CLOSED_WON',
  'CLOSED_LOST',
];
const LEAD_SOURCES = ['WEB', 'EVENT', 'REFERRAL', 'PARTNER', 'OUTBOUND', 'CAMPAIGN'];
const OPEN_LEAD_STATUSES = ['NEW', 'CONTACTED', 'QUALIFIED', 'DISQUALIFIED'];
const ACTIVITY_TYPES = ['CALL', 'EMAIL', 'MEETING', 'NOTE'];
const CHANNELS = ['EMAIL', 'EVENT', 'WEBINAR', 'ADS', 'CONTENT'];
const MEMBER_STATUSES = ['ENROLLED', 'SENT', 'OPENED', 'CLICKED', 'RESPONDED'];

/** SQL: the customer (1-based index) deal `i` belongs to; lead `i ≤ convertedLeads` converts into deal `i`. */
export const dealCustomerSql = (i: string, sizes: ScaleSizes) =>
  `(1 + ${pickSql('deal-customer', i, sizes.customers)})`;
/** SQL: a time up to `days` before the data set's "now". */
const agoSql = (salt: string, i: string, days: number) =>
  `(${SCALE_NOW} - make_interval(secs => ${pickSql(salt, i, days * 86_400)}))`;

/**
 * Names are plain words and a number, so name_key (the words, lowercase, joined) is exact in SQL,
 * and so is domain_hash (the domain is already normalised ASCII: sha256 of its bytes).
 */
export const customersScale: ScaleStep = {
  order: 10,
  table: 'customers',
  rows: (s) => s.customers,
  sql: (from, to) =>
    `INSERT INTO crm.customers (id, created_at, updated_at, created_by, name, domain, industry, region, lifecycle_stage, name_key, domain_hash)
    SELECT ${scaleIdSql('customer', 'g')}, t, t, 'seed', name, lower(regexp_replace(name, '[^A-Za-z0-9]+', '', 'g')) || '.example',
      ${choiceSql('customer-industry', 'g', INDUSTRIES)}, ${choiceSql('customer-region', 'g', REGIONS)},
      ${choiceSql('customer-lifecycle', 'g', ['PROSPECT', 'OPPORTUNITY', 'CUSTOMER', 'CUSTOMER', 'CHURNED'])},
      lower(regexp_replace(name, '[^A-Za-z0-9]+', '', 'g')),
      encode(sha256(convert_to(lower(regexp_replace(name, '[^A-Za-z0-9]+', '', 'g')) || '.example', 'UTF8')), 'hex')
    FROM (SELECT g, ${choiceSql('customer-prefix', 'g', PREFIXES)} || ' ' || ${choiceSql('customer-suffix', 'g', SUFFIXES)} || ' ' || g AS name,
      ${agoSql('customer-created', 'g', 900)} AS t FROM generate_series(${from}, ${to}) g) x`,
};

export const contactsScale: ScaleStep = {
  order: 20,
  table: 'contacts',
  rows: (s) => s.contacts,
  sql: (from, to, s) =>
    `INSERT INTO crm.contacts (id, created_at, updated_at, created_by, customer_id, first_name, last_name, email, phone, title)
    SELECT ${scaleIdSql('contact', 'g')}, t, t, 'seed', ${scaleIdSql('customer', 'c')}, f, l, lower(f || '.' || l || '.' || g || '@contact.example'),
      '+4930' || (1000000 + ${pickSql('contact-phone', 'g', 8_999_999)}), ${choiceSql('contact-title', 'g', ['CEO', 'CTO', 'Head of Procurement', 'IT Manager', 'CFO'])}
    FROM (SELECT g, 1 + (g - 1) % ${s.customers} AS c, ${choiceSql('contact-first', 'g', FIRST)} AS f, ${choiceSql('contact-last', 'g', LAST)} AS l,
      ${agoSql('contact-created', 'g', 800)} AS t FROM generate_series(${from}, ${to}) g) x`,
};

/** Leads 1..convertedLeads converted into deals 1..convertedLeads (same customer); the rest open. */
export const leadsScale: ScaleStep = {
  order: 30,
  table: 'leads',
  rows: (s) => s.leads,
  sql: (from, to, s) =>
    `INSERT INTO crm.leads (id, created_at, updated_at, created_by, name, company, email, source, status, score, customer_id, region)
    SELECT ${scaleIdSql('lead', 'g')}, t, t, 'seed', ${choiceSql('lead-first', 'g', FIRST)} || ' ' || ${choiceSql('lead-last', 'g', LAST)},
      ${choiceSql('lead-company', 'g', PREFIXES)} || ' Prospect ' || g, 'lead' || g || '@prospect.example',
      ${choiceSql('lead-source', 'g', LEAD_SOURCES)},
      CASE WHEN converted THEN 'CONVERTED' ELSE ${choiceSql('lead-status', 'g', OPEN_LEAD_STATUSES)} END,
      ${pickSql('lead-score', 'g', 101)},
      CASE WHEN converted THEN ${scaleIdSql('customer', dealCustomerSql('g', s))} END,
      ${choiceSql('lead-region', 'g', REGIONS)}
    FROM (SELECT g, g <= ${s.convertedLeads} AS converted, ${agoSql('lead-created', 'g', 700)} AS t
      FROM generate_series(${from}, ${to}) g) x`,
};

export const dealsScale: ScaleStep = {
  order: 40,
  table: 'deals',
  rows: (s) => s.deals,
  sql: (from, to, s) => {
    const closed = `stage IN ('CLOSED_WON', 'CLOSED_LOST')`;
    return `INSERT INTO crm.deals (id, created_at, updated_at, created_by, title, amount, currency, stage, expected_close_date, closed_at, owner_id, customer_id, lead_id)
    SELECT ${scaleIdSql('deal', 'g')}, t, t, 'seed', 'Deal ' || g || ' — ' || ${choiceSql('deal-product', 'g', PRODUCTS)},
      ((20 + ${pickSql('deal-amount', 'g', 881)}) * 250)::numeric(18,2),
      CASE ${choiceSql('customer-region', 'c', REGIONS)} WHEN 'EMEA' THEN 'EUR' ELSE 'USD' END,
      stage, (t + make_interval(days => 30 + ${pickSql('deal-close-date', 'g', 150)}))::date,
      CASE WHEN ${closed} THEN t + make_interval(days => 1 + ${pickSql('deal-closed', 'g', 90)}) END,
      'user:sales-' || (1 + ${pickSql('deal-owner', 'g', 50)}), ${scaleIdSql('customer', 'c')},
      CASE WHEN g <= ${s.convertedLeads} THEN ${scaleIdSql('lead', 'g')} END
    FROM (SELECT g, ${dealCustomerSql('g', s)} AS c, ${choiceSql('deal-stage', 'g', STAGES)} AS stage,
      ${agoSql('deal-created', 'g', 400)} AS t FROM generate_series(${from}, ${to}) g) x`;
  },
};

/** One stage change per deal: how it entered its current stage (the timeline's DEAL_STAGE_CHANGE). */
export const dealStageChangesScale: ScaleStep = {
  order: 50,
  table: 'deal_stage_changes',
  rows: (s) => s.deals,
  sql: (from, to) =>
    `INSERT INTO crm.deal_stage_changes (id, deal_id, from_stage, to_stage, changed_at, changed_by)
    SELECT ${scaleIdSql('stage-change', 'g')}, ${scaleIdSql('deal', 'g')}, NULL, ${choiceSql('deal-stage', 'g', STAGES)},
      ${agoSql('deal-created', 'g', 400)}, 'seed'
    FROM generate_series(${from}, ${to}) g`,
};

export const activitiesScale: ScaleStep = {
  order: 60,
  table: 'activities',
  rows: (s) => s.activities,
  sql: (from, to, s) =>
    `INSERT INTO crm.activities (id, created_at, updated_at, created_by, type, subject, body, occurred_at, owner_id, customer_id, deal_id)
    SELECT ${scaleIdSql('activity', 'g')}, t, t, 'seed', type, initcap(lower(type)) || ' about deal ' || d, 'Notes of activity ' || g, t,
      'user:sales-' || (1 + ${pickSql('activity-owner', 'g', 50)}), ${scaleIdSql('customer', dealCustomerSql('d', s))}, ${scaleIdSql('deal', 'd')}
    FROM (SELECT g, 1 + ${pickSql('activity-deal', 'g', s.deals)} AS d, ${choiceSql('activity-type', 'g', ACTIVITY_TYPES)} AS type,
      ${agoSql('activity-at', 'g', 365)} AS t FROM generate_series(${from}, ${to}) g) x`,
};

export const campaignsScale: ScaleStep = {
  order: 70,
  table: 'campaigns',
  rows: (s) => s.campaigns,
  sql: (from, to) =>
    `INSERT INTO crm.campaigns (id, created_at, updated_at, created_by, name, channel, status, starts_at, ends_at)
    SELECT ${scaleIdSql('campaign', 'g')}, t, t, 'seed', 'Campaign ' || g, ${choiceSql('campaign-channel', 'g', CHANNELS)},
      'ACTIVE', t, t + interval '90 days'
    FROM (SELECT g, ${agoSql('campaign-created', 'g', 400)} AS t FROM generate_series(${from}, ${to}) g) x`,
};

/** Members 1..contactMembers are contacts (member i = contact i), the rest leads; one campaign each. */
export const campaignMembersScale: ScaleStep = {
  order: 80,
  table: 'campaign_members',
  rows: (s) => s.campaignMembers,
  sql: (from, to, s) => {
    const contactMembers = Math.min(Math.floor(s.campaignMembers / 2), s.contacts);
    return `INSERT INTO crm.campaign_members (id, created_at, updated_at, created_by, campaign_id, contact_id, lead_id, status, responded_at)
    SELECT ${scaleIdSql('campaign-member', 'g')}, t, t, 'seed', ${scaleIdSql('campaign', `1 + ${pickSql('member-campaign', 'g', s.campaigns)}`)},
      CASE WHEN g <= ${contactMembers} THEN ${scaleIdSql('contact', 'g')} END,
      CASE WHEN g > ${contactMembers} THEN ${scaleIdSql('lead', `g - ${contactMembers}`)} END,
      status, CASE WHEN status = 'RESPONDED' THEN t + make_interval(days => 1 + ${pickSql('member-responded', 'g', 20)}) END
    FROM (SELECT g, ${choiceSql('member-status', 'g', MEMBER_STATUSES)} AS status, ${agoSql('member-created', 'g', 300)} AS t
      FROM generate_series(${from}, ${to}) g) x`;
  },
};
