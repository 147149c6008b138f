import { ROLES, type Identity, type UserRole } from '@sales-graph/shared/auth/identity';
import { can, type Action, type Subject } from '@sales-graph/shared/auth/permissions';
import { activePartner, createCustomer, partnerUser, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * Each role's allowed and forbidden actions, taken from the permission table itself: every probe
 * below exercises one (action, subject) cell through the gateway, for every role, and must
 * succeed exactly when the table says so and be FORBIDDEN otherwise.
 */
let graph: TestGraph;
const ids: Record<string, string> = {};

interface Probe {
  action: Action;
  subject: Subject;
  query: string;
  variables?: () => Record<string, unknown>;
}

const PROBES: Probe[] = [
  { action: 'read', subject: 'Customer', query: `{ customers(first: 1) { totalCount } }` },
  {
    action: 'create',
    subject: 'Customer',
    // Every allowed role creates the same name: an intended duplicate.
    query: `mutation { createCustomer(input: { name: "Probe", allowDuplicate: true }) { id } }`,
  },
  {
    action: 'create',
    subject: 'Contact',
    query: `mutation($c: ID!) { createContact(input: { customerId: $c, firstName: "P", lastName: "Q" }) { id } }`,
    variables: () => ({ c: ids.customer }),
  },
  { action: 'read', subject: 'Lead', query: `{ leads(first: 1) { totalCount } }` },
  {
    action: 'create',
    subject: 'Lead',
    query: `mutation { createLead(input: { name: "Probe", source: WEB }) { id } }`,
  },
  { action: 'read', subject: 'Deal', query: `{ deals(first: 1) { totalCount } }` },
  {
    action: 'create',
    subject: 'Deal',
    query: `mutation($c: ID!) { createDeal(input: { customerId: $c, title: "Probe", amount: "1", currency: "EUR" }) { id } }`,
    variables: () => ({ c: ids.customer }),
  },
  {
    action: 'update',
    subject: 'Deal',
    // Alternates between two stages so that every allowed role makes a real move.
    query: `mutation($d: ID!, $s: DealStage!) { moveDealStage(id: $d, stage: $s) { id } }`,
    variables: () => ({ d: ids.deal, s: (ids.flip = ids.flip === 'PROPOSAL' ? 'NEGOTIATION' : 'PROPOSAL') }),
  },
  { action: 'read', subject: 'Partner', query: `{ partners(first: 1) { totalCount } }` },
  {
    action: 'create',
    subject: 'Partner',
    query: `mutation { createPartner(input: { name: "Probe", type: MSP }) { id } }`,
  },
  {
    action: 'update',
    subject: 'Attribution',
    query: `mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`,
    variables: () => ({ d: ids.deal, p: ids.partner }),
  },
  { action: 'read', subject: 'Activity', query: `{ activities(first: 1) { totalCount } }` },
  {
    action: 'create',
    subject: 'Activity',
    query: `mutation($c: ID!) { logActivity(input: { type: CALL, customerId: $c, subject: "Probe" }) { id } }`,
    variables: () => ({ c: ids.customer }),
  },
  { action: 'read', subject: 'Ticket', query: `{ tickets(first: 1) { totalCount } }` },
  {
    action: 'create',
    subject: 'Ticket',
    query: `mutation($c: ID!) { openTicket(input: { customerId: $c, subject: "Probe" }) { id } }`,
    variables: () => ({ c: ids.customer }),
  },
  {
    action: 'create',
    subject: 'Order',
    query: `mutation($c: ID!) { placeOrder(input: { customerId: $c, currency: "EUR", lines: [{ product: "P", quantity: 1, unitPrice: "9.99" }] }) { id } }`,
    variables: () => ({ c: ids.customer }),
  },
  { action: 'read', subject: 'Course', query: `{ courses(first: 1) { totalCount } }` },
  {
    action: 'create',
    subject: 'Course',
    query: `mutation { createCourse(input: { title: "Probe", level: FOUNDATION, passingScore: 70 }) { id } }`,
  },
  { action: 'read', subject: 'DealRegistration', query: `{ dealRegistrations(first: 1) { totalCount } }` },
  { action: 'read', subject: 'AuditLog', query: `{ crmAuditLog(first: 1) { totalCount } }` },
  { action: 'read', subject: 'ApiKey', query: `{ apiKeys(first: 1) { totalCount } }` },
];

beforeAll(async () => {
  graph = await startTestGraph();
  const admin = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const r = await graph.query<T>(query, variables);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  ids.customer = (await createCustomer(graph, 'Roles Inc')).id;
  ids.deal = (
    await admin<{ createDeal: { id: string } }>(
      `mutation($c: ID!) { createDeal(input: { customerId: $c, title: "Roles deal", amount: "5", currency: "EUR" }) { id } }`,
      { c: ids.customer },
    )
  ).createDeal.id;
  ids.partner = await activePartner(graph, 'Roles Partner');
  partner = await partnerUser(graph, ids.partner);
});
afterAll(async () => {
  await graph?.stop();
});

/** PARTNER: a real, active user of an active partner (the table's PARTNER row, whole). */
let partner: Identity;
const identityFor = (role: UserRole): Identity =>
  role === 'PARTNER' ? partner : { sub: `probe:${role}`, role };
const ACTIVE_MEMBER = { partnerStatus: 'ACTIVE', member: 'ACTIVE' } as const;

describe.each(ROLES.map((role) => [role]))('%s', (role) => {
  test.each(PROBES.map((probe) => [`${probe.action} ${probe.subject}`, probe] as const))(
    '%s',
    async (_name, probe) => {
      const allowed = can({ sub: 'x', role, membership: ACTIVE_MEMBER }, probe.action, probe.subject);
      const r = await graph.query(probe.query, probe.variables?.() ?? {}, identityFor(role));
      if (allowed) {
        expect(r.errors).toBeUndefined();
      } else {
        expect(r.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      }
    },
  );
});
