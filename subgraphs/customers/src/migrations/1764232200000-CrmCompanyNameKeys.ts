import type { MigrationInterface, QueryRunner } from 'typeorm';
import { recomputeColumn } from '@sales-graph/shared/db/recompute-column';
import { customerNameKey } from '../customers/customer.rules';

/**
 * Customers' duplicate keys recomputed with the company-name rule both subgraphs now share
 * (`shared/src/company-name.ts`): one set-based UPDATE from keys computed by that same function.
 * `down` keeps the keys (the previous rule is gone; the code that reads them recomputes on save).
 */
export class CrmCompanyNameKeys1764232200000 implements MigrationInterface {
  name = 'CrmCompanyNameKeys1764232200000';

  async up(q: QueryRunner): Promise<void> {
    await recomputeColumn(q, {
      table: 'crm.customers',
      source: 'name',
      target: 'name_key',
      compute: customerNameKey,
    });
  }

  async down(): Promise<void> {}
}
