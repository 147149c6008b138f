import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/** Dated exchange rates to the corporate currency: a new, small table (nothing rewritten). */
export class CrmExchangeRates1764233500000 implements MigrationInterface {
  name = 'CrmExchangeRates1764233500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE crm.exchange_rates (${RECORD_COLUMNS},
      currency char(3) NOT NULL,
      rate_to_corporate numeric(24,12) NOT NULL CHECK (rate_to_corporate > 0),
      effective_date date NOT NULL,
      source text
    )`);
    // The rate of a date (latest on or before it) and one rate per currency and day.
    await q.query(
      `CREATE UNIQUE INDEX exchange_rates_currency_date_idx ON crm.exchange_rates (currency, effective_date) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX exchange_rates_created_idx ON crm.exchange_rates (created_at, id) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX exchange_rates_updated_idx ON crm.exchange_rates (updated_at, id) WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX exchange_rates_effective_idx ON crm.exchange_rates (effective_date, id) WHERE deleted_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm.exchange_rates`);
  }
}
