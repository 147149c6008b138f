import type { Identity } from '@sales-graph/shared/auth/identity';
import { publicSubjects } from '@sales-graph/shared/auth/permissions';
import { activePartner, partnerUser, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/** `me`: who the caller is, for whom it acts and what it may do, as the subgraphs see it. */
let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(() => graph?.stop());

const ME = `{
  me {
    sub role partnerId
    partner { id name status }
    partnerUser { id email role status }
    permissions { subject read create update delete }
  }
}`;
interface Permission {
  subject: string;
  read: boolean;
  create: boolean;
  update: boolean;
  delete: boolean;
}
interface Me {
  sub: string;
  role: string;
  partnerId: string | null;
  partner: { id: string; name: string; status: string } | null;
  partnerUser: { id: string; email: string; role: string; status: string } | null;
  permissions: Permission[];
}

async function me(identity: Identity): Promise<Me> {
  const r = await graph.query<{ me: Me }>(ME, {}, identity);
  expect(r.errors).toBeUndefined();
  return r.data!.me;
}
const on = (m: Me, subject: string) => m.permissions.find((p) => p.subject === subject);

test('an ADMIN: no partner, every public subject listed, admin-only writes allowed', async () => {
  const m = await me({ sub: 'user:admin-me', role: 'ADMIN' });
  expect(m).toMatchObject({
    sub: 'user:admin-me',
    role: 'ADMIN',
    partnerId: null,
    partner: null,
    partnerUser: null,
  });
  expect(m.permissions.map((p) => p.subject)).toEqual([...publicSubjects()]);
  expect(m.permissions.map((p) => p.subject)).not.toContain('PartnerSourcedDeal');
  expect(on(m, 'TierRule')).toEqual({
    subject: 'TierRule',
    read: true,
    create: true,
    update: true,
    delete: true,
  });
  expect(on(m, 'AuditLog')).toEqual({
    subject: 'AuditLog',
    read: true,
    create: false,
    update: false,
    delete: false,
  });
});

test('an ANALYST reads everything and writes nothing', async () => {
  const m = await me({ sub: 'user:analyst-me', role: 'ANALYST' });
  expect(m).toMatchObject({ role: 'ANALYST', partner: null, partnerUser: null });
  expect(on(m, 'Deal')).toEqual({ subject: 'Deal', read: true, create: false, update: false, delete: false });
  expect(m.permissions.some((p) => p.create || p.update || p.delete)).toBe(false);
});

test('a user of an ACTIVE partner sees its partner, its user record and its partner grants', async () => {
  const partnerId = await activePartner(graph, 'Me Active Ltd');
  const identity = await partnerUser(graph, partnerId, { email: 'dev@me-active.test', role: 'MEMBER' });
  const m = await me(identity);
  expect(m).toMatchObject({
    sub: identity.sub,
    role: 'PARTNER',
    partnerId,
    partner: { id: partnerId, name: 'Me Active Ltd', status: 'ACTIVE' },
    partnerUser: { id: identity.sub, email: 'dev@me-active.test', role: 'MEMBER', status: 'ACTIVE' },
  });
  expect(on(m, 'DealRegistration')).toMatchObject({ read: true, create: true, update: true, delete: false });
  expect(on(m, 'Partner')).toMatchObject({ read: true, create: false, update: false });
  expect(on(m, 'TierRule')).toMatchObject({ read: false, create: false });
});

test('a user of a SUSPENDED partner: the same partner grants, capped to reading', async () => {
  const partnerId = await activePartner(graph, 'Me Suspended Ltd');
  const identity = await partnerUser(graph, partnerId);
  expect(on(await me(identity), 'DealRegistration')).toMatchObject({ create: true });
  const suspended = await graph.query(
    `mutation($id: ID!) { suspendPartner(id: $id, reason: "Contract review") { id } }`,
    { id: partnerId },
  );
  expect(suspended.errors).toBeUndefined();

  const m = await me(identity);
  expect(m.partner).toEqual({ id: partnerId, name: 'Me Suspended Ltd', status: 'SUSPENDED' });
  expect(m.partnerUser).toMatchObject({ id: identity.sub, status: 'ACTIVE' });
  expect(on(m, 'DealRegistration')).toEqual({
    subject: 'DealRegistration',
    read: true,
    create: false,
    update: false,
    delete: false,
  });
  expect(m.permissions.some((p) => p.create || p.update || p.delete)).toBe(false);
  // The table is the truth: what `me` denies, the graph refuses.
  const register = await graph.query(
    `mutation($input: RegisterDealInput!) { registerDeal(input: $input) { id } }`,
    {
      input: {
        partnerId,
        prospectCompanyName: 'Nope Inc',
        estimatedAmount: '1000.00',
        currency: 'EUR',
        expectedCloseDate: '2027-06-30',
        products: ['Platform'],
      },
    },
    identity,
  );
  expect(register.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
});
