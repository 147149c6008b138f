import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/**
 * The product catalogue and its price books: new tables only (nothing existing is rewritten).
 * One live product per SKU and one live standard book per currency (partial unique indexes);
 * one live price per product and book. Each list filter and order has its index.
 */
export class CrmProducts1764233400000 implements MigrationInterface {
  name = 'CrmProducts1764233400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE crm.products (
      ${RECORD_COLUMNS},
      sku text NOT NULL,
      name text NOT NULL,
      family text,
      description text,
      active boolean NOT NULL DEFAULT true
    )`);
    await q.query(`CREATE UNIQUE INDEX products_sku_key ON crm.products (sku) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX products_created_idx ON crm.products (created_at, id)`);
    await q.query(`CREATE INDEX products_updated_idx ON crm.products (updated_at, id)`);
    await q.query(`CREATE INDEX products_name_idx ON crm.products (name, id)`);
    await q.query(`CREATE INDEX products_family_idx ON crm.products (family, id)`);
    await q.query(`CREATE TABLE crm.price_books (
      ${RECORD_COLUMNS},
      name text NOT NULL,
      currency char(3) NOT NULL,
      is_standard boolean NOT NULL DEFAULT false,
      active boolean NOT NULL DEFAULT true
    )`);
    await q.query(`CREATE UNIQUE INDEX price_books_standard_key ON crm.price_books (currency)
      WHERE is_standard AND deleted_at IS NULL`);
    await q.query(`CREATE INDEX price_books_created_idx ON crm.price_books (created_at, id)`);
    await q.query(`CREATE INDEX price_books_updated_idx ON crm.price_books (updated_at, id)`);
    await q.query(`CREATE TABLE crm.price_book_entries (
      ${RECORD_COLUMNS},
      price_book_id uuid NOT NULL REFERENCES crm.price_books(id),
      product_id uuid NOT NULL REFERENCES crm.products(id),
      unit_price numeric(18,2) NOT NULL CHECK (unit_price >= 0)
    )`);
    await q.query(`CREATE UNIQUE INDEX price_book_entries_key ON crm.price_book_entries (price_book_id, product_id)
      WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX price_book_entries_product_idx ON crm.price_book_entries (product_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm.price_book_entries`);
    await q.query(`DROP TABLE crm.price_books`);
    await q.query(`DROP TABLE crm.products`);
  }
}
