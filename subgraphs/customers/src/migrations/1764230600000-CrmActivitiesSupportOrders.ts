import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/** Activities, support tickets and their comments, orders and their lines. */
export class CrmActivitiesSupportOrders1764230600000 implements MigrationInterface {
  name = 'CrmActivitiesSupportOrders1764230600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE crm.activities (${RECORD_COLUMNS},
      type text NOT NULL CHECK (type IN ('CALL','EMAIL','MEETING','NOTE','TASK')),
      subject text NOT NULL CHECK (length(trim(subject)) > 0),
      body text,
      occurred_at timestamptz(3) NOT NULL,
      due_at timestamptz(3),
      completed_at timestamptz(3),
      owner_id text,
      customer_id uuid NOT NULL REFERENCES crm.customers(id),
      contact_id uuid REFERENCES crm.contacts(id),
      lead_id uuid REFERENCES crm.leads(id),
      deal_id uuid REFERENCES crm.deals(id),
      CHECK (type = 'TASK' OR (due_at IS NULL AND completed_at IS NULL))
    )`);
    // Customer.activities and the timeline (newest first), root list, incremental sync, insights.
    await q.query(
      `CREATE INDEX activities_customer_idx ON crm.activities (customer_id, occurred_at, id) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX activities_created_idx ON crm.activities (created_at, id) WHERE deleted_at IS NULL`,
    );
    await q.query(`CREATE INDEX activities_updated_idx ON crm.activities (updated_at, id)`);
    await q.query(`CREATE INDEX activities_deal_idx ON crm.activities (deal_id) WHERE deal_id IS NOT NULL`);

    await q.query(`CREATE TABLE crm.tickets (${RECORD_COLUMNS},
      subject text NOT NULL CHECK (length(trim(subject)) > 0),
      description text,
      priority text NOT NULL CHECK (priority IN ('LOW','MEDIUM','HIGH','URGENT')),
      status text NOT NULL CHECK (status IN ('OPEN','PENDING','RESOLVED','CLOSED')),
      opened_at timestamptz(3) NOT NULL,
      sla_due_at timestamptz(3) NOT NULL,
      resolved_at timestamptz(3),
      closed_at timestamptz(3),
      assignee_id text,
      customer_id uuid NOT NULL REFERENCES crm.customers(id),
      contact_id uuid REFERENCES crm.contacts(id)
    )`);
    await q.query(
      `CREATE INDEX tickets_customer_idx ON crm.tickets (customer_id, opened_at, id) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX tickets_customer_open_idx ON crm.tickets (customer_id, sla_due_at, id) WHERE deleted_at IS NULL AND status IN ('OPEN','PENDING')`,
    );
    await q.query(
      `CREATE INDEX tickets_created_idx ON crm.tickets (created_at, id) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX tickets_assignee_idx ON crm.tickets (assignee_id, status) WHERE deleted_at IS NULL`,
    );

    await q.query(`CREATE TABLE crm.ticket_comments (${RECORD_COLUMNS},
      ticket_id uuid NOT NULL REFERENCES crm.tickets(id),
      body text NOT NULL CHECK (length(trim(body)) > 0),
      author_id text NOT NULL
    )`);
    await q.query(
      `CREATE INDEX ticket_comments_ticket_idx ON crm.ticket_comments (ticket_id, created_at, id)`,
    );

    await q.query(`CREATE SEQUENCE crm.order_number_seq`);
    await q.query(`CREATE TABLE crm.orders (${RECORD_COLUMNS},
      order_number text NOT NULL DEFAULT ('SO-' || lpad(nextval('crm.order_number_seq')::text, 6, '0')),
      ordered_at timestamptz(3) NOT NULL,
      currency char(3) NOT NULL,
      status text NOT NULL CHECK (status IN ('PLACED','FULFILLED','CANCELLED')),
      total_amount numeric(18,2) NOT NULL DEFAULT 0 CHECK (total_amount >= 0),
      customer_id uuid NOT NULL REFERENCES crm.customers(id),
      contact_id uuid REFERENCES crm.contacts(id)
    )`);
    await q.query(`CREATE UNIQUE INDEX orders_number_idx ON crm.orders (order_number)`);
    await q.query(
      `CREATE INDEX orders_customer_idx ON crm.orders (customer_id, ordered_at, id) WHERE deleted_at IS NULL`,
    );
    await q.query(`CREATE INDEX orders_created_idx ON crm.orders (created_at, id) WHERE deleted_at IS NULL`);

    await q.query(`CREATE TABLE crm.order_lines (${RECORD_COLUMNS},
      order_id uuid NOT NULL REFERENCES crm.orders(id),
      position int NOT NULL CHECK (position > 0),
      product text NOT NULL CHECK (length(trim(product)) > 0),
      sku text,
      quantity int NOT NULL CHECK (quantity > 0),
      unit_price numeric(18,2) NOT NULL CHECK (unit_price >= 0),
      line_total numeric(18,2) GENERATED ALWAYS AS (quantity * unit_price) STORED,
      UNIQUE (order_id, position)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm.order_lines, crm.orders, crm.ticket_comments, crm.tickets, crm.activities`);
    await q.query(`DROP SEQUENCE crm.order_number_seq`);
  }
}
