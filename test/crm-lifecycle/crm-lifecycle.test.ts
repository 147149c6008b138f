import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '@sales-graph/shared/auth/identity';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import { DAY_MS } from '@sales-graph/shared/time';
import {
  activePartner,
  as,
  client,
  createCustomer,
  errorOf,
  partnerUser,
  postGraphQL,
  startTestGraph,
} from '../support';
import type { CustomerInput, TestGraph } from '../support';

/**
 * The lifecycle of CRM records through the gateway: customers are changed, soft-deleted, restored,
 * de-duplicated and merged; contacts get roles and are changed and deleted; leads capture consent,
 * are scored and moved through their state machine, and converted exactly once; deals need a
 * reason to be lost and can be edited. Partner users may do none of it.
 */

const { admin: ADMIN, sales: SALES, marketing: MARKETING } = as;
/** A real, active partner user (set up in beforeAll). */
let PARTNER: Identity;

const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let graph: TestGraph;

const gql = (query: string, variables: Record<string, unknown> = {}, identity: Identity = SALES) =>
  graph.query<Json>(query, variables, identity);

const { ok } = client(() => graph, SALES);

async function fails(query: string, variables: Record<string, unknown> = {}, identity: Identity = SALES) {
  return errorOf(await gql(query, variables, identity));
}

const sql = <T = Json>(text: string, params: unknown[] = []) => graph.crm.query(text, params) as Promise<T[]>;

const CREATE_CUSTOMER = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id name domain updatedBy } }`;
const newCustomer = async (input: CustomerInput) => (await createCustomer(graph, input, SALES)).id;

const createContact = async (input: Json) =>
  (await ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, { input }))
    .createContact.id as string;

const createLead = async (input: Json) =>
  (
    await ok(
      `mutation($input: CreateLeadInput!) { createLead(input: $input) { id score status consentGiven consentAt consentSource } }`,
      { input },
    )
  ).createLead as Json;

const createDeal = async (input: Json) =>
  (await ok(`mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }`, { input })).createDeal
    .id as string;

const logActivity = async (input: Json) =>
  (await ok(`mutation($input: LogActivityInput!) { logActivity(input: $input) { id } }`, { input }))
    .logActivity.id as string;

const leadScore = async (id: string) =>
  (await ok(`query($id: ID!) { lead(id: $id) { score } }`, { id })).lead.score;

beforeAll(async () => {
  graph = await startTestGraph();
  PARTNER = await partnerUser(graph, await activePartner(graph, 'Partner One'));
});

afterAll(async () => {
  await graph?.stop();
});

describe('customers', () => {
  test('updateCustomer changes the given fields, records updatedBy and validates', async () => {
    const id = await newCustomer({ name: 'Globex', domain: 'globex.example', industry: 'Retail' });
    const updated = await ok(
      `mutation($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) {
        id name domain industry region lifecycleStage createdBy updatedBy } }`,
      { id, input: { name: ' Globex Corp ', region: 'EMEA', lifecycleStage: 'CUSTOMER', industry: null } },
      ADMIN,
    );
    expect(updated.updateCustomer).toEqual({
      id,
      name: 'Globex Corp',
      domain: 'globex.example',
      industry: null,
      region: 'EMEA',
      lifecycleStage: 'CUSTOMER',
      createdBy: SALES.sub,
      updatedBy: ADMIN.sub,
    });
    const bad = await fails(
      `mutation($id: ID!) { updateCustomer(id: $id, input: { domain: "not a domain" }) { id } }`,
      { id },
    );
    expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'domain' });
    const missing = await fails(
      `mutation { updateCustomer(id: "00000000-0000-4000-8000-000000000000", input: { name: "X" }) { id } }`,
    );
    expect(missing.extensions?.code).toBe('NOT_FOUND');
    expect((await sql(`SELECT updated_by FROM crm.customers WHERE id = $1`, [id]))[0].updated_by).toBe(
      ADMIN.sub,
    );
  });

  test('a soft-deleted customer disappears from lists, by id, nested fields and _entities, and comes back on restore', async () => {
    const id = await newCustomer({ name: 'Vanishing Ltd', domain: 'vanishing.example' });
    const lead = await createLead({ name: 'Vic Vanish', source: 'WEB', customerId: id });
    const deal = await createDeal({
      customerId: id,
      title: 'Vanishing deal',
      amount: '10.00',
      currency: 'EUR',
    });
    const contact = await createContact({ customerId: id, firstName: 'Vi', lastName: 'Vanish' });
    const listed = async () => {
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: Json = (
          await ok(
            `query($after: String) { customers(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
            { after },
          )
        ).customers;
        ids.push(...page.edges.map((e: Json) => e.node.id));
        if (!page.pageInfo.hasNextPage) return { ids, total: page.totalCount as number };
        after = page.pageInfo.endCursor;
      }
    };
    const before = await listed();
    expect(before.ids).toContain(id);

    // Only ADMIN and SALES may delete or restore customers.
    for (const role of ['MARKETING', 'SUPPORT', 'ANALYST', 'CHANNEL_MANAGER'] as const) {
      const identity: Identity = { sub: `user:${role.toLowerCase()}`, role };
      for (const mutation of ['deleteCustomer', 'restoreCustomer']) {
        const error = await fails(`mutation($id: ID!) { ${mutation}(id: $id) { id } }`, { id }, identity);
        expect({ role, mutation, code: error.extensions?.code }).toEqual({
          role,
          mutation,
          code: 'FORBIDDEN',
        });
      }
    }
    const deletingFrom = Date.now();
    const deleted = await ok(`mutation($id: ID!) { deleteCustomer(id: $id) { id deletedAt updatedBy } }`, {
      id,
    });
    const deletingTo = Date.now();
    expect(deleted.deleteCustomer.id).toBe(id);
    // Stamped during the call that deleted it (an order of instants, no tolerance).
    expect(new Date(deleted.deleteCustomer.deletedAt).getTime()).toBeGreaterThanOrEqual(deletingFrom);
    expect(new Date(deleted.deleteCustomer.deletedAt).getTime()).toBeLessThanOrEqual(deletingTo);
    expect(deleted.deleteCustomer.updatedBy).toBe(SALES.sub);

    // Lists.
    const after = await listed();
    expect(after.ids).not.toContain(id);
    expect(after.total).toBe(before.total - 1);
    // By id.
    expect((await fails(`query($id: ID!) { customer(id: $id) { id } }`, { id })).extensions).toMatchObject({
      code: 'NOT_FOUND',
    });
    // Nested: from its lead, deal and contact (via the deal's customer) it reads as null.
    const nested = await ok(
      `query($l: ID!, $d: ID!) { lead(id: $l) { id customer { id } } deal(id: $d) { id customer { id name } } }`,
      { l: lead.id, d: deal },
    );
    expect(nested).toEqual({ lead: { id: lead.id, customer: null }, deal: { id: deal, customer: null } });
    // _entities, asked of the subgraph itself with a gateway-signed identity.
    const entities = () =>
      signForwardedIdentity(ADMIN, 'customers').then((token) =>
        postGraphQL<Json>(
          graph.customers.url,
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id name } } }`,
          { r: [{ __typename: 'Customer', id }] },
          { [IDENTITY_HEADER]: token },
        ),
      );
    expect((await entities()).data).toEqual({ _entities: [null] });
    // Mutations treat it as missing too.
    expect(
      (
        await fails(
          `mutation($c: ID!) { createContact(input: { customerId: $c, firstName: "A", lastName: "B" }) { id } }`,
          { c: id },
        )
      ).extensions?.code,
    ).toBe('NOT_FOUND');
    expect(
      (await fails(`mutation($id: ID!) { deleteCustomer(id: $id) { id } }`, { id })).extensions?.code,
    ).toBe('NOT_FOUND');

    // Restore: everything is back.
    const restored = await ok(`mutation($id: ID!) { restoreCustomer(id: $id) { id deletedAt updatedBy } }`, {
      id,
    });
    expect(restored.restoreCustomer).toEqual({ id, deletedAt: null, updatedBy: SALES.sub });
    expect((await listed()).ids).toContain(id);
    const back = await ok(
      `query($id: ID!, $d: ID!) { customer(id: $id) { id name contacts { totalCount edges { node { id } } } } deal(id: $d) { customer { id } } }`,
      { id, d: deal },
    );
    expect(back).toEqual({
      customer: {
        id,
        name: 'Vanishing Ltd',
        contacts: { totalCount: 1, edges: [{ node: { id: contact } }] },
      },
      deal: { customer: { id } },
    });
    expect((await entities()).data).toEqual({ _entities: [{ id, name: 'Vanishing Ltd' }] });
    const notDeleted = await fails(`mutation($id: ID!) { restoreCustomer(id: $id) { id } }`, { id });
    expect(notDeleted.extensions?.code).toBe('CONFLICT');

    // Delete and restore are audited.
    const audit = await sql(
      `SELECT action FROM crm.audit_log WHERE record_type = 'Customer' AND record_id = $1 ORDER BY created_at, action`,
      [id],
    );
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['CREATE', 'DELETE', 'RESTORE']));
  });

  test('duplicates by normalised domain or name are refused (naming the existing one) unless allowed, and listed in pairs', async () => {
    const acme = await newCustomer({ name: 'Acme Rockets', domain: 'acme-rockets.example' });
    const byDomain = await fails(CREATE_CUSTOMER, {
      input: { name: 'Totally Different', domain: 'https://www.ACME-rockets.example/contact' },
    });
    expect(byDomain.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'domain',
      duplicateOf: acme,
      reason: 'DOMAIN',
    });
    const byName = await fails(CREATE_CUSTOMER, { input: { name: 'ACME rockets, Inc.' } });
    expect(byName.extensions).toMatchObject({ code: 'CONFLICT', duplicateOf: acme, reason: 'NAME' });
    expect(
      (await sql(`SELECT count(*)::int AS n FROM crm.customers WHERE name_key = 'acmerockets'`))[0].n,
    ).toBe(1);

    const twin = await newCustomer({ name: 'Acme Rockets GmbH', allowDuplicate: true });
    const third = await newCustomer({
      name: 'Rocket Works',
      domain: 'acme-rockets.example',
      allowDuplicate: true,
    });
    // Renaming into a duplicate is refused the same way.
    const rename = await fails(
      `mutation($id: ID!) { updateCustomer(id: $id, input: { name: "Globex Corp" }) { id } }`,
      { id: third },
    );
    expect(rename.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NAME' });

    const PAIRS = `query($first: Int, $after: String) { possibleDuplicateCustomers(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { matches customer { id name } duplicate { id name } } } } }`;
    const all = (await ok(PAIRS, { first: 100 })).possibleDuplicateCustomers;
    const mine = all.edges
      .map((e: Json) => e.node)
      .filter((n: Json) => [acme, twin, third].includes(n.customer.id));
    expect(mine).toEqual(
      expect.arrayContaining([
        {
          matches: ['NAME'],
          customer: { id: acme, name: 'Acme Rockets' },
          duplicate: { id: twin, name: 'Acme Rockets GmbH' },
        },
        {
          matches: ['DOMAIN'],
          customer: { id: acme, name: 'Acme Rockets' },
          duplicate: { id: third, name: 'Rocket Works' },
        },
      ]),
    );
    expect(mine).toHaveLength(2);
    expect(all.totalCount).toBe(all.edges.length);

    // Paging one pair at a time walks the same pairs; the customers load in batches.
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Json = (await ok(PAIRS, { first: 1, after })).possibleDuplicateCustomers;
      paged.push(...page.edges.map((e: Json) => `${e.node.customer.id}/${e.node.duplicate.id}`));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(all.edges.map((e: Json) => `${e.node.customer.id}/${e.node.duplicate.id}`));

    // Incremental sync: a pair changes when either customer does (the later updatedAt), and the
    // pairs can be read in that order from a range, in pages, either way.
    await sql(`UPDATE crm.customers SET updated_at = $2 WHERE id = $1`, [acme, '2026-01-01T00:00:00Z']);
    await sql(`UPDATE crm.customers SET updated_at = $2 WHERE id = $1`, [twin, '2026-02-01T00:00:00Z']);
    await sql(`UPDATE crm.customers SET updated_at = $2 WHERE id = $1`, [third, '2026-03-01T00:00:00.123Z']);
    const SYNC = `query($first: Int, $after: String, $filter: CustomerDuplicatePairFilter, $orderBy: CustomerDuplicatePairOrder) {
      possibleDuplicateCustomers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { customer { id } duplicate { id } } } } }`;
    const walk = async (variables: Json) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (;;) {
        const page: Json = (await ok(SYNC, { ...variables, first: 1, after: cursor }))
          .possibleDuplicateCustomers;
        seen.push(...page.edges.map((e: Json) => `${e.node.customer.id}/${e.node.duplicate.id}`));
        if (!page.pageInfo.hasNextPage) return seen;
        cursor = page.pageInfo.endCursor;
      }
    };
    const firstHalf = { updatedAt: { gte: '2026-01-15T00:00:00Z', lt: '2026-06-01T00:00:00Z' } };
    expect(await walk({ filter: firstHalf, orderBy: { field: 'UPDATED_AT' } })).toEqual([
      `${acme}/${twin}`,
      `${acme}/${third}`,
    ]);
    expect(await walk({ filter: firstHalf, orderBy: { field: 'UPDATED_AT', direction: 'DESC' } })).toEqual([
      `${acme}/${third}`,
      `${acme}/${twin}`,
    ]);
    const since = { updatedAt: { gt: '2026-03-01T00:00:00.122Z', lt: '2026-06-01T00:00:00Z' } };
    const sinceThird = (await ok(SYNC, { filter: since, orderBy: { field: 'UPDATED_AT' } }))
      .possibleDuplicateCustomers;
    expect(sinceThird.totalCount).toBe(1);
    expect(sinceThird.edges.map((e: Json) => e.node.duplicate.id)).toEqual([third]);
    // A cursor of one order is refused by the other.
    const byIds = (await ok(SYNC, { first: 1 })).possibleDuplicateCustomers.pageInfo.endCursor;
    const refused = await graph.query(SYNC, { first: 1, after: byIds, orderBy: { field: 'UPDATED_AT' } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const counter = statementCounter(graph.crm);
    counter.record();
    await ok(PAIRS, { first: 100 });
    const statements = counter.count;
    // Page, count, one batched load of all the customers named in the pairs.
    expect(statements).toBe(3);

    // Partners and marketing may not look for duplicates.
    expect((await fails(PAIRS, {}, PARTNER)).extensions?.code).toBe('FORBIDDEN');
    expect((await fails(PAIRS, {}, MARKETING)).extensions?.code).toBe('FORBIDDEN');
  });

  test('mergeCustomers moves every kind of related record, deletes the duplicate and audits the move', async () => {
    // Every CRM table with a customer_id is covered by the merge.
    const tables = await sql<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'crm' AND column_name = 'customer_id' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'activities',
      'contacts',
      'customer_ownership_changes',
      'deals',
      'leads',
      'orders',
      'tickets',
    ]);

    const survivor = await newCustomer({ name: 'Initech', domain: 'initech.example' });
    const duplicate = await newCustomer({ name: 'Initech Inc', allowDuplicate: true });
    const survivorContact = await createContact({
      customerId: survivor,
      firstName: 'Peter',
      lastName: 'Gibbons',
    });
    const contact = await createContact({
      customerId: duplicate,
      firstName: 'Bill',
      lastName: 'Lumbergh',
      email: 'bill@initech.example',
    });
    const lead = (await createLead({ name: 'Milton W', source: 'REFERRAL', customerId: duplicate })).id;
    const deal = await createDeal({
      customerId: duplicate,
      title: 'Stapler upgrade',
      amount: '99.50',
      currency: 'USD',
    });
    const activity = await logActivity({
      type: 'CALL',
      customerId: duplicate,
      subject: 'TPS reports',
      contactId: contact,
      dealId: deal,
    });
    const ticket = (
      await ok(
        `mutation($c: ID!) { openTicket(input: { customerId: $c, subject: "Printer jam", priority: HIGH }) { id } }`,
        {
          c: duplicate,
        },
        ADMIN,
      )
    ).openTicket.id;
    const order = (
      await ok(
        `mutation($c: ID!) { placeOrder(input: { customerId: $c, currency: "USD", lines: [{ product: "Stapler", quantity: 2, unitPrice: "10.00" }] }) { id } }`,
        { c: duplicate },
      )
    ).placeOrder.id;
    // The duplicate's ownership history (rules of engagement) moves too; the survivor's ownership stands.
    const ownership = (
      await ok(
        `mutation($c: ID!) { setCustomerOwnership(customerId: $c, ownership: DIRECT, reason: "Key account") {
          ownershipHistory { edges { node { id } } } } }`,
        { c: duplicate },
      )
    ).setCustomerOwnership.ownershipHistory.edges[0].node.id;

    const MERGE = `mutation($s: ID!, $d: ID!) { mergeCustomers(survivorId: $s, duplicateId: $d) {
      mergedId survivor { id name } moved { recordType count ids } } }`;
    // Not into itself; FORBIDDEN for partners and marketing; nothing moved by the refusals.
    expect((await fails(MERGE, { s: survivor, d: survivor })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect((await fails(MERGE, { s: survivor, d: duplicate }, PARTNER)).extensions?.code).toBe('FORBIDDEN');
    expect((await fails(MERGE, { s: survivor, d: duplicate }, MARKETING)).extensions?.code).toBe('FORBIDDEN');

    const result = (await ok(MERGE, { s: survivor, d: duplicate })).mergeCustomers;
    expect(result).toEqual({
      mergedId: duplicate,
      survivor: { id: survivor, name: 'Initech' },
      moved: [
        { recordType: 'Contact', count: 1, ids: [contact] },
        { recordType: 'Lead', count: 1, ids: [lead] },
        { recordType: 'Deal', count: 1, ids: [deal] },
        { recordType: 'Activity', count: 1, ids: [activity] },
        { recordType: 'Ticket', count: 1, ids: [ticket] },
        { recordType: 'Order', count: 1, ids: [order] },
        { recordType: 'CustomerOwnershipChange', count: 1, ids: [ownership] },
      ],
    });
    for (const table of [
      'contacts',
      'leads',
      'deals',
      'activities',
      'tickets',
      'orders',
      'customer_ownership_changes',
    ]) {
      const rows = await sql(`SELECT customer_id FROM crm.${table} WHERE customer_id = ANY($1::uuid[])`, [
        [survivor, duplicate],
      ]);
      expect({ table, owners: [...new Set(rows.map((r) => r.customer_id))] }).toEqual({
        table,
        owners: [survivor],
      });
    }
    const [gone] = await sql(
      `SELECT deleted_at, merged_into_id, updated_by FROM crm.customers WHERE id = $1`,
      [duplicate],
    );
    expect(gone.deleted_at).not.toBeNull();
    expect(gone).toMatchObject({ merged_into_id: survivor, updated_by: SALES.sub });

    const seen = await ok(
      `query($s: ID!) { customer(id: $s) { contacts { totalCount } deals { totalCount } leads { totalCount }
        activities { totalCount } openTickets { totalCount } purchaseHistory { totalCount } } }`,
      { s: survivor },
    );
    expect(seen.customer).toEqual({
      contacts: { totalCount: 2 },
      deals: { totalCount: 1 },
      leads: { totalCount: 1 },
      activities: { totalCount: 1 },
      openTickets: { totalCount: 1 },
      purchaseHistory: { totalCount: 1 },
    });
    expect(survivorContact).toBeDefined();
    expect(
      (await fails(`query($id: ID!) { customer(id: $id) { id } }`, { id: duplicate })).extensions?.code,
    ).toBe('NOT_FOUND');

    // The merge is in the audit log with the moved ids and counts, next to the duplicate's deletion.
    const audit = await ok(
      `query($s: ID!) { crmAuditLog(recordType: "Customer", recordId: $s, first: 20) { edges { node { action actorSub changedFields after } } } }`,
      { s: survivor },
      ADMIN,
    );
    const merge = audit.crmAuditLog.edges
      .map((e: Json) => e.node)
      .find((n: Json) => n.changedFields.includes('merge'));
    expect(merge).toMatchObject({
      action: 'UPDATE',
      actorSub: SALES.sub,
      after: {
        operation: 'mergeCustomers',
        survivorId: survivor,
        mergedId: duplicate,
        moved: {
          Contact: { count: 1, ids: [contact] },
          Lead: { count: 1, ids: [lead] },
          Deal: { count: 1, ids: [deal] },
          Activity: { count: 1, ids: [activity] },
          Ticket: { count: 1, ids: [ticket] },
          Order: { count: 1, ids: [order] },
          CustomerOwnershipChange: { count: 1, ids: [ownership] },
        },
      },
    });
    const deletion = await sql(
      `SELECT action FROM crm.audit_log WHERE record_type = 'Customer' AND record_id = $1 AND action = 'DELETE'`,
      [duplicate],
    );
    expect(deletion).toHaveLength(1);

    // Into (or from) a deleted customer is refused; a merged customer cannot be restored.
    const other = await newCustomer({ name: 'Penetrode' });
    expect((await fails(MERGE, { s: duplicate, d: other })).extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'survivorId',
    });
    expect((await fails(MERGE, { s: other, d: duplicate })).extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'duplicateId',
    });
    expect(
      (await fails(`mutation($id: ID!) { restoreCustomer(id: $id) { id } }`, { id: duplicate })).extensions,
    ).toMatchObject({
      code: 'CONFLICT',
      mergedIntoId: survivor,
    });
  });
});

describe('contacts', () => {
  test('roles, update, delete; duplicate email within a customer refused; email and phone validated', async () => {
    const customer = await newCustomer({ name: 'Hooli', domain: 'hooli.example' });
    const other = await newCustomer({ name: 'Pied Piper', domain: 'piedpiper.example' });
    const created = await ok(
      `mutation($c: ID!) { createContact(input: { customerId: $c, firstName: "Gavin", lastName: "Belson",
        email: "Gavin@Hooli.example", phone: "+1 (650) 555-0100", roles: [TECHNICAL, DECISION_MAKER, TECHNICAL] }) {
        id email phone roles createdBy updatedBy } }`,
      { c: customer },
    );
    const id = created.createContact.id;
    expect(created.createContact).toEqual({
      id,
      email: 'gavin@hooli.example',
      phone: '+16505550100',
      roles: ['DECISION_MAKER', 'TECHNICAL'],
      createdBy: SALES.sub,
      updatedBy: SALES.sub,
    });

    const dupe = await fails(
      `mutation($c: ID!) { createContact(input: { customerId: $c, firstName: "G", lastName: "B", email: "gavin@hooli.EXAMPLE" }) { id } }`,
      { c: customer },
    );
    expect(dupe.extensions).toMatchObject({ code: 'CONFLICT', field: 'email', duplicateOf: id });
    // The same email at another customer is fine.
    await createContact({ customerId: other, firstName: 'G', lastName: 'B', email: 'gavin@hooli.example' });

    const second = await createContact({
      customerId: customer,
      firstName: 'Denpok',
      lastName: 'Singh',
      email: 'denpok@hooli.example',
    });
    const UPDATE = `mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) {
      id firstName lastName email phone title roles updatedBy } }`;
    expect(
      (await fails(UPDATE, { id: second, input: { email: 'gavin@hooli.example' } })).extensions,
    ).toMatchObject({
      code: 'CONFLICT',
      field: 'email',
      duplicateOf: id,
    });
    expect((await fails(UPDATE, { id: second, input: { email: 'not-an-email' } })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'email',
    });
    expect((await fails(UPDATE, { id: second, input: { phone: '12' } })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'phone',
    });
    const updated = await ok(
      UPDATE,
      { id: second, input: { title: 'Guru', roles: ['CHAMPION', 'INFLUENCER'], phone: null } },
      MARKETING,
    );
    expect(updated.updateContact).toEqual({
      id: second,
      firstName: 'Denpok',
      lastName: 'Singh',
      email: 'denpok@hooli.example',
      phone: null,
      title: 'Guru',
      roles: ['CHAMPION', 'INFLUENCER'],
      updatedBy: MARKETING.sub,
    });

    // Deleting frees the email and hides the contact from its customer.
    expect(
      (await fails(`mutation($id: ID!) { deleteContact(id: $id) { id } }`, { id }, MARKETING)).extensions
        ?.code,
    ).toBe('FORBIDDEN');
    await ok(`mutation($id: ID!) { deleteContact(id: $id) { id } }`, { id });
    const list = await ok(
      `query($c: ID!) { customer(id: $c) { contacts { totalCount edges { node { id roles } } } } }`,
      {
        c: customer,
      },
    );
    expect(list.customer.contacts).toEqual({
      totalCount: 1,
      edges: [{ node: { id: second, roles: ['CHAMPION', 'INFLUENCER'] } }],
    });
    expect((await fails(UPDATE, { id, input: { title: 'x' } })).extensions?.code).toBe('NOT_FOUND');
    await createContact({
      customerId: customer,
      firstName: 'Gavin',
      lastName: 'Belson',
      email: 'gavin@hooli.example',
    });
  });
});

describe('leads', () => {
  test('consent is captured on createLead and validated', async () => {
    const lead = await createLead({
      name: 'Erlich Bachman',
      email: 'erlich@aviato.example',
      source: 'EVENT',
      consentGiven: true,
      consentSource: 'TechCrunch Disrupt badge scan',
      consentAt: '2026-11-01T10:00:00.000Z',
    });
    expect(lead).toMatchObject({
      consentGiven: true,
      consentAt: '2026-11-01T10:00:00.000Z',
      consentSource: 'TechCrunch Disrupt badge scan',
    });
    const none = await createLead({ name: 'Jian Yang', source: 'WEB' });
    expect(none).toMatchObject({ consentGiven: false, consentAt: null, consentSource: null });
    const noSource = await fails(
      `mutation { createLead(input: { name: "X", source: WEB, consentGiven: true }) { id } }`,
    );
    expect(noSource.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'consentSource' });
    const converted = await fails(
      `mutation { createLead(input: { name: "X", source: WEB, status: CONVERTED }) { id } }`,
    );
    expect(converted.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
  });

  test('the score is the fit on creation and is recomputed with linked activities (same transaction) and on update', async () => {
    const customer = await newCustomer({ name: 'Bachmanity', domain: 'bachmanity.example' });
    // Software (20) + EMEA (10) + company (10) + free mail (0) = 40.
    const lead = await createLead({
      name: 'Big Head',
      company: 'Bachmanity',
      email: 'bighead@gmail.com',
      industry: 'Software',
      region: 'EMEA',
      source: 'WEB',
      score: 99,
      customerId: customer,
    });
    expect(lead.score).toBe(40);
    // A business address adds 20.
    const updated = await ok(
      `mutation($id: ID!) { updateLead(id: $id, input: { email: "bighead@bachmanity.example" }) { email score } }`,
      { id: lead.id },
    );
    expect(updated.updateLead).toEqual({ email: 'bighead@bachmanity.example', score: 60 });
    // A meeting (15) and a call (10) in the window count; an old meeting does not.
    await logActivity({
      type: 'MEETING',
      customerId: customer,
      leadId: lead.id,
      subject: 'Demo',
      occurredAt: daysAgo(2),
    });
    expect(await leadScore(lead.id)).toBe(75);
    await logActivity({
      type: 'CALL',
      customerId: customer,
      leadId: lead.id,
      subject: 'Follow-up',
      occurredAt: daysAgo(1),
    });
    await logActivity({
      type: 'MEETING',
      customerId: customer,
      leadId: lead.id,
      subject: 'Old',
      occurredAt: daysAgo(45),
    });
    expect(await leadScore(lead.id)).toBe(85);
    // Activities not linked to the lead change nothing.
    await logActivity({
      type: 'MEETING',
      customerId: customer,
      subject: 'Unrelated',
      occurredAt: daysAgo(1),
    });
    expect(await leadScore(lead.id)).toBe(85);
    // Engagement is capped at 40: fit 60 + 40 = 100.
    for (let i = 0; i < 2; i++)
      await logActivity({
        type: 'MEETING',
        customerId: customer,
        leadId: lead.id,
        subject: `M${i}`,
        occurredAt: daysAgo(3),
      });
    expect(await leadScore(lead.id)).toBe(100);
    // Losing the company and industry lowers the fit: 10 (EMEA) + 20 (business mail) + 40.
    const lowered = await ok(
      `mutation($id: ID!) { updateLead(id: $id, input: { company: null, industry: null }) { score } }`,
      { id: lead.id },
    );
    expect(lowered.updateLead.score).toBe(70);
    // The rescore is audited like any other change.
    const audited = await sql(
      `SELECT count(*)::int AS n FROM crm.audit_log WHERE record_type = 'Lead' AND record_id = $1 AND action = 'UPDATE' AND 'score' = ANY(changed_fields)`,
      [lead.id],
    );
    expect(audited[0].n).toBe(5);
  });

  test('status moves follow the state machine; an illegal one names the allowed ones', async () => {
    const lead = (await createLead({ name: 'Monica Hall', source: 'REFERRAL' })).id;
    const MOVE = `mutation($id: ID!, $s: LeadStatus!, $r: String) { updateLeadStatus(id: $id, status: $s, reason: $r) { status statusReason } }`;
    const illegal = await fails(MOVE, { id: lead, s: 'QUALIFIED' });
    expect(illegal.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'status',
      allowed: ['CONTACTED', 'DISQUALIFIED'],
    });
    expect((await ok(MOVE, { id: lead, s: 'CONTACTED' })).updateLeadStatus).toEqual({
      status: 'CONTACTED',
      statusReason: null,
    });
    expect((await fails(MOVE, { id: lead, s: 'DISQUALIFIED' })).extensions).toMatchObject({
      field: 'reason',
    });
    expect((await ok(MOVE, { id: lead, s: 'DISQUALIFIED', r: 'No budget' })).updateLeadStatus).toEqual({
      status: 'DISQUALIFIED',
      statusReason: 'No budget',
    });
    expect((await fails(MOVE, { id: lead, s: 'CONTACTED' })).extensions).toMatchObject({ allowed: ['NEW'] });
    expect((await ok(MOVE, { id: lead, s: 'NEW', r: 'Budget back' })).updateLeadStatus.status).toBe('NEW');
    await ok(MOVE, { id: lead, s: 'CONTACTED' });
    await ok(MOVE, { id: lead, s: 'QUALIFIED' });
    expect((await fails(MOVE, { id: lead, s: 'CONVERTED' })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      allowed: ['DISQUALIFIED'],
    });
  });

  test('convertLead creates customer, contact and deal in one transaction; twice yields the same ids and row counts', async () => {
    const lead = (
      await createLead({
        name: 'Richard Hendricks',
        company: 'Pied Piper Inc',
        email: 'richard@piedpiper-io.example',
        industry: 'Software',
        region: 'NA',
        source: 'OUTBOUND',
        status: 'QUALIFIED',
      })
    ).id;
    const CONVERT = `mutation($id: ID!, $input: ConvertLeadInput!) { convertLead(id: $id, input: $input) {
      lead { id status customer { id } contact { id } deal { id } }
      customer { id name domain industry region lifecycleStage }
      contact { id firstName lastName email roles customer { id } }
      deal { id title amount currency stage lead { id } customer { id } stageHistory { fromStage toStage } } } }`;
    const counts = async () =>
      (
        await sql(`SELECT (SELECT count(*) FROM crm.customers)::int AS customers, (SELECT count(*) FROM crm.contacts)::int AS contacts,
          (SELECT count(*) FROM crm.deals)::int AS deals, (SELECT count(*) FROM crm.deal_stage_changes)::int AS changes`)
      )[0];

    // Partners, marketing (no deals) and a bad input are refused, and nothing is written.
    const before = await counts();
    const input = { amount: '48000.00', currency: 'usd', roles: ['DECISION_MAKER'] };
    expect((await fails(CONVERT, { id: lead, input }, PARTNER)).extensions?.code).toBe('FORBIDDEN');
    expect((await fails(CONVERT, { id: lead, input }, MARKETING)).extensions?.code).toBe('FORBIDDEN');
    expect((await fails(CONVERT, { id: lead, input: { ...input, currency: 'XYZ' } })).extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    // "Pied Piper Inc" is a duplicate of "Pied Piper": refused, naming it; nothing half-written.
    const [{ id: piedPiper }] = await sql(`SELECT id FROM crm.customers WHERE name = 'Pied Piper'`);
    const dupe = await fails(CONVERT, { id: lead, input });
    expect(dupe.extensions).toMatchObject({ code: 'CONFLICT', duplicateOf: piedPiper });
    expect(await counts()).toEqual(before);
    expect((await ok(`query($id: ID!) { lead(id: $id) { status } }`, { id: lead })).lead.status).toBe(
      'QUALIFIED',
    );

    const first = (await ok(CONVERT, { id: lead, input: { ...input, allowDuplicate: true } })).convertLead;
    const customer = first.customer.id;
    expect(first).toEqual({
      lead: {
        id: lead,
        status: 'CONVERTED',
        customer: { id: customer },
        contact: { id: first.contact.id },
        deal: { id: first.deal.id },
      },
      customer: {
        id: customer,
        name: 'Pied Piper Inc',
        domain: 'piedpiper-io.example',
        industry: 'Software',
        region: 'NA',
        lifecycleStage: 'OPPORTUNITY',
      },
      contact: {
        id: first.contact.id,
        firstName: 'Richard',
        lastName: 'Hendricks',
        email: 'richard@piedpiper-io.example',
        roles: ['DECISION_MAKER'],
        customer: { id: customer },
      },
      deal: {
        id: first.deal.id,
        title: 'Pied Piper Inc – Richard Hendricks',
        amount: '48000.00',
        currency: 'USD',
        stage: 'PROSPECTING',
        lead: { id: lead },
        customer: { id: customer },
        stageHistory: [{ fromStage: null, toStage: 'PROSPECTING' }],
      },
    });
    const afterFirst = await counts();
    expect(afterFirst).toEqual({
      customers: before.customers + 1,
      contacts: before.contacts + 1,
      deals: before.deals + 1,
      changes: before.changes + 1,
    });

    // Again (even with other input): the same records, nothing new.
    const second = (await ok(CONVERT, { id: lead, input: { amount: '1.00', currency: 'EUR' } })).convertLead;
    expect(second).toEqual(first);
    expect(await counts()).toEqual(afterFirst);
    // Concurrent retries converge too.
    const retries = await Promise.all([1, 2, 3].map(() => ok(CONVERT, { id: lead, input })));
    for (const retry of retries) expect(retry.convertLead).toEqual(first);
    expect(await counts()).toEqual(afterFirst);
    // CONVERTED is final.
    const final = await fails(`mutation($id: ID!) { updateLeadStatus(id: $id, status: NEW) { id } }`, {
      id: lead,
    });
    expect(final.extensions).toMatchObject({ code: 'CONFLICT', allowed: [] });
  });

  test('convertLead into an existing customer links the contact with the same email; a new lead needs qualifying first', async () => {
    const customer = await newCustomer({ name: 'Raviga', domain: 'raviga.example' });
    const existing = await createContact({
      customerId: customer,
      firstName: 'Laurie',
      lastName: 'Bream',
      email: 'laurie@raviga.example',
    });
    const fresh = (await createLead({ name: 'Laurie Bream', email: 'laurie@raviga.example', source: 'WEB' }))
      .id;
    const CONVERT = `mutation($id: ID!, $c: ID) { convertLead(id: $id, input: { customerId: $c, amount: "500", currency: "EUR", dealTitle: "Fund" }) {
      customer { id } contact { id } deal { title amount } } }`;
    expect((await fails(CONVERT, { id: fresh, c: customer })).extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'status',
      allowed: ['CONTACTED', 'DISQUALIFIED'],
    });
    await ok(`mutation($id: ID!) { updateLeadStatus(id: $id, status: CONTACTED) { id } }`, { id: fresh });
    await ok(`mutation($id: ID!) { updateLeadStatus(id: $id, status: QUALIFIED) { id } }`, { id: fresh });
    const converted = (await ok(CONVERT, { id: fresh, c: customer })).convertLead;
    expect(converted).toEqual({
      customer: { id: customer },
      contact: { id: existing },
      deal: { title: 'Fund', amount: '500.00' },
    });
    const without = (await createLead({ name: 'Nobody', source: 'WEB', status: 'QUALIFIED' })).id;
    expect((await fails(CONVERT, { id: without, c: null })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'customerName',
    });
  });

  test('a lead list with contacts costs a fixed number of statements', async () => {
    const counter = statementCounter(graph.crm);
    const QUERY = `{ leads(first: 50) { edges { node { id contact { id email } customer { id } } } } }`;
    counter.record();
    const data = await ok(QUERY);
    const statements = counter.count;
    expect(data.leads.edges.filter((e: Json) => e.node.contact).length).toBeGreaterThanOrEqual(2);
    // Page, contacts (one batch), customers (one batch); no count: totalCount is not selected.
    expect(statements).toBe(3);
  });
});

describe('deals', () => {
  test('CLOSED_LOST needs a lost reason, kept in the history and cleared on reopen', async () => {
    const customer = await newCustomer({ name: 'Endframe', domain: 'endframe.example' });
    const deal = await createDeal({
      customerId: customer,
      title: 'Compression',
      amount: '2500.00',
      currency: 'EUR',
    });
    const MOVE = `mutation($id: ID!, $s: DealStage!, $r: String) { moveDealStage(id: $id, stage: $s, reason: $r) {
      stage lostReason closedAt stageHistory { fromStage toStage reason changedBy } } }`;
    expect((await fails(MOVE, { id: deal, s: 'CLOSED_LOST' })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    // The old signature (no reason) still works for other moves.
    await ok(`mutation($id: ID!) { moveDealStage(id: $id, stage: PROPOSAL) { id } }`, { id: deal });
    const lost = (await ok(MOVE, { id: deal, s: 'CLOSED_LOST', r: 'Went with Hooli' })).moveDealStage;
    expect(lost.stage).toBe('CLOSED_LOST');
    expect(lost.lostReason).toBe('Went with Hooli');
    expect(lost.closedAt).not.toBeNull();
    const reopened = (await ok(MOVE, { id: deal, s: 'NEGOTIATION' })).moveDealStage;
    expect(reopened).toEqual({
      stage: 'NEGOTIATION',
      lostReason: null,
      closedAt: null,
      stageHistory: [
        { fromStage: null, toStage: 'PROSPECTING', reason: null, changedBy: SALES.sub },
        { fromStage: 'PROSPECTING', toStage: 'PROPOSAL', reason: null, changedBy: SALES.sub },
        { fromStage: 'PROPOSAL', toStage: 'CLOSED_LOST', reason: 'Went with Hooli', changedBy: SALES.sub },
        { fromStage: 'CLOSED_LOST', toStage: 'NEGOTIATION', reason: null, changedBy: SALES.sub },
      ],
    });
    const createdLost = await fails(
      `mutation($c: ID!) { createDeal(input: { customerId: $c, title: "x", amount: "1", currency: "EUR", stage: CLOSED_LOST }) { id } }`,
      { c: customer },
    );
    expect(createdLost.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  });

  test('updateDeal changes title, amount, currency, close date and owner, validated', async () => {
    const customer = await newCustomer({ name: 'Nucleus', domain: 'nucleus.example' });
    const deal = await createDeal({
      customerId: customer,
      title: 'Platform',
      amount: '100.00',
      currency: 'EUR',
    });
    const UPDATE = `mutation($id: ID!, $input: UpdateDealInput!) { updateDeal(id: $id, input: $input) {
      id title amount currency expectedCloseDate ownerId stage } }`;
    const updated = await ok(UPDATE, {
      id: deal,
      input: {
        title: ' Platform v2 ',
        amount: '123456789012.34',
        currency: 'gbp',
        expectedCloseDate: '2027-03-31',
        ownerId: 'user:rep-2',
      },
    });
    expect(updated.updateDeal).toEqual({
      id: deal,
      title: 'Platform v2',
      amount: '123456789012.34',
      currency: 'GBP',
      expectedCloseDate: '2027-03-31',
      ownerId: 'user:rep-2',
      stage: 'PROSPECTING',
    });
    for (const [input, field] of [
      [{ title: '  ' }, 'title'],
      [{ amount: '-5.00' }, 'amount'],
      [{ currency: 'EURO' }, 'currency'],
    ] as const) {
      expect((await fails(UPDATE, { id: deal, input })).extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    expect((await fails(UPDATE, { id: deal, input: { amount: '1.234' } })).extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    const cleared = await ok(UPDATE, { id: deal, input: { expectedCloseDate: null } });
    expect(cleared.updateDeal).toMatchObject({
      title: 'Platform v2',
      expectedCloseDate: null,
      amount: '123456789012.34',
    });
    expect((await fails(UPDATE, { id: deal, input: { title: 'x' } }, MARKETING)).extensions?.code).toBe(
      'FORBIDDEN',
    );
  });
});

test('partner users may call none of these mutations (FORBIDDEN), and nothing changes', async () => {
  const customer = await newCustomer({ name: 'Partner Probe Co', domain: 'partner-probe.example' });
  const other = await newCustomer({ name: 'Partner Probe Two', domain: 'partner-probe-two.example' });
  const contact = await createContact({ customerId: customer, firstName: 'P', lastName: 'Q' });
  const lead = (
    await createLead({ name: 'Probe Lead', company: 'Probe', source: 'PARTNER', status: 'QUALIFIED' })
  ).id;
  const deal = await createDeal({
    customerId: customer,
    title: 'Probe deal',
    amount: '1.00',
    currency: 'EUR',
  });
  const v = { customer, other, contact, lead, deal };
  const mutations = [
    `mutation($customer: ID!) { updateCustomer(id: $customer, input: { name: "Hacked" }) { id } }`,
    `mutation($customer: ID!) { deleteCustomer(id: $customer) { id } }`,
    `mutation($customer: ID!) { restoreCustomer(id: $customer) { id } }`,
    `mutation($customer: ID!, $other: ID!) { mergeCustomers(survivorId: $customer, duplicateId: $other) { mergedId } }`,
    `mutation { createCustomer(input: { name: "Partner made" }) { id } }`,
    `mutation($contact: ID!) { updateContact(id: $contact, input: { firstName: "Hacked" }) { id } }`,
    `mutation($contact: ID!) { deleteContact(id: $contact) { id } }`,
    `mutation($lead: ID!) { updateLead(id: $lead, input: { name: "Hacked" }) { id } }`,
    `mutation($lead: ID!) { updateLeadStatus(id: $lead, status: DISQUALIFIED, reason: "x") { id } }`,
    `mutation($lead: ID!) { convertLead(id: $lead, input: { amount: "1", currency: "EUR" }) { deal { id } } }`,
    `mutation($deal: ID!) { updateDeal(id: $deal, input: { title: "Hacked" }) { id } }`,
    `mutation($deal: ID!) { moveDealStage(id: $deal, stage: CLOSED_LOST, reason: "x") { id } }`,
  ];
  const auditBefore = (await sql(`SELECT count(*)::int AS n FROM crm.audit_log`))[0].n;
  for (const mutation of mutations) {
    const variables = Object.fromEntries(Object.entries(v).filter(([name]) => mutation.includes(`$${name}`)));
    const error = await fails(mutation, variables, PARTNER);
    expect({ mutation, code: error.extensions?.code }).toEqual({ mutation, code: 'FORBIDDEN' });
  }
  expect((await sql(`SELECT count(*)::int AS n FROM crm.audit_log`))[0].n).toBe(auditBefore);
  const unchanged = await ok(
    `query($customer: ID!, $lead: ID!, $deal: ID!) { customer(id: $customer) { name } lead(id: $lead) { name status } deal(id: $deal) { title stage } }`,
    { customer, lead, deal },
  );
  expect(unchanged).toEqual({
    customer: { name: 'Partner Probe Co' },
    lead: { name: 'Probe Lead', status: 'QUALIFIED' },
    deal: { title: 'Probe deal', stage: 'PROSPECTING' },
  });
});
