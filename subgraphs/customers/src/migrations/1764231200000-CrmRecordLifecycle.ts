import type { MigrationInterface, QueryRunner } from 'typeorm';
import { normaliseCompanyName } from '@sales-graph/shared/company-name';

/**
 * The lifecycle of CRM records: who last changed customers and contacts, soft-deleted and merged
 * customers, duplicate keys, contact roles, lead consent and conversion links, lost reasons.
 */
export class CrmRecordLifecycle1764231200000 implements MigrationInterface {
  name = 'CrmRecordLifecycle1764231200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crm.customers
      ADD COLUMN updated_by text,
      ADD COLUMN merged_into_id uuid REFERENCES crm.customers(id),
      ADD COLUMN name_key text`);
    // The normalised name is computed by the same function the service uses, so existing rows match.
    const rows: { id: string; name: string }[] = await q.query(`SELECT id, name FROM crm.customers`);
    for (const row of rows) {
      await q.query(`UPDATE crm.customers SET name_key = $2 WHERE id = $1`, [
        row.id,
        normaliseCompanyName(row.name),
      ]);
    }
    // Duplicate detection and the possible-duplicates list look up live customers by either key.
    await q.query(
      `CREATE INDEX customers_name_key_idx ON crm.customers (name_key, id) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX customers_domain_live_idx ON crm.customers (domain, id) WHERE deleted_at IS NULL AND domain IS NOT NULL`,
    );

    await q.query(`ALTER TABLE crm.contacts
      ADD COLUMN updated_by text,
      ADD COLUMN roles text[] NOT NULL DEFAULT '{}'`);
    // The duplicate-email check within a customer (not UNIQUE: older data may hold duplicates; the
    // service checks under a lock on the customer row).
    await q.query(
      `CREATE INDEX contacts_customer_email_idx ON crm.contacts (customer_id, email) WHERE deleted_at IS NULL AND email IS NOT NULL`,
    );

    await q.query(`ALTER TABLE crm.leads
      ADD COLUMN industry text,
      ADD COLUMN region text,
      ADD COLUMN consent_given boolean NOT NULL DEFAULT false,
      ADD COLUMN consent_at timestamptz(3),
      ADD COLUMN consent_source text,
      ADD COLUMN status_reason text,
      ADD COLUMN contact_id uuid REFERENCES crm.contacts(id),
      ADD CONSTRAINT leads_consent_check CHECK (NOT consent_given OR consent_at IS NOT NULL)`);
    // Engagement scoring counts a lead's recent activities.
    await q.query(
      `CREATE INDEX activities_lead_idx ON crm.activities (lead_id, occurred_at) WHERE lead_id IS NOT NULL AND deleted_at IS NULL`,
    );
    await q.query(`ALTER TABLE crm.deals ADD COLUMN lost_reason text`);
    await q.query(`ALTER TABLE crm.deal_stage_changes ADD COLUMN reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crm.deal_stage_changes DROP COLUMN reason`);
    await q.query(`ALTER TABLE crm.deals DROP COLUMN lost_reason`);
    await q.query(`DROP INDEX crm.activities_lead_idx`);
    await q.query(`ALTER TABLE crm.leads
      DROP CONSTRAINT leads_consent_check,
      DROP COLUMN contact_id, DROP COLUMN status_reason, DROP COLUMN consent_source,
      DROP COLUMN consent_at, DROP COLUMN consent_given, DROP COLUMN region, DROP COLUMN industry`);
    await q.query(`DROP INDEX crm.contacts_customer_email_idx`);
    await q.query(`ALTER TABLE crm.contacts DROP COLUMN roles, DROP COLUMN updated_by`);
    await q.query(`DROP INDEX crm.customers_domain_live_idx`);
    await q.query(`DROP INDEX crm.customers_name_key_idx`);
    await q.query(
      `ALTER TABLE crm.customers DROP COLUMN name_key, DROP COLUMN merged_into_id, DROP COLUMN updated_by`,
    );
  }
}
