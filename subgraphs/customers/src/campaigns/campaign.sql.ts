import { sql, type Sql } from '@sales-graph/shared/db/sql';

/**
 * The touches (campaign_id, at: the enrolment instant) of a lead and of contacts, enrolled before
 * `before`: a LATERAL body for another module's one statement (campaign influence, per deal).
 * `lead` is a SQL expression of the lead id, `contacts` a SELECT of contact ids (their owner's
 * `contactsOfCustomerSql`). Two index paths joined with UNION ALL: the lead's memberships; the
 * contacts' memberships.
 */
export const campaignTouchesSql = ({
  lead,
  contacts,
  before,
}: {
  lead: Sql;
  contacts: Sql;
  before: Sql;
}): Sql =>
  sql`SELECT m.campaign_id, m.created_at AS at
          FROM crm.campaign_members m
         WHERE m.lead_id = ${lead} AND m.deleted_at IS NULL AND m.created_at < ${before}
        UNION ALL
        SELECT m.campaign_id, m.created_at
          FROM (${contacts}) c JOIN crm.campaign_members m ON m.contact_id = c.id AND m.deleted_at IS NULL
         WHERE m.created_at < ${before}`;

/** The live memberships (lead_id, contact_id) of the campaigns `campaigns` (a uuid[] parameter), as a FROM item. */
export const membersOfCampaignsSql = (campaigns: Sql): Sql =>
  sql`SELECT m.lead_id, m.contact_id FROM crm.campaign_members m
     WHERE m.campaign_id = ANY(${campaigns}::uuid[]) AND m.deleted_at IS NULL`;

/** The live campaigns (id), as a FROM item to join to (it is pulled up). */
export const LIVE_CAMPAIGNS_SQL: Sql = sql`SELECT cp.id FROM crm.campaigns cp WHERE cp.deleted_at IS NULL`;

/** Of `ids` (a uuid[] parameter), the live campaigns' ids, in id order. */
export const liveCampaignsIn = (ids: Sql): Sql =>
  sql`SELECT id FROM crm.campaigns WHERE id = ANY(${ids}::uuid[]) AND deleted_at IS NULL ORDER BY id`;
