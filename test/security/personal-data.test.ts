import { getNamedType, isNonNullType, isObjectType, isScalarType } from 'graphql';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { FIELD_CLASSES, fieldClass } from '@sales-graph/shared/auth/permissions';
import { clientSchema } from '../support/string-inputs';
import {
  ADMIN,
  as,
  client,
  codes,
  createCustomer,
  inDays,
  registerDeal,
  seedPartner,
  startRegistrationReview,
  startTestGraph,
} from '../support';
import type { TestGraph } from '../support';

/**
 * One personal-data policy, from the table in `shared/src/auth/permissions.ts`: a partner user
 * sees none of our staff's ids or internal notes on its own records (FORBIDDEN, as every field
 * out of its reach), and an analyst sees nobody's name, email or phone (null), yet can still list
 * partner users, certifications and enrolments.
 */
const schema = clientSchema();
const { analyst: ANALYST } = as;

describe('the classification covers both schemas', () => {
  const fields = Object.values(schema.getTypeMap())
    .filter(
      (type) => isObjectType(type) && !type.name.startsWith('__') && !/^(Query|Mutation)$/.test(type.name),
    )
    .flatMap((type) =>
      Object.values((type as ReturnType<typeof schema.getQueryType> & object).getFields()).map((field) => ({
        type: type.name,
        field,
      })),
    );

  test('every field that names a person or holds a user id is classified', () => {
    const PERSON =
      /email|phone|firstName|lastName|ownerId|assigneeId|authorId|^actor(Sub)?$|userId|By$|^by$/i;
    const unclassified = fields
      .filter(
        ({ field }) => isScalarType(getNamedType(field.type)) && getNamedType(field.type).name === 'String',
      )
      .filter(({ field }) => PERSON.test(field.name))
      .filter(({ type, field }) => !fieldClass(type, field.name))
      .map(({ type, field }) => `${type}.${field.name}`);
    expect(unclassified).toEqual([]);
    // People's names, where the field is just `name`.
    for (const [type, field] of [
      ['Lead', 'name'],
      ['PartnerUser', 'name'],
    ]) {
      expect(fieldClass(type, field)).toBe('personal');
    }
  });

  test('every classified field exists and is nullable, so that hiding it never breaks its parent', () => {
    const byName = new Map(fields.map(({ type, field }) => [`${type}.${field.name}`, field]));
    const problems: string[] = [];
    for (const [type, classified] of Object.entries(FIELD_CLASSES)) {
      for (const name of Object.keys(classified)) {
        const matches =
          type === '*'
            ? [...byName].filter(([key]) => key.endsWith(`.${name}`))
            : [[`${type}.${name}`, byName.get(`${type}.${name}`)] as const];
        if (matches.length === 0 || matches.some(([, field]) => !field))
          problems.push(`${type}.${name}: no such field`);
        for (const [key, field] of matches)
          if (field && isNonNullType(field.type)) problems.push(`${key}: non-null`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('through the gateway', () => {
  let graph: TestGraph;
  const id: Record<string, string> = {};
  let partnerUser: Identity;

  const { ok } = client(() => graph, ADMIN);

  beforeAll(async () => {
    graph = await startTestGraph();
    id.partner = await seedPartner(graph, { name: 'Northwind' });
    const invited = await ok(
      `mutation($input: InvitePartnerUserInput!) { invitePartnerUser(input: $input) { id } }`,
      { input: { partnerId: id.partner, email: 'pat@northwind.example', name: 'Pat Jones', role: 'ADMIN' } },
    );
    id.user = invited.invitePartnerUser.id;
    partnerUser = { sub: id.user, role: 'PARTNER', partnerId: id.partner };
    await ok(`mutation($id: ID!) { activatePartnerUser(id: $id) { id } }`, { id: id.user }, partnerUser);

    const course = await ok(
      `mutation { createCourse(input: { title: "Basics", level: FOUNDATION, passingScore: 50 }) { id } }`,
    );
    const enrolment = await ok(
      `mutation($input: EnrolInCourseInput!) { enrolInCourse(input: $input) { id } }`,
      {
        input: {
          courseId: course.createCourse.id,
          partnerId: id.partner,
          userEmail: 'pat@northwind.example',
        },
      },
    );
    await ok(`mutation($id: ID!) { recordCourseCompletion(enrolmentId: $id, score: 90) { id } }`, {
      id: enrolment.enrolInCourse.id,
    });

    const registration = await registerDeal(
      graph,
      {
        prospectCompanyName: 'Prospect Ltd',
        estimatedAmount: '1000.00',
        currency: 'EUR',
        expectedCloseDate: inDays(30),
        products: ['Platform'],
      },
      partnerUser,
    );
    id.registration = registration.id;
    await startRegistrationReview(graph, id.registration, ADMIN);

    id.customer = (await createCustomer(graph, 'Acme')).id;
    await ok(
      `mutation($c: ID!) { createContact(input: { customerId: $c, firstName: "Ada", lastName: "Lovelace", email: "ada@acme.example", phone: "+44 20 0000" }) { id } }`,
      { c: id.customer },
    );
    const lead = await ok(
      `mutation($c: ID!) { createLead(input: { name: "Grace Hopper", email: "grace@acme.example", source: WEB, customerId: $c }) { id } }`,
      { c: id.customer },
    );
    const offer = await ok(
      `mutation($p: ID!, $l: ID!) { offerLeadToPartner(partnerId: $p, leadId: $l) { id } }`,
      {
        p: id.partner,
        l: lead.createLead.id,
      },
    );
    id.offer = offer.offerLeadToPartner.id;

    const budget = await ok(
      `mutation { createMdfBudget(input: { name: "FY", periodFrom: "2026-01-01", periodTo: "2026-12-31", amount: "5000.00", currency: "EUR" }) { id } }`,
    );
    const allocation = await ok(
      `mutation($b: ID!, $p: ID!) { allocateMdf(input: { budgetId: $b, partnerId: $p, amount: "1000.00" }) { id } }`,
      { b: budget.createMdfBudget.id, p: id.partner },
    );
    const request = await ok(
      `mutation($a: ID!) { requestMdf(input: { allocationId: $a, activity: "Webinar", amount: "500.00" }) { id } }`,
      { a: allocation.allocateMdf.id },
      partnerUser,
    );
    id.mdf = request.requestMdf.id;
    await ok(
      `mutation($r: ID!) { decideMdfRequest(input: { requestId: $r, approve: true, note: "Go ahead" }) { id } }`,
      { r: id.mdf },
    );
  });
  afterAll(async () => {
    await graph?.stop();
  });

  test.each([
    [
      'registration',
      'dealRegistration',
      'registration',
      ['reviewedBy', 'approvedBy', 'decidedBy', 'createdBy'],
    ],
    ['offer', 'leadOffer', 'offer', ['offeredBy', 'createdBy', 'events { actor }']],
    ['MDF request', 'mdfRequest', 'mdf', ['reviewedBy', 'createdBy']],
  ])('a partner reads its %s but not our staff ids on it', async (_what, root, key, hidden) => {
    const visible = await graph.query(
      `query($id: ID!) { ${root}(id: $id) { id status } }`,
      { id: id[key] },
      partnerUser,
    );
    expect(visible.errors).toBeUndefined();
    expect(visible.data?.[root]).toMatchObject({ id: id[key] });
    for (const field of hidden) {
      const response = await graph.query(
        `query($id: ID!) { ${root}(id: $id) { id ${field} } }`,
        { id: id[key] },
        partnerUser,
      );
      expect({ field, codes: codes(response) }).toEqual({ field, codes: ['FORBIDDEN'] });
    }
    // Staff see them.
    const staff = await ok(`query($id: ID!) { ${root}(id: $id) { ${hidden[0]} } }`, { id: id[key] });
    expect(staff[root][hidden[0]]).toEqual(expect.any(String));
  });

  test('the note the reviewer wrote to the partner stays visible to it', async () => {
    const response = await ok(
      `query($id: ID!) { mdfRequest(id: $id) { reviewNote } }`,
      { id: id.mdf },
      partnerUser,
    );
    expect(response.mdfRequest.reviewNote).toBe('Go ahead');
  });

  test('an analyst lists partner users, certifications and enrolments, without names or emails', async () => {
    const response = await graph.query(
      `query($id: ID!) { partner(id: $id) {
        users { totalCount edges { node { id role status name email } } }
        certifications { totalCount edges { node { id name userEmail } } }
        enrolments { totalCount edges { node { id status userEmail } } } } }`,
      { id: id.partner },
      ANALYST,
    );
    expect(response.errors).toBeUndefined();
    const partner = response.data!.partner as Record<
      string,
      { totalCount: number; edges: { node: Record<string, unknown> }[] }
    >;
    expect(partner.users.edges).toEqual([
      { node: { id: id.user, role: 'ADMIN', status: 'ACTIVE', name: null, email: null } },
    ]);
    expect(partner.certifications.totalCount).toBe(1);
    expect(partner.certifications.edges[0].node).toMatchObject({ name: 'Basics', userEmail: null });
    expect(partner.enrolments.totalCount).toBe(1);
    expect(partner.enrolments.edges[0].node).toMatchObject({ status: 'PASSED', userEmail: null });
  });

  test('an analyst sees no contact names, emails or phones, but our staff ids', async () => {
    const response = await graph.query(
      `query($id: ID!) { customer(id: $id) {
        contacts { edges { node { id firstName lastName email phone title } } }
        leads { edges { node { id name email company ownerId createdBy } } } } }`,
      { id: id.customer },
      ANALYST,
    );
    expect(response.errors).toBeUndefined();
    const customer = response.data!.customer as Record<
      string,
      { edges: { node: Record<string, unknown> }[] }
    >;
    expect(customer.contacts.edges[0].node).toMatchObject({
      firstName: null,
      lastName: null,
      email: null,
      phone: null,
    });
    expect(customer.leads.edges[0].node).toMatchObject({ name: null, email: null, createdBy: ADMIN.sub });
    // The same fields are not a way round it: no filtering or sorting on what one may not read.
    const filtered = await graph.query(
      `{ leads(filter: { email: { eq: "grace@acme.example" } }) { totalCount } }`,
      {},
      ANALYST,
    );
    expect(codes(filtered)).not.toContain('INTERNAL_SERVER_ERROR');
  });
});
