import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customer's region and industry on each deal (`deals.customer_region`,
 * `deals.customer_industry`), so that `salesAnalytics` groups 1,000,000 deals by them without a
 * hash join with the customers (README "Sales analytics"). Derived, like the channel, by the
 * database in the writer's transaction: a row trigger on the deals copies them from the live
 * customer when a deal is created, changes customer, or anything writes the columns; a row
 * trigger on the customers rewrites its deals when its region, industry or deletion changes (a
 * deleted customer's deals have none, as `Deal.customer` is null then).
 * `reconcileDealChannels` checks them with the channel.
 */
export class CrmDealCustomerSegment1764232800002 implements MigrationInterface {
  name = 'CrmDealCustomerSegment1764232800002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE crm.customers IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`ALTER TABLE crm.deals ADD COLUMN customer_region text, ADD COLUMN customer_industry text`);
    await q.query(`UPDATE crm.deals d SET customer_region = c.region, customer_industry = c.industry
      FROM crm.customers c
      WHERE c.id = d.customer_id AND c.deleted_at IS NULL AND (c.region IS NOT NULL OR c.industry IS NOT NULL)`);
    await q.query(`CREATE FUNCTION crm.deals_set_customer_segment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.customer_region := NULL;
        NEW.customer_industry := NULL;
        SELECT c.region, c.industry INTO NEW.customer_region, NEW.customer_industry
        FROM crm.customers c WHERE c.id = NEW.customer_id AND c.deleted_at IS NULL;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER deals_customer_segment
      BEFORE INSERT OR UPDATE OF customer_id, customer_region, customer_industry ON crm.deals
      FOR EACH ROW EXECUTE FUNCTION crm.deals_set_customer_segment()`);
    await q.query(`CREATE FUNCTION crm.customers_set_deal_segments() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- The deals' trigger recomputes both columns from the customer as it is now.
        UPDATE crm.deals SET customer_region = NULL WHERE customer_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER customers_deal_segments
      AFTER UPDATE OF region, industry, deleted_at ON crm.customers FOR EACH ROW
      WHEN (OLD.region IS DISTINCT FROM NEW.region OR OLD.industry IS DISTINCT FROM NEW.industry
            OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
      EXECUTE FUNCTION crm.customers_set_deal_segments()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER customers_deal_segments ON crm.customers`);
    await q.query(`DROP FUNCTION crm.customers_set_deal_segments()`);
    await q.query(`DROP TRIGGER deals_customer_segment ON crm.deals`);
    await q.query(`DROP FUNCTION crm.deals_set_customer_segment()`);
    await q.query(`ALTER TABLE crm.deals DROP COLUMN customer_industry, DROP COLUMN customer_region`);
  }
}
