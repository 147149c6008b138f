import type { MigrationInterface, QueryRunner } from 'typeorm';
import { searchWordIndexes } from '@sales-graph/shared/db/search-words';

/**
 * A word index beside every CRM trigram index (`searchWordIndexes`): `search` and `contains` find a
 * term of several words by its rarest word, which stays fast as the tables grow.
 */
export class CrmSearchWords1764235300000 implements MigrationInterface {
  name = 'CrmSearchWords1764235300000';

  async up(q: QueryRunner): Promise<void> {
    await searchWordIndexes(q, 'crm', 'up');
  }

  async down(q: QueryRunner): Promise<void> {
    await searchWordIndexes(q, 'crm', 'down');
  }
}
