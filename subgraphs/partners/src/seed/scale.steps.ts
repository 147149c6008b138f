import { choiceSql, pickSql, SCALE_NOW, scaleIdSql, type ScaleSizes } from '@sales-graph/shared/demo/scale';
import type { ScaleStep } from '@sales-graph/shared/module';

/**
 * The PRM's generator steps for the large data set, one per table, listed by the manifest of the
 * module owning the table (`scale`); `scale.seed.ts` runs them in order. 3 in 10 deals are
 * partner-sourced and 4 in 10 leads partner-referred, naming the CRM's generated deal and lead ids
 * (computed, not read: the subgraphs share no database); name_key is normaliseCompanyName(name).
 */
const NAMES = ['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Proseware', 'Adventure Works'];
const REGIONS = ['EMEA', 'NA', 'APAC', 'LATAM'];

const agoSql = (salt: string, i: string, days: number) =>
  `(${SCALE_NOW} - make_interval(secs => ${pickSql(salt, i, days * 86_400)}))`;
const partnerSql = (s: ScaleSizes, salt: string, i: string) =>
  scaleIdSql('partner', `1 + ${pickSql(salt, i, s.partners)}`);

export const partnersScale: ScaleStep = {
  order: 10,
  table: 'partners',
  rows: (s) => s.partners,
  sql: (from, to) =>
    `INSERT INTO prm.partners (id, created_at, updated_at, created_by, name, type, tier, status, region, domain, name_key)
      SELECT ${scaleIdSql('partner', 'g')}, t, t, 'seed', name, ${choiceSql('partner-type', 'g', ['RESELLER', 'DISTRIBUTOR', 'REFERRAL', 'MSP'])},
        ${choiceSql('partner-tier', 'g', ['REGISTERED', 'REGISTERED', 'SILVER', 'SILVER', 'GOLD', 'PLATINUM'])},
        ${choiceSql('partner-status', 'g', ['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ONBOARDING', 'SUSPENDED'])},
        ${choiceSql('partner-region', 'g', REGIONS)}, 'partner' || g || '.example', lower(regexp_replace(name, '[^A-Za-z0-9]+', '', 'g'))
      FROM (SELECT g, ${choiceSql('partner-name', 'g', NAMES)} || ' Partners ' || g AS name,
        ${agoSql('partner-created', 'g', 1000)} AS t FROM generate_series(${from}, ${to}) g) x`,
};

// Progress counts deal (lead) indexes walked; the rows written are counted afterwards.
export const dealAttributionsScale: ScaleStep = {
  order: 20,
  table: 'deal_attributions',
  rows: (s) => s.deals,
  countRows: true,
  sql: (from, to, s) => {
    const partner = (salt: string, i: string) => partnerSql(s, salt, i);
    return `INSERT INTO prm.deal_attributions (id, created_at, updated_at, created_by, deal_id, partner_id)
    SELECT ${scaleIdSql('deal-attribution', 'g')}, t, t, 'seed', ${scaleIdSql('deal', 'g')}, ${partner('deal-partner', 'g')}
    FROM (SELECT g, ${agoSql('deal-attribution-created', 'g', 400)} AS t FROM generate_series(${from}, ${to}) g) x
    WHERE ${pickSql('deal-sourced', 'g', 10)} < 3`;
  },
};

export const leadAttributionsScale: ScaleStep = {
  order: 30,
  table: 'lead_attributions',
  rows: (s) => s.leads,
  countRows: true,
  sql: (from, to, s) => {
    const partner = (salt: string, i: string) => partnerSql(s, salt, i);
    return `INSERT INTO prm.lead_attributions (id, created_at, updated_at, created_by, lead_id, referred_by_partner_id, assigned_partner_id)
    SELECT ${scaleIdSql('lead-attribution', 'g')}, t, t, 'seed', ${scaleIdSql('lead', 'g')}, ${partner('lead-referrer', 'g')},
      CASE WHEN ${pickSql('lead-assigned?', 'g', 2)} = 0 THEN ${partner('lead-assigned', 'g')} END
    FROM (SELECT g, ${agoSql('lead-attribution-created', 'g', 700)} AS t FROM generate_series(${from}, ${to}) g) x
    WHERE ${pickSql('lead-referred', 'g', 10)} < 4`;
  },
};

/**
 * A deal's other partners: of the partner-sourced deals (the same pick as `dealAttributionsScale`),
 * 1 in 4 has a reseller and 1 in 10 a distributor as well.
 */
export const dealPartnerAttributionsScale: ScaleStep = {
  order: 25,
  table: 'deal_partner_attributions',
  rows: (s) => s.deals,
  countRows: true,
  sql: (from, to, s) => {
    const partner = (salt: string, i: string) => partnerSql(s, salt, i);
    return `INSERT INTO prm.deal_partner_attributions (id, created_at, updated_at, created_by, deal_id, partner_id, role)
    SELECT ${scaleIdSql('deal-part', 'g::text || role')}, t, t, 'seed', ${scaleIdSql('deal', 'g')}, p, role
    FROM (SELECT g, ${agoSql('deal-attribution-created', 'g', 400)} AS t FROM generate_series(${from}, ${to}) g
          WHERE ${pickSql('deal-sourced', 'g', 10)} < 3) x
    CROSS JOIN LATERAL (
      SELECT ${partner('deal-reseller', 'g')} AS p, 'RESELLER' AS role WHERE ${pickSql('deal-resold', 'g', 4)} = 0
      UNION ALL
      SELECT ${partner('deal-distributor', 'g')}, 'DISTRIBUTOR' WHERE ${pickSql('deal-distributed', 'g', 10)} = 0) parts`;
  },
};
