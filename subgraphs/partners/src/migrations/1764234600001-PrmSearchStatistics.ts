import type { MigrationInterface, QueryRunner } from 'typeorm';
import { setSearchStatistics } from '@sales-graph/shared/db/search-statistics';

/** A fine histogram on every column a PRM list searches by trigram (see `setSearchStatistics`). */
const COLUMNS = [
  ['prm.courses', 'title'],
  ['prm.deal_registrations', 'prospect_company_name'],
  ['prm.deal_registrations', 'prospect_domain'],
  ['prm.mdf_budgets', 'name'],
  ['prm.mdf_requests', 'activity'],
  ['prm.partners', 'name'],
  ['prm.partners', 'region'],
] as const;

export class PrmSearchStatistics1764234600001 implements MigrationInterface {
  name = 'PrmSearchStatistics1764234600001';

  async up(q: QueryRunner): Promise<void> {
    await setSearchStatistics(q, COLUMNS, 'up');
  }

  async down(q: QueryRunner): Promise<void> {
    await setSearchStatistics(q, COLUMNS, 'down');
  }
}
