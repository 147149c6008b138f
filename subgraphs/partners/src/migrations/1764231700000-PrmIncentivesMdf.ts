import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/**
 * Incentives: commission plans per tier and commission payouts; market development funds (MDF):
 * budget → allocation → request → claim. Each MDF parent keeps the running total of its live
 * children, and a CHECK keeps that total within the parent's amount: however a write gets here,
 * no child can exceed its parent (the services also lock the parent row while they add to it).
 */
export class PrmIncentivesMdf1764231700000 implements MigrationInterface {
  name = 'PrmIncentivesMdf1764231700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE prm.commission_plans (${RECORD_COLUMNS},
      tier text NOT NULL CHECK (tier IN ('REGISTERED','SILVER','GOLD','PLATINUM')),
      rate numeric(5,4) NOT NULL CHECK (rate >= 0 AND rate <= 1),
      cap_per_deal numeric(18,2) CHECK (cap_per_deal >= 0),
      cap_per_period numeric(18,2) CHECK (cap_per_period >= 0),
      currency char(3) NOT NULL
    )`);
    await q.query(
      `CREATE UNIQUE INDEX commission_plans_tier_idx ON prm.commission_plans (tier) WHERE deleted_at IS NULL`,
    );
    await q.query(`CREATE INDEX commission_plans_created_idx ON prm.commission_plans (created_at, id)`);

    await q.query(`CREATE TABLE prm.commission_payouts (${RECORD_COLUMNS},
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      period_from date NOT NULL,
      period_to date NOT NULL,
      amount numeric(18,2) NOT NULL CHECK (amount >= 0),
      currency char(3) NOT NULL,
      deal_count int NOT NULL CHECK (deal_count >= 0),
      CHECK (period_to >= period_from)
    )`);
    await q.query(
      `CREATE UNIQUE INDEX commission_payouts_period_idx ON prm.commission_payouts (partner_id, period_from, period_to) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX commission_payouts_partner_idx ON prm.commission_payouts (partner_id, created_at, id)`,
    );

    await q.query(`CREATE TABLE prm.mdf_budgets (${RECORD_COLUMNS},
      name text NOT NULL CHECK (length(trim(name)) > 0),
      period_from date NOT NULL,
      period_to date NOT NULL,
      amount numeric(18,2) NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL,
      allocated numeric(18,2) NOT NULL DEFAULT 0 CHECK (allocated >= 0 AND allocated <= amount),
      CHECK (period_to >= period_from)
    )`);
    await q.query(`CREATE INDEX mdf_budgets_created_idx ON prm.mdf_budgets (created_at, id)`);

    await q.query(`CREATE TABLE prm.mdf_allocations (${RECORD_COLUMNS},
      budget_id uuid NOT NULL REFERENCES prm.mdf_budgets(id),
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      amount numeric(18,2) NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL,
      requested numeric(18,2) NOT NULL DEFAULT 0 CHECK (requested >= 0 AND requested <= amount)
    )`);
    await q.query(
      `CREATE UNIQUE INDEX mdf_allocations_budget_partner_idx ON prm.mdf_allocations (budget_id, partner_id) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX mdf_allocations_budget_idx ON prm.mdf_allocations (budget_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX mdf_allocations_partner_idx ON prm.mdf_allocations (partner_id, created_at, id)`,
    );

    await q.query(`CREATE TABLE prm.mdf_requests (${RECORD_COLUMNS},
      allocation_id uuid NOT NULL REFERENCES prm.mdf_allocations(id),
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      activity text NOT NULL CHECK (length(trim(activity)) > 0),
      amount numeric(18,2) NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL,
      status text NOT NULL CHECK (status IN ('SUBMITTED','APPROVED','REJECTED')),
      reviewed_by text,
      reviewed_at timestamptz(3),
      review_note text,
      claimed numeric(18,2) NOT NULL DEFAULT 0 CHECK (claimed >= 0 AND claimed <= amount),
      CHECK (status = 'APPROVED' OR claimed = 0)
    )`);
    await q.query(
      `CREATE INDEX mdf_requests_allocation_idx ON prm.mdf_requests (allocation_id, created_at, id)`,
    );
    await q.query(`CREATE INDEX mdf_requests_partner_idx ON prm.mdf_requests (partner_id, created_at, id)`);

    await q.query(`CREATE TABLE prm.mdf_claims (${RECORD_COLUMNS},
      request_id uuid NOT NULL REFERENCES prm.mdf_requests(id),
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      amount numeric(18,2) NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL,
      proof text[] NOT NULL CHECK (cardinality(proof) BETWEEN 1 AND 20),
      status text NOT NULL CHECK (status IN ('SUBMITTED','PAID','REJECTED')),
      reviewed_by text,
      paid_at timestamptz(3),
      CHECK ((status = 'PAID') = (paid_at IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX mdf_claims_request_idx ON prm.mdf_claims (request_id, created_at, id)`);
    await q.query(`CREATE INDEX mdf_claims_partner_idx ON prm.mdf_claims (partner_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE prm.mdf_claims, prm.mdf_requests, prm.mdf_allocations, prm.mdf_budgets, prm.commission_payouts, prm.commission_plans`,
    );
  }
}
