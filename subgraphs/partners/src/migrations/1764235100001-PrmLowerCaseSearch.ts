import type { MigrationInterface, QueryRunner } from 'typeorm';
import { lowerCaseTrigramIndexes } from '@sales-graph/shared/db/search-statistics';

/**
 * Every PRM trigram index over the lower-cased text of its columns, which `search`, `contains` and
 * `startsWith` now match (`lowerCaseTrigramIndexes`): the same rows as ILIKE, planned in a tenth
 * of the time on large tables.
 */
export class PrmLowerCaseSearch1764235100001 implements MigrationInterface {
  name = 'PrmLowerCaseSearch1764235100001';

  async up(q: QueryRunner): Promise<void> {
    await lowerCaseTrigramIndexes(q, 'prm', 'up');
  }

  async down(q: QueryRunner): Promise<void> {
    await lowerCaseTrigramIndexes(q, 'prm', 'down');
  }
}
