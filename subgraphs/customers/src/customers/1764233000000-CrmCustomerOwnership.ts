import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/**
 * Rules of engagement: each customer's ownership (DIRECT, CHANNEL with its owning partner, or
 * SHARED) and the history of its changes (who, when, from, to, why).
 *
 * A new customer is SHARED unless someone decides otherwise (so lead sharing and registration
 * work as before until sales management claims an account). Existing customers are decided from
 * their deals, as the CRM's attribution projection (`crm.partner_attributions`, role SOURCED)
 * records them:
 * - deals, none of them partner-sourced: DIRECT (our own account; partners must now ask);
 * - partner-sourced deals of exactly one partner and no direct deal: CHANNEL, owned by it;
 * - anything else (direct and partner deals, several partners, or no deal at all): SHARED.
 * The backfill is one set-based UPDATE; its rows get no history entry (the history starts with
 * the first decision a person takes).
 */
export class CrmCustomerOwnership1764233000000 implements MigrationInterface {
  name = 'CrmCustomerOwnership1764233000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crm.customers
      ADD COLUMN ownership text NOT NULL DEFAULT 'SHARED' CHECK (ownership IN ('DIRECT', 'CHANNEL', 'SHARED')),
      ADD COLUMN owner_partner_id uuid,
      ADD CONSTRAINT customers_owner_partner_check CHECK ((ownership = 'CHANNEL') = (owner_partner_id IS NOT NULL))`);
    await q.query(`WITH sourcing AS (
        SELECT d.customer_id,
               count(*) FILTER (WHERE a.partner_id IS NULL) AS direct,
               count(DISTINCT a.partner_id) AS partners,
               min(a.partner_id::text) AS partner_id
        FROM crm.deals d
        LEFT JOIN crm.partner_attributions a
          ON a.record_id = d.id AND a.role = 'SOURCED' AND a.partner_id IS NOT NULL
        WHERE d.deleted_at IS NULL AND d.customer_id IS NOT NULL
        GROUP BY d.customer_id
      )
      UPDATE crm.customers c
      SET ownership = CASE WHEN s.partners = 0 THEN 'DIRECT'
                           WHEN s.direct = 0 AND s.partners = 1 THEN 'CHANNEL' ELSE 'SHARED' END,
          owner_partner_id = CASE WHEN s.direct = 0 AND s.partners = 1 THEN s.partner_id::uuid END
      FROM sourcing s WHERE s.customer_id = c.id AND (s.partners = 0 OR (s.direct = 0 AND s.partners = 1))`);
    await q.query(`CREATE TABLE crm.customer_ownership_changes (
      ${RECORD_COLUMNS},
      customer_id uuid NOT NULL REFERENCES crm.customers(id),
      from_ownership text NOT NULL,
      from_partner_id uuid,
      to_ownership text NOT NULL,
      to_partner_id uuid,
      reason text NOT NULL,
      changed_by text NOT NULL,
      changed_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX customer_ownership_changes_customer_idx
      ON crm.customer_ownership_changes (customer_id, changed_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm.customer_ownership_changes`);
    await q.query(`ALTER TABLE crm.customers DROP CONSTRAINT customers_owner_partner_check,
      DROP COLUMN owner_partner_id, DROP COLUMN ownership`);
  }
}
