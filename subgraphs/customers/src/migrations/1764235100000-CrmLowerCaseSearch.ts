import type { MigrationInterface, QueryRunner } from 'typeorm';
import { lowerCaseTrigramIndexes } from '@sales-graph/shared/db/search-statistics';

/**
 * Every CRM trigram index over the lower-cased text of its columns, which `search`, `contains` and
 * `startsWith` now match (`lowerCaseTrigramIndexes`): the same rows as ILIKE, planned in a tenth
 * of the time on large tables.
 */
export class CrmLowerCaseSearch1764235100000 implements MigrationInterface {
  name = 'CrmLowerCaseSearch1764235100000';

  async up(q: QueryRunner): Promise<void> {
    await lowerCaseTrigramIndexes(q, 'crm', 'up');
  }

  async down(q: QueryRunner): Promise<void> {
    await lowerCaseTrigramIndexes(q, 'crm', 'down');
  }
}
