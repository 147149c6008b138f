import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '@sales-graph/shared/auth/identity';
import {
  as,
  attributeDeal,
  client,
  codes,
  createCustomer,
  createDeal,
  createLead,
  partnerUser,
  postGraphQL,
  seedPartner,
  staff,
  startTestGraph,
} from '../support';
import type { Data, TestGraph } from '../support';

/**
 * People and ownership, through the gateway, as the roles who use it: our people become Users
 * from their token's claims on their first request (partner users never do); the head of sales
 * (ADMIN) builds a team, assigns it territories, and sees the team's book through the owner and
 * team filters and salesAnalytics by OWNER; a rep leaves and their open book is handed over, each
 * change in the record's ownerHistory and the audit log; reps may move only their own records;
 * a partner user probes owner fields, User lists and the reassignment mutations and gets nothing.
 */
let graph: TestGraph;
const HEAD: Identity = {
  ...staff('ADMIN', 'user:head-of-sales'),
  name: 'Hana Head',
  email: 'hana@example.com',
};
const LEAVER: Identity = { ...staff('SALES', 'user:rita'), name: 'Rita Leaver', email: 'rita@example.com' };
const TAKER: Identity = { ...staff('SALES', 'user:bo'), name: 'Bo Taker' };
let partner: Identity;
const { ok, query } = client(() => graph, HEAD);
const users: Record<string, string> = {};
const rec: Record<string, string> = {};

const USER_BY_SUB = `query($s: String!) { users(filter: { sub: { eq: $s } }) { totalCount edges { node { id sub name email role active lastSeenAt team { name } } } } }`;
const REASSIGN = `mutation($t: OwnedRecordType!, $ids: [ID!]!, $to: ID!, $r: String!) {
  reassignOwner(recordType: $t, ids: $ids, toUserId: $to, reason: $r) { recordType recordId fromOwnerId toOwnerId reason changedBy } }`;
const HAND_OVER = `mutation($f: ID!, $to: ID!, $r: String!) {
  handOverRecords(fromUserId: $f, toUserId: $to, reason: $r) { moved { recordType count } remaining } }`;
const DEAL_OWNER = `query($id: ID!) { deal(id: $id) { id ownerId owner { sub name }
  ownerHistory(first: 10) { totalCount edges { node { fromOwnerId toOwnerId reason changedBy from { name } to { name } by { name } } } } } }`;

const userId = async (identity: Identity) => {
  const { users: found } = await ok<{ users: Data }>(USER_BY_SUB, { s: identity.sub });
  return found.edges[0].node.id as string;
};

beforeAll(async () => {
  graph = await startTestGraph();
  const partnerId = await seedPartner(graph, { name: 'Northwind Probe', tier: 'GOLD' });
  partner = await partnerUser(graph, partnerId);
  // Each person's first request makes them a User.
  for (const person of [HEAD, LEAVER, TAKER]) {
    await ok(`{ users(first: 1) { totalCount } }`, {}, person);
    users[person.sub] = await userId(person);
  }
  const { id: customer } = await createCustomer(graph, { name: 'Fjord Foods', region: 'EMEA' }, LEAVER);
  rec.customer = customer;
  rec.deal1 = (await createDeal(graph, { customerId: customer, title: 'Fjord renewal' }, LEAVER)).id;
  rec.deal2 = (await createDeal(graph, { customerId: customer, title: 'Fjord upsell' }, LEAVER)).id;
  rec.won = (await createDeal(graph, { customerId: customer, title: 'Fjord won' }, LEAVER)).id;
  await ok(
    `mutation($id: ID!) { moveDealStage(id: $id, stage: CLOSED_WON) { id } }`,
    { id: rec.won },
    LEAVER,
  );
  rec.lead = (await createLead(graph, { name: 'Fjord Lead', customerId: customer }, LEAVER)).id;
  const { logActivity } = await ok<{ logActivity: { id: string } }>(
    `mutation($c: ID!) { logActivity(input: { type: TASK, customerId: $c, subject: "Call back" }) { id } }`,
    { c: customer },
    LEAVER,
  );
  rec.task = logActivity.id;
  rec.directDeal = (await createDeal(graph, { customerId: customer, title: 'Bo deal' }, TAKER)).id;
  await attributeDeal(graph, rec.deal1, partnerId);
});

afterAll(async () => {
  await graph?.stop();
});

test('our people become Users from their claims on their first request; partner users never do', async () => {
  const { users: found } = await ok<{ users: Data }>(USER_BY_SUB, { s: HEAD.sub });
  expect(found.edges[0].node).toMatchObject({
    sub: HEAD.sub,
    name: 'Hana Head',
    email: 'hana@example.com',
    role: 'ADMIN',
    active: true,
  });
  expect(found.edges[0].node.lastSeenAt).not.toBeNull();
  await query(`{ deals(first: 1) { totalCount } }`, {}, partner);
  const rows = await graph.crm.query(`SELECT role FROM crm.users WHERE sub = $1 OR role = 'PARTNER'`, [
    partner.sub,
  ]);
  expect(rows).toEqual([]);
  // A second request of the same person with the same claims writes nothing.
  const before = await graph.crm.query(`SELECT updated_at FROM crm.users WHERE sub = $1`, [HEAD.sub]);
  await ok(`{ users(first: 1) { totalCount } }`);
  expect(await graph.crm.query(`SELECT updated_at FROM crm.users WHERE sub = $1`, [HEAD.sub])).toEqual(
    before,
  );
});

test('the head of sales builds a team and assigns it territories; a region is in one territory at most', async () => {
  const { createTeam } = await ok<{ createTeam: Data }>(
    `mutation($m: ID!) { createTeam(input: { name: "Nordics", managerId: $m }) { id name manager { name } } }`,
    { m: users[HEAD.sub] },
  );
  expect(createTeam.manager).toEqual({ name: 'Hana Head' });
  rec.team = createTeam.id;
  await ok(`mutation($u: [ID!]!, $t: ID!) { setUsersTeam(userIds: $u, teamId: $t) { id } }`, {
    u: [users[LEAVER.sub], users[TAKER.sub]],
    t: rec.team,
  });
  const { createTerritory } = await ok<{ createTerritory: Data }>(
    `mutation($t: ID!) { createTerritory(input: { name: "Northern Europe", regions: ["EMEA", " EMEA "], teamId: $t }) { name regions team { name } } }`,
    { t: rec.team },
  );
  expect(createTerritory).toEqual({ name: 'Northern Europe', regions: ['EMEA'], team: { name: 'Nordics' } });
  const overlap = await query(
    `mutation($t: ID!) { createTerritory(input: { name: "Europe again", regions: ["APAC", "EMEA"], teamId: $t }) { id } }`,
    { t: rec.team },
  );
  expect(codes(overlap)).toEqual(['CONFLICT']);
  const noTeam = await query(
    `mutation { createTerritory(input: { name: "Nowhere", regions: ["LATAM"], teamId: "00000000-0000-4000-8000-000000000000" }) { id } }`,
  );
  expect(codes(noTeam)).toEqual(['BAD_USER_INPUT']);
  // Reps read their team but may not change it.
  const repTry = await query(`mutation { createTeam(input: { name: "Rogue" }) { id } }`, {}, TAKER);
  expect(codes(repTry)).toEqual(['FORBIDDEN']);
  const { teams } = await ok<{ teams: Data }>(
    `{ teams(filter: { name: { eq: "Nordics" } }) { edges { node { name members { totalCount edges { node { name } } } territories { edges { node { name } } } } } } }`,
    {},
    TAKER,
  );
  expect(teams.edges[0].node.members.totalCount).toBe(2);
  expect(teams.edges[0].node.territories.edges).toEqual([{ node: { name: 'Northern Europe' } }]);
});

test("owner resolves to a User on every owned record, and filters by owner and team find the team's book", async () => {
  // Customers and leads get their owner by a reassignment (history from nobody).
  await ok(REASSIGN, { t: 'CUSTOMER', ids: [rec.customer], to: users[LEAVER.sub], r: 'Account plan' });
  await ok(REASSIGN, { t: 'LEAD', ids: [rec.lead], to: users[LEAVER.sub], r: 'Routing' });
  const { deal } = await ok<{ deal: Data }>(DEAL_OWNER, { id: rec.deal1 });
  expect(deal.owner).toEqual({ sub: LEAVER.sub, name: 'Rita Leaver' });
  const byOwner = await ok<Data>(
    `query($s: ID!) {
      deals(filter: { ownerId: { eq: $s } }) { totalCount edges { node { owner { name } } } }
      leads(filter: { ownerId: { eq: $s } }) { totalCount }
      customers(filter: { ownerId: { eq: $s } }) { totalCount edges { node { owner { name } } } }
      activities(filter: { ownerId: { eq: $s } }) { totalCount edges { node { owner { name } } } } }`,
    { s: LEAVER.sub },
  );
  expect(byOwner.deals.totalCount).toBe(3);
  expect(byOwner.leads.totalCount).toBe(1);
  expect(byOwner.customers.edges).toEqual([{ node: { owner: { name: 'Rita Leaver' } } }]);
  expect(byOwner.activities.edges).toEqual([{ node: { owner: { name: 'Rita Leaver' } } }]);
  const byTeam = await ok<Data>(
    `query($t: ID!) { deals(filter: { teamId: { eq: $t } }) { totalCount }
      customers(filter: { teamId: { in: [$t] } }) { totalCount } leads(filter: { teamId: { eq: $t } }) { totalCount }
      tickets(filter: { teamId: { eq: $t } }) { totalCount } activities(filter: { teamId: { eq: $t } }) { totalCount } }`,
    { t: rec.team },
  );
  expect(byTeam).toEqual({
    deals: { totalCount: 4 },
    customers: { totalCount: 1 },
    leads: { totalCount: 1 },
    tickets: { totalCount: 0 },
    activities: { totalCount: 1 },
  });
  const badTeam = await query(`{ deals(filter: { teamId: { eq: "not-an-id" } }) { totalCount } }`);
  expect(codes(badTeam)).toEqual(['BAD_USER_INPUT']);
});

test('salesAnalytics by OWNER resolves each key to a User, takes the team filter, and groups by TEAM', async () => {
  const { salesAnalytics } = await ok<{ salesAnalytics: Data }>(
    `query($t: ID!) { salesAnalytics(groupBy: [OWNER], filter: { teamId: { eq: $t } }) { rows { ownerId owner { name } dealCount } } }`,
    { t: rec.team },
    as.analyst,
  );
  const rows = [...salesAnalytics.rows].sort((a: Data, b: Data) => a.dealCount - b.dealCount);
  // An analyst sees who owns (staff ids) but not people's names (personal data is redacted for them).
  expect(rows).toEqual([
    { ownerId: TAKER.sub, owner: { name: null }, dealCount: 1 },
    { ownerId: LEAVER.sub, owner: { name: null }, dealCount: 3 },
  ]);
  const byTeam = await ok<{ salesAnalytics: Data }>(
    `{ salesAnalytics(groupBy: [TEAM]) { rows { teamId team { name } dealCount amount } } }`,
    {},
    as.analyst,
  );
  expect(byTeam.salesAnalytics.rows).toEqual([
    { teamId: rec.team, team: { name: 'Nordics' }, dealCount: 4, amount: '4000.00' },
  ]);
});

test("a leaver's open book is handed over: each change in ownerHistory and the audit log; typed refusals", async () => {
  await ok(`mutation($id: ID!) { setUserActive(id: $id, active: false) { active } }`, {
    id: users[LEAVER.sub],
  });
  // Nothing can be handed to a departed or unknown person, and an unknown record is NOT_FOUND.
  const toLeaver = await query(REASSIGN, { t: 'DEAL', ids: [rec.directDeal], to: users[LEAVER.sub], r: 'x' });
  expect(codes(toLeaver)).toEqual(['BAD_USER_INPUT']);
  const toNobody = await query(REASSIGN, {
    t: 'DEAL',
    ids: [rec.directDeal],
    to: '00000000-0000-4000-8000-000000000001',
    r: 'x',
  });
  expect(codes(toNobody)).toEqual(['BAD_USER_INPUT']);
  const malformed = await query(HAND_OVER, { f: 'not-a-user', to: users[TAKER.sub], r: 'x' });
  expect(codes(malformed)).toEqual(['BAD_USER_INPUT']);
  const noDeal = await query(REASSIGN, {
    t: 'DEAL',
    ids: ['00000000-0000-4000-8000-000000000002'],
    to: users[TAKER.sub],
    r: 'x',
  });
  expect(codes(noDeal)).toEqual(['NOT_FOUND']);
  const noReason = await query(REASSIGN, { t: 'DEAL', ids: [rec.deal1], to: users[TAKER.sub], r: ' ' });
  expect(codes(noReason)).toEqual(['BAD_USER_INPUT']);
  // A rep may not take a colleague's records, nor hand over someone else's book.
  const grab = await query(REASSIGN, { t: 'DEAL', ids: [rec.deal1], to: users[TAKER.sub], r: 'mine' }, TAKER);
  expect(codes(grab)).toEqual(['FORBIDDEN']);
  const repHandOver = await query(
    HAND_OVER,
    { f: users[LEAVER.sub], to: users[TAKER.sub], r: 'mine' },
    TAKER,
  );
  expect(codes(repHandOver)).toEqual(['FORBIDDEN']);
  expect((await ok<{ deal: Data }>(DEAL_OWNER, { id: rec.deal1 })).deal.ownerId).toBe(LEAVER.sub);

  const { handOverRecords } = await ok<{ handOverRecords: Data }>(HAND_OVER, {
    f: users[LEAVER.sub],
    to: users[TAKER.sub],
    r: 'Rita left the company',
  });
  expect(handOverRecords).toEqual({
    moved: [
      { recordType: 'CUSTOMER', count: 1 },
      { recordType: 'DEAL', count: 2 },
      { recordType: 'LEAD', count: 1 },
      { recordType: 'TICKET', count: 0 },
      { recordType: 'ACTIVITY', count: 1 },
    ],
    remaining: 0,
  });
  const { deal } = await ok<{ deal: Data }>(DEAL_OWNER, { id: rec.deal1 });
  expect(deal.owner).toEqual({ sub: TAKER.sub, name: 'Bo Taker' });
  expect(deal.ownerHistory.edges.map((edge: Data) => edge.node)).toEqual([
    {
      fromOwnerId: LEAVER.sub,
      toOwnerId: TAKER.sub,
      reason: 'Rita left the company',
      changedBy: HEAD.sub,
      from: { name: 'Rita Leaver' },
      to: { name: 'Bo Taker' },
      by: { name: 'Hana Head' },
    },
  ]);
  // The closed deal stays with who won it.
  expect((await ok<{ deal: Data }>(DEAL_OWNER, { id: rec.won })).deal.ownerId).toBe(LEAVER.sub);
  const { crmAuditLog } = await ok<{ crmAuditLog: Data }>(
    `query($id: ID!) { crmAuditLog(recordType: "Deal", recordId: $id, first: 5) { edges { node { action actorSub before after changedFields } } } }`,
    { id: rec.deal1 },
  );
  const change = crmAuditLog.edges
    .map((edge: Data) => edge.node)
    .find((n: Data) => n.changedFields.includes('ownerId'));
  expect(change).toMatchObject({ action: 'UPDATE', actorSub: HEAD.sub, changedFields: ['ownerId'] });
  expect([change.before.ownerId, change.after.ownerId]).toEqual([LEAVER.sub, TAKER.sub]);
  const { crmAuditLog: reasons } = await ok<{ crmAuditLog: Data }>(
    `{ crmAuditLog(recordType: "OwnerChange", first: 20) { edges { node { after } } } }`,
  );
  expect(reasons.edges.map((edge: Data) => edge.node.after.reason)).toContain('Rita left the company');
  // Again: nothing left to move, nothing written.
  const again = await ok<{ handOverRecords: Data }>(HAND_OVER, {
    f: users[LEAVER.sub],
    to: users[TAKER.sub],
    r: 'Rita left the company',
  });
  expect(again.handOverRecords.moved.every((m: Data) => m.count === 0)).toBe(true);
  // A rep hands one of its own deals to a colleague.
  const { reassignOwner } = await ok<{ reassignOwner: Data[] }>(
    REASSIGN,
    { t: 'DEAL', ids: [rec.deal1], to: users[HEAD.sub], r: 'Escalation' },
    TAKER,
  );
  expect(reassignOwner).toEqual([
    expect.objectContaining({ fromOwnerId: TAKER.sub, toOwnerId: HEAD.sub, changedBy: TAKER.sub }),
  ]);
});

test('a partner user sees no owner, no User and no history anywhere, and may not reassign', async () => {
  const { partnerProbe } = { partnerProbe: (q: string, v: Data = {}) => query(q, v, partner) };
  // Its own deal: the deal answers, its owner fields are refused.
  const own = await partnerProbe(`query($id: ID!) { deal(id: $id) { id title } }`, { id: rec.deal1 });
  expect(own.data?.deal).toEqual({ id: rec.deal1, title: 'Fjord renewal' });
  for (const field of ['owner { id }', 'ownerId', 'ownerHistory { totalCount }']) {
    const probe = await partnerProbe(`query($id: ID!) { deal(id: $id) { id ${field} } }`, { id: rec.deal1 });
    expect(codes(probe)).toContain('FORBIDDEN');
    expect(JSON.stringify(probe.data ?? {})).not.toContain('user:');
    const list = await partnerProbe(`{ deals(first: 5) { edges { node { id ${field} } } } }`);
    expect(codes(list)).toContain('FORBIDDEN');
    expect(JSON.stringify(list.data ?? {})).not.toContain('user:');
  }
  for (const probe of [
    `{ users { totalCount } }`,
    `{ teams { totalCount } }`,
    `{ territories { totalCount } }`,
    `query($id: ID!) { user(id: $id) { sub } }`,
  ]) {
    const response = await partnerProbe(probe, { id: users[HEAD.sub] });
    expect(codes(response)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(response.data ?? {})).not.toContain('user:');
  }
  const byOwner = await partnerProbe(
    `query($s: ID!) { deals(filter: { ownerId: { eq: $s } }) { totalCount } }`,
    {
      s: TAKER.sub,
    },
  );
  expect(codes(byOwner)).toEqual(['FORBIDDEN']);
  const byTeam = await partnerProbe(
    `query($t: ID!) { deals(filter: { teamId: { eq: $t } }) { totalCount } }`,
    {
      t: rec.team,
    },
  );
  expect(codes(byTeam)).toEqual(['FORBIDDEN']);
  for (const dimension of ['OWNER', 'TEAM']) {
    const analytics = await partnerProbe(
      `{ salesAnalytics(groupBy: [${dimension}]) { rows { dealCount } } }`,
    );
    expect(codes(analytics)).toContain('FORBIDDEN');
  }
  const reassign = await partnerProbe(REASSIGN, {
    t: 'DEAL',
    ids: [rec.deal1],
    to: users[TAKER.sub],
    r: 'x',
  });
  expect(codes(reassign)).toEqual(['FORBIDDEN']);
  const handOver = await partnerProbe(HAND_OVER, { f: users[TAKER.sub], to: users[HEAD.sub], r: 'x' });
  expect(codes(handOver)).toEqual(['FORBIDDEN']);
  // Straight at the CRM's _entities with an identity the gateway signed for the partner.
  const entities = await postGraphQL(
    graph.customers.url,
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on Deal { id owner { sub } ownerHistory { totalCount } } } }`,
    { r: [{ __typename: 'Deal', id: rec.deal1 }] },
    { [IDENTITY_HEADER]: await signForwardedIdentity(partner, 'customers') },
  );
  expect(codes(entities)).toContain('FORBIDDEN');
  expect(JSON.stringify(entities.data ?? {})).not.toContain('user:');
});
