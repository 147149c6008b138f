import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/**
 * Lead sharing: distribution rules, offers of CRM leads to partners with their event log, and the
 * leads partners refer (with the idempotency key that makes a referral safe to retry).
 */
export class PrmLeadSharing1764231500000 implements MigrationInterface {
  name = 'PrmLeadSharing1764231500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE prm.distribution_rules (${RECORD_COLUMNS},
      name text NOT NULL,
      priority int NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      region text,
      industry text,
      min_tier text CHECK (min_tier IN ('REGISTERED','SILVER','GOLD','PLATINUM')),
      response_sla_hours int NOT NULL CHECK (response_sla_hours BETWEEN 1 AND 720),
      max_open_offers_per_partner int NOT NULL CHECK (max_open_offers_per_partner BETWEEN 1 AND 1000)
    )`);
    // Routing reads the enabled rules in priority order; the list pages by priority.
    await q.query(
      `CREATE INDEX distribution_rules_priority_idx ON prm.distribution_rules (priority, id) WHERE deleted_at IS NULL`,
    );

    await q.query(`CREATE TABLE prm.lead_offers (${RECORD_COLUMNS},
      lead_id uuid NOT NULL,
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      rule_id uuid REFERENCES prm.distribution_rules(id),
      status text NOT NULL CHECK (status IN ('OFFERED','ACCEPTED','DECLINED','EXPIRED','WITHDRAWN')),
      offered_at timestamptz(3) NOT NULL,
      respond_by timestamptz(3) NOT NULL,
      responded_at timestamptz(3),
      decline_reason text,
      offered_by text NOT NULL,
      previous_offer_id uuid REFERENCES prm.lead_offers(id),
      next_offer_id uuid REFERENCES prm.lead_offers(id),
      CHECK (status <> 'DECLINED' OR decline_reason IS NOT NULL),
      CHECK (respond_by > offered_at)
    )`);
    // At most one live offer per lead.
    await q.query(
      `CREATE UNIQUE INDEX lead_offers_live_idx ON prm.lead_offers (lead_id) WHERE status = 'OFFERED' AND deleted_at IS NULL`,
    );
    await q.query(`CREATE INDEX lead_offers_lead_idx ON prm.lead_offers (lead_id, created_at, id)`);
    await q.query(`CREATE INDEX lead_offers_partner_idx ON prm.lead_offers (partner_id, created_at, id)`);
    await q.query(
      `CREATE INDEX lead_offers_partner_status_idx ON prm.lead_offers (partner_id, status, created_at, id)`,
    );
    await q.query(`CREATE INDEX lead_offers_created_idx ON prm.lead_offers (created_at, id)`);
    await q.query(
      `CREATE INDEX lead_offers_due_idx ON prm.lead_offers (respond_by) WHERE status = 'OFFERED' AND deleted_at IS NULL`,
    );

    await q.query(`CREATE TABLE prm.lead_offer_events (${RECORD_COLUMNS},
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      offer_id uuid NOT NULL REFERENCES prm.lead_offers(id),
      lead_id uuid NOT NULL,
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      type text NOT NULL CHECK (type IN ('OFFERED','ACCEPTED','DECLINED','EXPIRED','REROUTED','WITHDRAWN','UNROUTED')),
      actor text NOT NULL,
      at timestamptz(3) NOT NULL,
      reason text,
      related_offer_id uuid REFERENCES prm.lead_offers(id)
    )`);
    await q.query(`CREATE INDEX lead_offer_events_offer_idx ON prm.lead_offer_events (offer_id, seq)`);
    await q.query(`CREATE INDEX lead_offer_events_lead_idx ON prm.lead_offer_events (lead_id, seq)`);

    await q.query(`CREATE TABLE prm.lead_referrals (${RECORD_COLUMNS},
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      idempotency_key text NOT NULL,
      name text NOT NULL,
      company text NOT NULL,
      email text NOT NULL,
      domain text,
      notes text,
      status text NOT NULL CHECK (status IN ('PENDING','COMPLETED')),
      lead_id uuid,
      completed_at timestamptz(3),
      CHECK ((status = 'COMPLETED') = (lead_id IS NOT NULL))
    )`);
    await q.query(
      `CREATE UNIQUE INDEX lead_referrals_key_idx ON prm.lead_referrals (partner_id, idempotency_key)`,
    );
    await q.query(
      `CREATE INDEX lead_referrals_partner_idx ON prm.lead_referrals (partner_id, created_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE prm.lead_referrals, prm.lead_offer_events, prm.lead_offers, prm.distribution_rules`,
    );
  }
}
