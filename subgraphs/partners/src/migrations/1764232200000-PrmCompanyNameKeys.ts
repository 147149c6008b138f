import type { MigrationInterface, QueryRunner } from 'typeorm';
import { normaliseCompanyName } from '@sales-graph/shared/company-name';
import { recomputeColumn } from '@sales-graph/shared/db/recompute-column';

/**
 * Partners' names and registrations' prospects keyed again with the company-name rule both
 * subgraphs now share (`shared/src/company-name.ts`): one set-based UPDATE per table from keys
 * computed by that same function. `down` keeps the keys (the previous rule is gone).
 */
export class PrmCompanyNameKeys1764232200000 implements MigrationInterface {
  name = 'PrmCompanyNameKeys1764232200000';

  async up(q: QueryRunner): Promise<void> {
    const compute = normaliseCompanyName;
    await recomputeColumn(q, { table: 'prm.partners', source: 'name', target: 'name_key', compute });
    await recomputeColumn(q, {
      table: 'prm.deal_registrations',
      source: 'prospect_company_name',
      target: 'prospect_company_key',
      compute,
    });
  }

  async down(): Promise<void> {}
}
