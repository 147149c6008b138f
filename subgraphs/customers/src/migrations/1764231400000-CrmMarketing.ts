import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/** Marketing: campaigns and their members, contact channel preferences, automation rules and runs. */
export class CrmMarketing1764231400000 implements MigrationInterface {
  name = 'CrmMarketing1764231400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE crm.campaigns (${RECORD_COLUMNS},
      name text NOT NULL CHECK (length(trim(name)) > 0),
      channel text NOT NULL CHECK (channel IN ('EMAIL','EVENT','WEBINAR','ADS','CONTENT')),
      status text NOT NULL CHECK (status IN ('DRAFT','ACTIVE','COMPLETED','CANCELLED')),
      starts_at timestamptz(3),
      ends_at timestamptz(3),
      budget numeric(18,2) CHECK (budget >= 0),
      currency char(3),
      CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at),
      CHECK ((budget IS NULL) = (currency IS NULL))
    )`);
    // The campaigns root list (creation order).
    await q.query(
      `CREATE INDEX campaigns_created_idx ON crm.campaigns (created_at, id) WHERE deleted_at IS NULL`,
    );

    await q.query(`CREATE TABLE crm.campaign_members (${RECORD_COLUMNS},
      campaign_id uuid NOT NULL REFERENCES crm.campaigns(id),
      contact_id uuid REFERENCES crm.contacts(id),
      lead_id uuid REFERENCES crm.leads(id),
      status text NOT NULL CHECK (status IN ('ENROLLED','SENT','OPENED','CLICKED','RESPONDED','BOUNCED','UNSUBSCRIBED')),
      responded_at timestamptz(3),
      CHECK ((contact_id IS NULL) <> (lead_id IS NULL)),
      CHECK (status <> 'RESPONDED' OR responded_at IS NOT NULL)
    )`);
    // Campaign.members (page per campaign); one membership per person and campaign.
    await q.query(
      `CREATE INDEX campaign_members_campaign_idx ON crm.campaign_members (campaign_id, created_at, id) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX campaign_members_contact_uq ON crm.campaign_members (campaign_id, contact_id) WHERE contact_id IS NOT NULL AND deleted_at IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX campaign_members_lead_uq ON crm.campaign_members (campaign_id, lead_id) WHERE lead_id IS NOT NULL AND deleted_at IS NULL`,
    );
    // Contact.campaignMemberships, Lead.campaignMemberships and the timeline's campaign touches.
    await q.query(
      `CREATE INDEX campaign_members_contact_idx ON crm.campaign_members (contact_id, created_at, id) WHERE contact_id IS NOT NULL AND deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX campaign_members_lead_idx ON crm.campaign_members (lead_id, created_at, id) WHERE lead_id IS NOT NULL AND deleted_at IS NULL`,
    );

    await q.query(`CREATE TABLE crm.contact_preferences (${RECORD_COLUMNS},
      contact_id uuid NOT NULL REFERENCES crm.contacts(id),
      channel text NOT NULL CHECK (channel IN ('EMAIL','PHONE','SMS','POST')),
      opted_in boolean NOT NULL,
      unsubscribed_at timestamptz(3),
      source text,
      CHECK (NOT opted_in OR unsubscribed_at IS NULL)
    )`);
    await q.query(
      `CREATE UNIQUE INDEX contact_preferences_contact_uq ON crm.contact_preferences (contact_id, channel) WHERE deleted_at IS NULL`,
    );

    await q.query(`CREATE TABLE crm.automation_rules (${RECORD_COLUMNS},
      name text NOT NULL CHECK (length(trim(name)) > 0),
      enabled boolean NOT NULL,
      trigger_type text NOT NULL CHECK (trigger_type IN ('LEAD_CREATED','LEAD_SCORE_CROSSED','DEAL_STAGE_CHANGED')),
      threshold int CHECK (threshold BETWEEN 1 AND 100),
      to_stage text,
      condition_lead_source text,
      condition_region text,
      action_type text NOT NULL CHECK (action_type IN ('ENROL_IN_CAMPAIGN','ASSIGN_OWNER','CREATE_TASK')),
      campaign_id uuid REFERENCES crm.campaigns(id),
      owner_id text,
      task_subject text,
      task_due_in_days int CHECK (task_due_in_days BETWEEN 0 AND 365),
      CHECK ((trigger_type = 'LEAD_SCORE_CROSSED') = (threshold IS NOT NULL)),
      CHECK ((trigger_type = 'DEAL_STAGE_CHANGED') = (to_stage IS NOT NULL)),
      CHECK ((action_type = 'ENROL_IN_CAMPAIGN') = (campaign_id IS NOT NULL)),
      CHECK ((action_type = 'ASSIGN_OWNER') = (owner_id IS NOT NULL)),
      CHECK ((action_type = 'CREATE_TASK') = (task_subject IS NOT NULL AND task_due_in_days IS NOT NULL))
    )`);
    // The automationRules root list, and the enabled rules of a trigger (read on every trigger).
    await q.query(
      `CREATE INDEX automation_rules_created_idx ON crm.automation_rules (created_at, id) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX automation_rules_trigger_idx ON crm.automation_rules (trigger_type, created_at, id) WHERE enabled AND deleted_at IS NULL`,
    );

    await q.query(`CREATE TABLE crm.automation_runs (${RECORD_COLUMNS},
      rule_id uuid NOT NULL REFERENCES crm.automation_rules(id),
      event text NOT NULL,
      lead_id uuid REFERENCES crm.leads(id),
      deal_id uuid REFERENCES crm.deals(id),
      outcome text NOT NULL CHECK (outcome IN ('APPLIED','SKIPPED')),
      detail text
    )`);
    // AutomationRule.runs, newest first.
    await q.query(`CREATE INDEX automation_runs_rule_idx ON crm.automation_runs (rule_id, created_at, id)`);

    await q.query(`ALTER TABLE crm.leads ADD COLUMN owner_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crm.leads DROP COLUMN owner_id`);
    await q.query(`DROP TABLE crm.automation_runs`);
    await q.query(`DROP TABLE crm.automation_rules`);
    await q.query(`DROP TABLE crm.contact_preferences`);
    await q.query(`DROP TABLE crm.campaign_members`);
    await q.query(`DROP TABLE crm.campaigns`);
  }
}
