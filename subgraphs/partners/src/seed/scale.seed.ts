import type { DataSource } from 'typeorm';
import {
  choiceSql,
  fillTable,
  pickSql,
  SCALE_NOW,
  scaleIdSql,
  type ScaleProgress,
  type ScaleSizes,
  type ScaleTableResult,
} from '@sales-graph/shared/demo/scale';

const NAMES = ['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Proseware', 'Adventure Works'];
const REGIONS = ['EMEA', 'NA', 'APAC', 'LATAM'];

/** Tables the PRM generator fills, in order. */
export const PRM_SCALE_TABLES = ['partners', 'deal_attributions', 'lead_attributions'] as const;

const agoSql = (salt: string, i: string, days: number) =>
  `(${SCALE_NOW} - make_interval(secs => ${pickSql(salt, i, days * 86_400)}))`;

/**
 * Fills the PRM's partners and their deal and lead attributions (see shared/src/demo/scale.ts):
 * 3 in 10 deals are partner-sourced and 4 in 10 leads partner-referred, naming the CRM's
 * generated deal and lead ids (computed, not read: the subgraphs share no database). Refuses a
 * database that already has partners; name_key is normaliseCompanyName(name) (plain words and a
 * number, so the words lowercased and joined, exact in SQL).
 */
export async function seedPrmAtScale(
  dataSource: DataSource,
  sizes: ScaleSizes,
  progress: ScaleProgress,
): Promise<ScaleTableResult[]> {
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM prm.partners`);
  if (n > 0)
    throw new Error('The PRM database already has partners: --scale needs an empty (migrated) database');
  const s = sizes;
  const results: ScaleTableResult[] = [];
  const partner = (salt: string, i: string) => scaleIdSql('partner', `1 + ${pickSql(salt, i, s.partners)}`);

  results.push(
    await fillTable(
      dataSource,
      'prm.partners',
      s.partners,
      (
        from,
        to,
      ) => `INSERT INTO prm.partners (id, created_at, updated_at, created_by, name, type, tier, status, region, domain, name_key)
      SELECT ${scaleIdSql('partner', 'g')}, t, t, 'seed', name, ${choiceSql('partner-type', 'g', ['RESELLER', 'DISTRIBUTOR', 'REFERRAL', 'MSP'])},
        ${choiceSql('partner-tier', 'g', ['REGISTERED', 'REGISTERED', 'SILVER', 'SILVER', 'GOLD', 'PLATINUM'])},
        ${choiceSql('partner-status', 'g', ['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ONBOARDING', 'SUSPENDED'])},
        ${choiceSql('partner-region', 'g', REGIONS)}, 'partner' || g || '.example', lower(regexp_replace(name, '[^A-Za-z0-9]+', '', 'g'))
      FROM (SELECT g, ${choiceSql('partner-name', 'g', NAMES)} || ' Partners ' || g AS name,
        ${agoSql('partner-created', 'g', 1000)} AS t FROM generate_series(${from}, ${to}) g) x`,
      progress,
    ),
  );

  // Progress counts deal (lead) indexes walked; the rows written are counted afterwards.
  const attributions = async (table: string, total: number, sql: (from: number, to: number) => string) => {
    const result = await fillTable(dataSource, `prm.${table}`, total, sql, progress);
    const [{ rows }] = await dataSource.query(`SELECT count(*)::int AS rows FROM prm.${table}`);
    results.push({ ...result, rows });
  };
  await attributions(
    'deal_attributions',
    s.deals,
    (
      from,
      to,
    ) => `INSERT INTO prm.deal_attributions (id, created_at, updated_at, created_by, deal_id, partner_id)
    SELECT ${scaleIdSql('deal-attribution', 'g')}, t, t, 'seed', ${scaleIdSql('deal', 'g')}, ${partner('deal-partner', 'g')}
    FROM (SELECT g, ${agoSql('deal-attribution-created', 'g', 400)} AS t FROM generate_series(${from}, ${to}) g) x
    WHERE ${pickSql('deal-sourced', 'g', 10)} < 3`,
  );
  await attributions(
    'lead_attributions',
    s.leads,
    (
      from,
      to,
    ) => `INSERT INTO prm.lead_attributions (id, created_at, updated_at, created_by, lead_id, referred_by_partner_id, assigned_partner_id)
    SELECT ${scaleIdSql('lead-attribution', 'g')}, t, t, 'seed', ${scaleIdSql('lead', 'g')}, ${partner('lead-referrer', 'g')},
      CASE WHEN ${pickSql('lead-assigned?', 'g', 2)} = 0 THEN ${partner('lead-assigned', 'g')} END
    FROM (SELECT g, ${agoSql('lead-attribution-created', 'g', 700)} AS t FROM generate_series(${from}, ${to}) g) x
    WHERE ${pickSql('lead-referred', 'g', 10)} < 4`,
  );
  return results;
}
