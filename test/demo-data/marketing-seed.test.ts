import type { DataSource } from 'typeorm';
import { useSeededCrm } from './seeded-crm';

/** The marketing demo data: campaigns of every status, members only with consent, starter rules. */

const seeded = useSeededCrm('mkt_seed');
let crm: DataSource;
beforeAll(() => {
  crm = seeded.crm();
});

it('seeds campaigns, consent and rules that respect the consent rules', async () => {
  const [row] = await crm.query(`SELECT
    (SELECT count(*) FROM crm.campaigns)::int AS campaigns,
    (SELECT count(DISTINCT status) FROM crm.campaigns)::int AS statuses,
    (SELECT count(DISTINCT channel) FROM crm.campaigns)::int AS channels,
    (SELECT count(*) FROM crm.campaign_members)::int AS members,
    (SELECT count(*) FROM crm.campaign_members WHERE status = 'RESPONDED')::int AS responded,
    (SELECT count(*) FROM crm.contact_preferences WHERE channel = 'EMAIL' AND NOT opted_in)::int AS unsubscribed,
    (SELECT count(*) FROM crm.campaign_members m WHERE m.contact_id IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM crm.contact_preferences p
       WHERE p.contact_id = m.contact_id AND p.channel = 'EMAIL' AND p.opted_in))::int AS contacts_without_consent,
    (SELECT count(*) FROM crm.campaign_members m JOIN crm.leads l ON l.id = m.lead_id
       WHERE NOT l.consent_given)::int AS leads_without_consent,
    (SELECT count(*) FROM crm.campaign_members m JOIN crm.campaigns c ON c.id = m.campaign_id
       WHERE c.status IN ('DRAFT','CANCELLED') AND m.status <> 'ENROLLED')::int AS progressed_unstarted,
    (SELECT count(*) FROM crm.automation_rules WHERE enabled)::int AS rules`);
  expect(row).toMatchObject({
    campaigns: 7,
    statuses: 4,
    channels: 5,
    contacts_without_consent: 0,
    leads_without_consent: 0,
    progressed_unstarted: 0,
    rules: 4,
  });
  expect(row.members).toBeGreaterThan(100);
  expect(row.responded).toBeGreaterThan(5);
  expect(row.unsubscribed).toBeGreaterThan(5);
});
