import { sql, type Sql } from '@sales-graph/shared/db/sql';

/**
 * The stage changes of the customer's live deals as a source of its timeline (`timeline/`): the
 * customer's deals, then `(deal_id, changed_at)` of each.
 */
export const dealStageChangeTimelineSource = (customer: Sql) => ({
  from: sql`crm.deal_stage_changes x JOIN crm.deals d ON d.id = x.deal_id
      WHERE d.customer_id = ${customer} AND d.deleted_at IS NULL`,
  at: sql`x.changed_at`,
  id: sql`x.id`,
  dealId: sql`x.deal_id`,
  label: sql`d.title`,
  detail: sql`x.from_stage`,
  extra: sql`x.to_stage`,
});
