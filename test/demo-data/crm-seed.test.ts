import type { DataSource } from 'typeorm';
import { seededCrm } from './seeded-crm';
import type { TestDatabase } from '../support/database';

/** The CRM demo data loads in one go, is identical on every run and is internally consistent. */

const seeded = seededCrm;

const FINGERPRINT = `SELECT
  (SELECT md5(string_agg(id || type || occurred_at::text, ',' ORDER BY id)) FROM crm.activities) AS activities,
  (SELECT md5(string_agg(id || status || sla_due_at::text, ',' ORDER BY id)) FROM crm.tickets) AS tickets,
  (SELECT md5(string_agg(order_number || total_amount::text || status, ',' ORDER BY order_number)) FROM crm.orders) AS orders,
  (SELECT count(*) FROM crm.activities)::int AS activity_count,
  (SELECT count(*) FROM crm.tickets)::int AS ticket_count,
  (SELECT count(*) FROM crm.ticket_comments)::int AS comment_count,
  (SELECT count(*) FROM crm.orders)::int AS order_count`;

describe('CRM demo data', () => {
  const started: { db: TestDatabase; crm: DataSource }[] = [];

  afterAll(async () => {
    for (const { db, crm } of started) {
      await crm.destroy();
      await db.drop();
    }
  });

  it('is deterministic and consistent', async () => {
    started.push(await seeded('seed_a'));
    started.push(await seeded('seed_b'));
    const [a, b] = await Promise.all(started.map(({ crm }) => crm.query(FINGERPRINT)));
    expect(a).toEqual(b);
    const counts = a[0] as Record<string, number>;
    expect(counts.activity_count).toBeGreaterThan(300);
    expect(counts.ticket_count).toBeGreaterThan(30);
    expect(counts.comment_count).toBeGreaterThan(20);
    expect(counts.order_count).toBeGreaterThan(150);

    const [checks] = await started[0].crm.query(`SELECT
      (SELECT count(*) FROM crm.orders o WHERE o.total_amount <>
         (SELECT sum(l.line_total) FROM crm.order_lines l WHERE l.order_id = o.id))::int AS wrong_totals,
      (SELECT count(*) FROM crm.activities a JOIN crm.deals d ON d.id = a.deal_id WHERE d.customer_id <> a.customer_id)::int
        AS foreign_deals,
      (SELECT count(*) FROM crm.activities a JOIN crm.contacts c ON c.id = a.contact_id WHERE c.customer_id <> a.customer_id)::int
        AS foreign_contacts,
      (SELECT count(*) FROM crm.tickets WHERE (status IN ('RESOLVED','CLOSED')) <> (resolved_at IS NOT NULL))::int
        AS inconsistent_tickets,
      (SELECT count(*) FROM crm.tickets WHERE status IN ('OPEN','PENDING'))::int AS open_tickets,
      (SELECT count(*) FROM crm.tickets WHERE resolved_at > sla_due_at)::int AS late_tickets,
      (SELECT count(DISTINCT order_number) = count(*) FROM crm.orders) AS unique_numbers`);
    expect(checks).toMatchObject({
      wrong_totals: 0,
      foreign_deals: 0,
      foreign_contacts: 0,
      inconsistent_tickets: 0,
      unique_numbers: true,
    });
    expect(checks.open_tickets).toBeGreaterThan(0);
    expect(checks.late_tickets).toBeGreaterThan(0);
  });
});
