import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/**
 * Deal line items: a new table only (no deal row is rewritten; a deal without lines keeps the
 * amount it has). The lines of a deal are read by `deal_id`, in position order.
 */
export class CrmDealLineItems1764233400001 implements MigrationInterface {
  name = 'CrmDealLineItems1764233400001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE crm.deal_line_items (
      ${RECORD_COLUMNS},
      deal_id uuid NOT NULL REFERENCES crm.deals(id),
      product_id uuid NOT NULL REFERENCES crm.products(id),
      position int NOT NULL,
      quantity numeric(18,2) NOT NULL CHECK (quantity > 0),
      unit_price numeric(18,2) NOT NULL CHECK (unit_price >= 0),
      discount numeric(5,2) NOT NULL DEFAULT 0 CHECK (discount >= 0 AND discount <= 100),
      total numeric(18,2) NOT NULL CHECK (total >= 0)
    )`);
    await q.query(`CREATE INDEX deal_line_items_deal_idx ON crm.deal_line_items (deal_id, position)
      WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX deal_line_items_product_idx ON crm.deal_line_items (product_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm.deal_line_items`);
  }
}
