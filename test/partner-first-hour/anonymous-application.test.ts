import { IDENTITY_HEADER, signForwardedIdentity } from '@sales-graph/shared/auth/identity';
import { HOUR_MS } from '@sales-graph/shared/time';
import { as, codeOf, postGraphQL, startTestGraph } from '../support';
import type { Data, TestGraph } from '../support';

/**
 * A company applies to the partner program with no account: the gateway's one anonymous path.
 * It is answered with an acknowledgement only, the same for a duplicate, bounded in size and
 * limited per source address; any other anonymous request is still UNAUTHENTICATED.
 */
const APPLICATIONS_PER_HOUR = 4;
const { channelManager: CM } = as;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let graph: TestGraph;
/** The gateway's clock: the hourly bucket refills only when a test moves it. */
let clock = Date.parse('2026-12-01T09:00:00Z');

beforeAll(async () => {
  graph = await startTestGraph({
    gateway: { now: () => clock, rateLimits: { applicationsPerSourcePerHour: APPLICATIONS_PER_HOUR } },
  });
});

afterAll(async () => {
  await graph?.stop();
});

const APPLY = `mutation($input: PartnerApplicationInput!) {
  submitPartnerApplication(input: $input) { received reference } }`;
const application = (overrides: Record<string, unknown> = {}) => ({
  companyName: 'Acme Integrations, Inc.',
  type: 'RESELLER',
  region: 'EMEA',
  domain: 'acme-integrations.example',
  contactName: 'Ada Applicant',
  contactEmail: 'ada@acme-integrations.example',
  ...overrides,
});
/** Without any Authorization header. */
const anonymous = (query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL<Data>(graph.gateway.url, query, variables);
const partnerRows = async () =>
  (await graph.prm.query(`SELECT name, status, domain FROM prm.partners ORDER BY created_at`)) as Data[];

describe('an anonymous partner application', () => {
  it('is received: an APPLIED partner with its contact invited, and only an acknowledgement back', async () => {
    const response = await anonymous(APPLY, { input: application() });
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      submitPartnerApplication: { received: true, reference: expect.stringMatching(UUID) },
    });
    expect(await partnerRows()).toEqual([
      { name: 'Acme Integrations, Inc.', status: 'APPLIED', domain: 'acme-integrations.example' },
    ]);
    const [user] = await graph.prm.query(`SELECT email, role, status FROM prm.partner_users`);
    expect(user).toEqual({ email: 'ada@acme-integrations.example', role: 'ADMIN', status: 'INVITED' });
    const [audit] = await graph.prm.query(
      `SELECT actor_sub, actor_role FROM prm.audit_log WHERE record_type = 'Partner' AND action = 'CREATE'`,
    );
    expect(audit).toEqual({ actor_sub: 'anonymous:applicant', actor_role: 'APPLICANT' });
  });

  it('answers a duplicate (same domain, or the same company by its normalised name) like a new one, and writes nothing', async () => {
    const byDomain = await anonymous(APPLY, {
      input: application({
        companyName: 'Someone',
        domain: 'https://www.ACME-integrations.example/',
        contactEmail: 'x@y.example',
      }),
    });
    const byName = await anonymous(APPLY, {
      input: application({ companyName: 'ACME INTEGRATIONS LLC', domain: null, contactEmail: 'z@y.example' }),
    });
    for (const response of [byDomain, byName]) {
      expect(response.status).toBe(200);
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({
        submitPartnerApplication: { received: true, reference: expect.stringMatching(UUID) },
      });
    }
    expect(byDomain.data!.submitPartnerApplication.reference).not.toBe(
      byName.data!.submitPartnerApplication.reference,
    );
    expect(await partnerRows()).toHaveLength(1);
  });

  it('refuses an oversize input', async () => {
    const response = await anonymous(APPLY, {
      input: application({
        companyName: 'x'.repeat(201),
        domain: 'other.example',
        contactEmail: 'o@other.example',
      }),
    });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(await partnerRows()).toHaveLength(1);
  });

  it('is the only thing a request without a token may do', async () => {
    const refused = [
      `{ partners(first: 5) { totalCount } }`,
      `{ __schema { queryType { name } } }`,
      // The application with anything beside it, under an alias, or as a batch of definitions.
      `mutation($input: PartnerApplicationInput!) { submitPartnerApplication(input: $input) { received } partners: createPartner(input: { name: "X", type: RESELLER }) { id } }`,
      `mutation($input: PartnerApplicationInput!) { a: submitPartnerApplication(input: $input) { received } }`,
      `mutation($input: PartnerApplicationInput!) { submitPartnerApplication(input: $input) { ...R } } fragment R on PartnerApplicationReceipt { received }`,
      `mutation($input: PartnerApplicationInput!) { applyAsPartner(input: $input) { id name } }`,
      `mutation($input: PartnerApplicationInput!) { submitPartnerApplication(input: $input) @skip(if: false) { received } }`,
    ];
    for (const query of refused) {
      const response = await anonymous(query, { input: application() });
      expect({ query, status: response.status, code: codeOf(response) }).toEqual({
        query,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
    // A bad token is a bad token, whatever it asks for.
    const badToken = await postGraphQL(
      graph.gateway.url,
      APPLY,
      { input: application() },
      {
        authorization: 'Bearer not-a-token',
      },
    );
    expect(badToken.status).toBe(401);
    expect(await partnerRows()).toHaveLength(1);
  });

  it('is limited per source address, per hour', async () => {
    // Three spent above (the application, two duplicates) and the oversize one: the fourth.
    const limited = await anonymous(APPLY, {
      input: application({
        companyName: 'Late Comer',
        domain: 'late.example',
        contactEmail: 'l@late.example',
      }),
    });
    expect(limited.status).toBe(429);
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    expect(await partnerRows()).toHaveLength(1);
    // An hour later the source may apply again.
    clock += HOUR_MS;
    const later = await anonymous(APPLY, {
      input: application({
        companyName: 'Late Comer',
        domain: 'late.example',
        contactEmail: 'l@late.example',
      }),
    });
    expect(later.data?.submitPartnerApplication?.received).toBe(true);
    expect((await partnerRows()).map((row) => row.name)).toEqual(['Acme Integrations, Inc.', 'Late Comer']);
    // Channel managers review them as before.
    const { data } = await graph.query<Data>(`{ partners(first: 10) { totalCount } }`, {}, CM);
    expect(data!.partners.totalCount).toBe(2);
  });

  it('holds in the subgraph too: the APPLICANT identity may do nothing else', async () => {
    const headers = {
      [IDENTITY_HEADER]: await signForwardedIdentity(
        { sub: 'anonymous:applicant', role: 'APPLICANT' },
        'partners',
      ),
    };
    const read = await postGraphQL(graph.partners.url, `{ partners(first: 1) { totalCount } }`, {}, headers);
    expect(codeOf(read)).toBe('FORBIDDEN');
    const apply = await postGraphQL(
      graph.partners.url,
      `mutation($input: PartnerApplicationInput!) { applyAsPartner(input: $input) { id } }`,
      {
        input: application({
          companyName: 'Sneaky',
          domain: 'sneaky.example',
          contactEmail: 's@sneaky.example',
        }),
      },
      headers,
    );
    expect(codeOf(apply)).toBe('FORBIDDEN');
    // …and no user token can claim it.
    const token = await graph.token({ sub: 'anonymous:applicant', role: 'APPLICANT' });
    const claimed = await postGraphQL(
      graph.gateway.url,
      APPLY,
      { input: application() },
      { authorization: `Bearer ${token}` },
    );
    expect(claimed.status).toBe(401);
  });
});
