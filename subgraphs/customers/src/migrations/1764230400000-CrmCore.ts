import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/** The CRM core: customers, contacts, leads, deals and their stage history. */
export class CrmCore1764230400000 implements MigrationInterface {
  name = 'CrmCore1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE crm.customers (${RECORD_COLUMNS},
      name text NOT NULL CHECK (length(trim(name)) > 0),
      domain text,
      industry text,
      region text,
      lifecycle_stage text NOT NULL CHECK (lifecycle_stage IN ('PROSPECT','OPPORTUNITY','CUSTOMER','CHURNED'))
    )`);
    await q.query(
      `CREATE INDEX customers_created_idx ON crm.customers (created_at, id) WHERE deleted_at IS NULL`,
    );
    await q.query(`CREATE INDEX customers_domain_idx ON crm.customers (domain) WHERE deleted_at IS NULL`);

    await q.query(`CREATE TABLE crm.contacts (${RECORD_COLUMNS},
      customer_id uuid NOT NULL REFERENCES crm.customers(id),
      first_name text NOT NULL,
      last_name text NOT NULL,
      email text,
      phone text,
      title text
    )`);
    await q.query(`CREATE INDEX contacts_customer_idx ON crm.contacts (customer_id, created_at, id)`);

    await q.query(`CREATE TABLE crm.leads (${RECORD_COLUMNS},
      name text NOT NULL,
      company text,
      email text,
      source text NOT NULL CHECK (source IN ('WEB','EVENT','REFERRAL','PARTNER','OUTBOUND','CAMPAIGN')),
      status text NOT NULL CHECK (status IN ('NEW','CONTACTED','QUALIFIED','DISQUALIFIED','CONVERTED')),
      score int NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 100),
      customer_id uuid REFERENCES crm.customers(id)
    )`);
    await q.query(`CREATE INDEX leads_created_idx ON crm.leads (created_at, id) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX leads_customer_idx ON crm.leads (customer_id, created_at, id)`);

    await q.query(`CREATE TABLE crm.deals (${RECORD_COLUMNS},
      title text NOT NULL,
      amount numeric(18,2) NOT NULL CHECK (amount >= 0),
      currency char(3) NOT NULL,
      stage text NOT NULL CHECK (stage IN ('PROSPECTING','QUALIFICATION','PROPOSAL','NEGOTIATION','CLOSED_WON','CLOSED_LOST')),
      expected_close_date date,
      closed_at timestamptz(3),
      owner_id text,
      customer_id uuid NOT NULL REFERENCES crm.customers(id),
      lead_id uuid REFERENCES crm.leads(id)
    )`);
    await q.query(`CREATE INDEX deals_created_idx ON crm.deals (created_at, id) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX deals_customer_idx ON crm.deals (customer_id, created_at, id)`);
    await q.query(`CREATE UNIQUE INDEX deals_lead_idx ON crm.deals (lead_id) WHERE lead_id IS NOT NULL`);

    await q.query(`CREATE TABLE crm.deal_stage_changes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      deal_id uuid NOT NULL REFERENCES crm.deals(id),
      from_stage text,
      to_stage text NOT NULL,
      changed_at timestamptz(3) NOT NULL DEFAULT now(),
      changed_by text
    )`);
    await q.query(`CREATE INDEX deal_stage_changes_deal_idx ON crm.deal_stage_changes (deal_id, changed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm.deal_stage_changes, crm.deals, crm.leads, crm.contacts, crm.customers`);
  }
}
