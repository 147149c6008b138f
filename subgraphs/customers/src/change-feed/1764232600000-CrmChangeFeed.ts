import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  changeFeedSql,
  changeFeedTriggersSql,
  dropChangeFeedSql,
  type ChangeFeedTable,
} from '@sales-graph/shared/feed/index';

/**
 * The CRM's change feed (`crm.change_feed`, shared's `feed/`): every write of a customer, contact,
 * deal, lead, ticket or activity is an event in the writer's transaction, by trigger. A partner
 * reads CRM events by its claim sets (record ids), so no partner column.
 */
const TABLES: readonly ChangeFeedTable[] = [
  { table: 'customers', type: 'Customer' },
  { table: 'contacts', type: 'Contact' },
  { table: 'deals', type: 'Deal' },
  { table: 'leads', type: 'Lead' },
  { table: 'tickets', type: 'Ticket' },
  { table: 'activities', type: 'Activity' },
];

export class CrmChangeFeed1764232600000 implements MigrationInterface {
  name = 'CrmChangeFeed1764232600000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [...changeFeedSql('crm'), ...changeFeedTriggersSql('crm', TABLES)]) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropChangeFeedSql('crm', TABLES)) await q.query(sql);
  }
}
