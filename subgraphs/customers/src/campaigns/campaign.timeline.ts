import { sql, type Sql } from '@sales-graph/shared/db/sql';

/**
 * The campaign memberships of a customer's contacts and leads as a source of its timeline
 * (`timeline/`): one touch at enrolment and one at the response, if any (the entry's id is the
 * membership's). `contacts` and `leads` are SELECTs of the customer's contact and lead ids (their
 * owners': `contactsOfCustomerSql`, `leadsOfCustomerSql`). Two index paths joined with UNION ALL
 * (contacts → memberships by contact; leads → memberships by lead; a membership has exactly one
 * of the two, so none is read twice), not an `OR` of two `IN`s, which reads all of
 * campaign_members per customer.
 */
export const campaignTouchTimelineSource = ({ contacts, leads }: { contacts: Sql; leads: Sql }) => ({
  from: sql`(SELECT m.id, m.campaign_id, m.created_at, m.responded_at
        FROM (${contacts}) c JOIN crm.campaign_members m ON m.contact_id = c.id AND m.deleted_at IS NULL
      UNION ALL
      SELECT m.id, m.campaign_id, m.created_at, m.responded_at
        FROM (${leads}) l JOIN crm.campaign_members m ON m.lead_id = l.id AND m.deleted_at IS NULL) x
      JOIN crm.campaigns cp ON cp.id = x.campaign_id
      CROSS JOIN LATERAL (VALUES ('ENROLLED', x.created_at), ('RESPONDED', x.responded_at)) AS t(touch, at)
      WHERE t.at IS NOT NULL`,
  at: sql`t.at`,
  id: sql`x.id`,
  touch: sql`t.touch`,
  label: sql`cp.name`,
  detail: sql`t.touch`,
  extra: sql`cp.channel`,
});
