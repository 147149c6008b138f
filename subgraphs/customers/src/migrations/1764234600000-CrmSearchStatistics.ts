import type { MigrationInterface, QueryRunner } from 'typeorm';
import { setSearchStatistics } from '@sales-graph/shared/db/search-statistics';

/** A fine histogram on every column a CRM list searches by trigram (see `setSearchStatistics`). */
const COLUMNS = [
  ['crm.activities', 'subject'],
  ['crm.automation_rules', 'name'],
  ['crm.campaigns', 'name'],
  ['crm.customers', 'name'],
  ['crm.customers', 'domain'],
  ['crm.customers', 'industry'],
  ['crm.customers', 'region'],
  ['crm.deals', 'title'],
  ['crm.leads', 'name'],
  ['crm.leads', 'company'],
  ['crm.leads', 'email'],
  ['crm.tickets', 'subject'],
] as const;

export class CrmSearchStatistics1764234600000 implements MigrationInterface {
  name = 'CrmSearchStatistics1764234600000';

  async up(q: QueryRunner): Promise<void> {
    await setSearchStatistics(q, COLUMNS, 'up');
  }

  async down(q: QueryRunner): Promise<void> {
    await setSearchStatistics(q, COLUMNS, 'down');
  }
}
