import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes behind the filters, `orderBy` and `search` of the PRM root lists (partners and the tier
 * lists, deal registrations, lead offers, distribution rules, API keys), as the CRM's lists have
 * them (CrmListIndexes): every offered sort is a (column, id) btree matching the keyset order;
 * enum filters lead an index with the default (created_at, id) order; the text a `contains`,
 * `startsWith` or `search` matches is in one trigram GIN index per table. Partner-scoped tables
 * that grow also get (partner_id, updated_at, id), so a partner's BI sync reads its own rows only.
 * Live rows only, like the lists. Indexes that earlier migrations made are not repeated:
 * partners (created_at, id), (domain), (name_key); deal_registrations (created_at, id),
 * (partner_id, created_at, id), (status, created_at, id), (prospect_domain, created_at, id);
 * lead_offers (created_at, id), (partner_id, status, created_at, id), (lead_id, created_at, id);
 * distribution_rules (priority, id); api_keys (partner_id, created_at, id), (created_at, id).
 * An API key's status is derived from its dates (see ApiKeyFilter): the table holds a handful of
 * keys per partner, read through (partner_id, created_at, id).
 */
export class PrmListIndexes1764232210000 implements MigrationInterface {
  name = 'PrmListIndexes1764232210000';

  private readonly indexes: [string, string][] = [
    // partners: filters id, name, type, tier, status, region, createdAt, updatedAt; orders NAME,
    // CREATED_AT, UPDATED_AT; search name.
    ['partners_name_idx', 'prm.partners (name, id)'],
    ['partners_updated_idx', 'prm.partners (updated_at, id)'],
    ['partners_type_idx', 'prm.partners (type, created_at, id)'],
    ['partners_tier_idx', 'prm.partners (tier, created_at, id)'],
    ['partners_status_idx', 'prm.partners (status, created_at, id)'],
    ['partners_region_idx', 'prm.partners (region)'],
    ['partners_text_trgm_idx', 'prm.partners USING gin (name gin_trgm_ops, region gin_trgm_ops)'],
    // deal registrations: periods submittedAt, decidedAt, expectedCloseDate; amount; company name.
    ['deal_registrations_updated_idx', 'prm.deal_registrations (updated_at, id)'],
    ['deal_registrations_submitted_idx', 'prm.deal_registrations (submitted_at, id)'],
    ['deal_registrations_decided_idx', 'prm.deal_registrations (decided_at, id)'],
    ['deal_registrations_close_date_idx', 'prm.deal_registrations (expected_close_date, id)'],
    ['deal_registrations_amount_idx', 'prm.deal_registrations (estimated_amount, id)'],
    ['deal_registrations_company_name_idx', 'prm.deal_registrations (prospect_company_name, id)'],
    ['deal_registrations_partner_updated_idx', 'prm.deal_registrations (partner_id, updated_at, id)'],
    [
      'deal_registrations_text_trgm_idx',
      'prm.deal_registrations USING gin (prospect_company_name gin_trgm_ops, prospect_domain gin_trgm_ops)',
    ],
    // lead offers: status; periods offeredAt, respondBy, respondedAt.
    ['lead_offers_updated_idx', 'prm.lead_offers (updated_at, id)'],
    ['lead_offers_status_idx', 'prm.lead_offers (status, created_at, id)'],
    ['lead_offers_offered_idx', 'prm.lead_offers (offered_at, id)'],
    ['lead_offers_respond_by_idx', 'prm.lead_offers (respond_by, id)'],
    ['lead_offers_responded_idx', 'prm.lead_offers (responded_at, id)'],
    ['lead_offers_partner_updated_idx', 'prm.lead_offers (partner_id, updated_at, id)'],
    // distribution rules (a short table): orders NAME, UPDATED_AT.
    ['distribution_rules_name_idx', 'prm.distribution_rules (name, id)'],
    ['distribution_rules_updated_idx', 'prm.distribution_rules (updated_at, id)'],
    // API keys: orders NAME, EXPIRES_AT, UPDATED_AT.
    ['api_keys_name_idx', 'prm.api_keys (name, id)'],
    ['api_keys_expires_idx', 'prm.api_keys (expires_at, id)'],
    ['api_keys_updated_idx', 'prm.api_keys (updated_at, id)'],
  ];

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    for (const [name, definition] of this.indexes) {
      await q.query(`CREATE INDEX ${name} ON ${definition} WHERE deleted_at IS NULL`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of this.indexes) await q.query(`DROP INDEX IF EXISTS prm.${name}`);
  }
}
