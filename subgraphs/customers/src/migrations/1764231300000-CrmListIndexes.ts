import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes behind the filters, `orderBy` and `search` of the root lists (customers, leads, deals,
 * tickets, activities). Every offered sort is a (column, id) btree matching the keyset order;
 * enum filters lead an index with the default (created_at, id) order; every text field a filter
 * or search can match with `contains` / `startsWith` (ILIKE) is in one multi-column trigram GIN
 * index per table (pg_trgm: a trusted extension, also shipped with the embedded PGlite).
 * Live rows only, like the lists (TypeORM adds `deleted_at IS NULL`).
 */
export class CrmListIndexes1764231300000 implements MigrationInterface {
  name = 'CrmListIndexes1764231300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    const live = 'WHERE deleted_at IS NULL';
    const indexes: [string, string][] = [
      // customers: filters id, name, domain, industry, region, lifecycleStage, createdAt, updatedAt;
      // orders NAME, CREATED_AT (customers_created_idx), UPDATED_AT; search name, domain.
      ['customers_name_idx', `crm.customers (name, id) ${live}`],
      ['customers_updated_idx', `crm.customers (updated_at, id) ${live}`],
      ['customers_lifecycle_idx', `crm.customers (lifecycle_stage, created_at, id) ${live}`],
      ['customers_industry_idx', `crm.customers (industry) ${live}`],
      ['customers_region_idx', `crm.customers (region) ${live}`],
      [
        'customers_text_trgm_idx',
        `crm.customers USING gin (name gin_trgm_ops, domain gin_trgm_ops, industry gin_trgm_ops, region gin_trgm_ops) ${live}`,
      ],
      // leads: customer_id (leads_customer_idx), created (leads_created_idx).
      ['leads_name_idx', `crm.leads (name, id) ${live}`],
      ['leads_score_idx', `crm.leads (score, id) ${live}`],
      ['leads_updated_idx', `crm.leads (updated_at, id) ${live}`],
      ['leads_status_idx', `crm.leads (status, created_at, id) ${live}`],
      ['leads_source_idx', `crm.leads (source, created_at, id) ${live}`],
      ['leads_email_idx', `crm.leads (email) ${live}`],
      ['leads_company_idx', `crm.leads (company) ${live}`],
      [
        'leads_text_trgm_idx',
        `crm.leads USING gin (name gin_trgm_ops, company gin_trgm_ops, email gin_trgm_ops) ${live}`,
      ],
      // deals: customer_id (deals_customer_idx), created (deals_created_idx).
      ['deals_amount_idx', `crm.deals (amount, id) ${live}`],
      ['deals_close_date_idx', `crm.deals (expected_close_date, id) ${live}`],
      ['deals_updated_idx', `crm.deals (updated_at, id) ${live}`],
      ['deals_stage_idx', `crm.deals (stage, created_at, id) ${live}`],
      ['deals_owner_idx', `crm.deals (owner_id) ${live}`],
      ['deals_closed_at_idx', `crm.deals (closed_at) ${live} AND closed_at IS NOT NULL`],
      ['deals_title_idx', `crm.deals (title) ${live}`],
      ['deals_title_trgm_idx', `crm.deals USING gin (title gin_trgm_ops) ${live}`],
      // tickets: customer_id (tickets_customer_idx), assignee (tickets_assignee_idx), created.
      ['tickets_updated_idx', `crm.tickets (updated_at, id) ${live}`],
      ['tickets_opened_idx', `crm.tickets (opened_at, id) ${live}`],
      ['tickets_sla_due_idx', `crm.tickets (sla_due_at, id) ${live}`],
      ['tickets_status_idx', `crm.tickets (status, created_at, id) ${live}`],
      ['tickets_priority_idx', `crm.tickets (priority, created_at, id) ${live}`],
      ['tickets_subject_idx', `crm.tickets (subject) ${live}`],
      ['tickets_subject_trgm_idx', `crm.tickets USING gin (subject gin_trgm_ops) ${live}`],
      // activities: customer_id (activities_customer_idx), created, updated (activities_updated_idx).
      ['activities_occurred_idx', `crm.activities (occurred_at, id) ${live}`],
      ['activities_type_idx', `crm.activities (type, created_at, id) ${live}`],
      ['activities_owner_idx', `crm.activities (owner_id) ${live}`],
      ['activities_due_idx', `crm.activities (due_at) ${live} AND due_at IS NOT NULL`],
      ['activities_subject_idx', `crm.activities (subject) ${live}`],
      ['activities_subject_trgm_idx', `crm.activities USING gin (subject gin_trgm_ops) ${live}`],
    ];
    for (const [name, definition] of indexes) await q.query(`CREATE INDEX ${name} ON ${definition}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of [
      'customers_name_idx',
      'customers_updated_idx',
      'customers_lifecycle_idx',
      'customers_industry_idx',
      'customers_region_idx',
      'customers_text_trgm_idx',
      'leads_name_idx',
      'leads_score_idx',
      'leads_updated_idx',
      'leads_status_idx',
      'leads_source_idx',
      'leads_email_idx',
      'leads_company_idx',
      'leads_text_trgm_idx',
      'deals_amount_idx',
      'deals_close_date_idx',
      'deals_updated_idx',
      'deals_stage_idx',
      'deals_owner_idx',
      'deals_closed_at_idx',
      'deals_title_idx',
      'deals_title_trgm_idx',
      'tickets_updated_idx',
      'tickets_opened_idx',
      'tickets_sla_due_idx',
      'tickets_status_idx',
      'tickets_priority_idx',
      'tickets_subject_idx',
      'tickets_subject_trgm_idx',
      'activities_occurred_idx',
      'activities_type_idx',
      'activities_owner_idx',
      'activities_due_idx',
      'activities_subject_idx',
      'activities_subject_trgm_idx',
    ]) {
      await q.query(`DROP INDEX IF EXISTS crm.${name}`);
    }
  }
}
