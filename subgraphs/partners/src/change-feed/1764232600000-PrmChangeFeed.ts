import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  changeFeedSql,
  changeFeedTriggersSql,
  dropChangeFeedSql,
  type ChangeFeedTable,
} from '@sales-graph/shared/feed/index';

/**
 * The PRM's change feed (`prm.change_feed`, shared's `feed/`): every write of a partner, deal
 * registration or lead offer is an event in the writer's transaction, by trigger, with the
 * partner the row belongs to (the column the row scope reads).
 */
const TABLES: readonly ChangeFeedTable[] = [
  { table: 'partners', type: 'Partner', partnerColumn: 'id' },
  { table: 'deal_registrations', type: 'DealRegistration', partnerColumn: 'partner_id' },
  { table: 'lead_offers', type: 'LeadOffer', partnerColumn: 'partner_id' },
];

export class PrmChangeFeed1764232600000 implements MigrationInterface {
  name = 'PrmChangeFeed1764232600000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [...changeFeedSql('prm'), ...changeFeedTriggersSql('prm', TABLES)]) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropChangeFeedSql('prm', TABLES)) await q.query(sql);
  }
}
