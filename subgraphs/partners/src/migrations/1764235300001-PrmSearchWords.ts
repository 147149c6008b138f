import type { MigrationInterface, QueryRunner } from 'typeorm';
import { searchWordIndexes } from '@sales-graph/shared/db/search-words';

/**
 * A word index beside every PRM trigram index (`searchWordIndexes`): `search` and `contains` find a
 * term of several words by its rarest word, which stays fast as the tables grow.
 */
export class PrmSearchWords1764235300001 implements MigrationInterface {
  name = 'PrmSearchWords1764235300001';

  async up(q: QueryRunner): Promise<void> {
    await searchWordIndexes(q, 'prm', 'up');
  }

  async down(q: QueryRunner): Promise<void> {
    await searchWordIndexes(q, 'prm', 'down');
  }
}
