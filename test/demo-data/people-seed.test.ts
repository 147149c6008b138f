import type { DataSource } from 'typeorm';
import { useSeededCrm } from './seeded-crm';

/**
 * The demo's people: our users (the owners the demo records name), two teams with managers, their
 * territories covering every region; every customer owned by a member of the team covering its
 * region, every ticket by support, and every owner anywhere a User.
 */
const seeded = useSeededCrm('people_seed');
let crm: DataSource;
beforeAll(() => {
  crm = seeded.crm();
});

test('users, teams with managers, and territories covering every region', async () => {
  const [people] = await crm.query(`SELECT
    (SELECT count(*) FROM crm.users WHERE active)::int AS users,
    (SELECT count(*) FROM crm.teams t JOIN crm.users m ON m.id = t.manager_id AND m.team_id = t.id)::int AS managed_teams,
    (SELECT array_agg(r ORDER BY r) FROM crm.territories, unnest(regions) r) AS regions`);
  expect(people).toEqual({ users: 11, managed_teams: 2, regions: ['APAC', 'EMEA', 'LATAM', 'NA'] });
});

test("every customer is owned by a member of its region's team; every owner is a User", async () => {
  const [checks] = await crm.query(`SELECT
    (SELECT count(*) FROM crm.customers WHERE owner_id IS NULL)::int AS unowned_customers,
    (SELECT count(*) FROM crm.customers c
       JOIN crm.territories t ON c.region = ANY(t.regions)
       JOIN crm.users u ON u.sub = c.owner_id
       WHERE u.team_id IS DISTINCT FROM t.team_id)::int AS outside_their_territory,
    (SELECT count(*) FROM crm.tickets t JOIN crm.users u ON u.sub = t.owner_id WHERE u.role <> 'SUPPORT')::int
      AS tickets_not_support,
    (SELECT count(*) FROM (
       SELECT owner_id FROM crm.customers UNION ALL SELECT owner_id FROM crm.deals
       UNION ALL SELECT owner_id FROM crm.leads UNION ALL SELECT owner_id FROM crm.tickets
       UNION ALL SELECT owner_id FROM crm.activities) o
       WHERE o.owner_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM crm.users u WHERE u.sub = o.owner_id))::int
      AS owners_without_user,
    (SELECT count(*) FROM crm.deals WHERE owner_id IS NOT NULL)::int AS owned_deals`);
  expect(checks).toMatchObject({
    unowned_customers: 0,
    outside_their_territory: 0,
    tickets_not_support: 0,
    owners_without_user: 0,
  });
  expect(checks.owned_deals).toBeGreaterThan(50);
});
