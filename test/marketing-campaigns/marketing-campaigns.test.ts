import type { Identity } from '@sales-graph/shared/auth/identity';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import {
  Campaign,
  CampaignChannel,
  CampaignMember,
  CampaignMemberStatus,
  CampaignStatus,
} from '../../subgraphs/customers/src/campaigns/campaign.entity';
import { Contact } from '../../subgraphs/customers/src/contacts/contact.entity';
import { Customer, LifecycleStage } from '../../subgraphs/customers/src/customers/customer.entity';
import { Lead, LeadSource, LeadStatus } from '../../subgraphs/customers/src/leads/lead.entity';
import { activePartner, as, client, createCustomer, errorOf, partnerUser, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * CRM marketing through the gateway: campaigns and their lifecycle, consent per contact and
 * channel (unsubscribed or unconsented people are never enrolled), idempotent bulk enrolment,
 * member responses in the customer timeline, and automation rules that run in the transaction
 * of their trigger (lead created, score crossed, deal stage changed) — all or nothing.
 */

const { admin: ADMIN, marketing: MARKETING, sales: SALES, support: SUPPORT, analyst: ANALYST } = as;
/** A real, active partner user (set up in beforeAll). */
let PARTNER: Identity;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let graph: TestGraph;

async function gql(query: string, variables: Record<string, unknown> = {}, identity: Identity = ADMIN) {
  return graph.query<Json>(query, variables, identity);
}

const { ok } = client(() => graph, ADMIN);

const count = async (sql: string, params: unknown[] = []) =>
  Number((await graph.crm.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n);

beforeAll(async () => {
  graph = await startTestGraph();
  PARTNER = await partnerUser(graph, await activePartner(graph, 'Partner One'));
});

afterAll(async () => {
  await graph?.stop();
});

const CREATE_CAMPAIGN = `mutation($input: CreateCampaignInput!) {
  createCampaign(input: $input) { id name channel status startsAt endsAt budget currency }
}`;
const SET_STATUS = `mutation($id: ID!, $status: CampaignStatus!) { updateCampaignStatus(id: $id, status: $status) { id status } }`;
const ENROL = `mutation($campaignId: ID!, $contactIds: [ID!], $leadIds: [ID!]) {
  enrolInCampaign(campaignId: $campaignId, contactIds: $contactIds, leadIds: $leadIds) {
    campaign { id name }
    enrolled { id status contact { id } lead { id } }
    alreadyEnrolled { id contact { id } lead { id } }
    skipped { contactId leadId reason message }
  }
}`;
const MEMBER_STATUS = `mutation($id: ID!, $status: CampaignMemberStatus!) {
  updateCampaignMemberStatus(id: $id, status: $status) { id status respondedAt }
}`;
const SET_PREFERENCE = `mutation($input: SetContactPreferenceInput!) {
  setContactPreference(input: $input) { channel optedIn unsubscribedAt source }
}`;
const UNSUBSCRIBE = `mutation($contactId: ID!, $channel: PreferenceChannel!) {
  unsubscribeContact(contactId: $contactId, channel: $channel) { channel optedIn unsubscribedAt source }
}`;
const CREATE_RULE = `mutation($input: CreateAutomationRuleInput!) {
  createAutomationRule(input: $input) {
    id name enabled
    trigger { type threshold toStage }
    conditions { leadSource region }
    action { type campaignId ownerId subject dueInDays }
  }
}`;
const CREATE_LEAD = `mutation($input: CreateLeadInput!) {
  createLead(input: $input) { id score ownerId campaignMemberships(first: 5) { totalCount edges { node { status campaign { name } } } } }
}`;

const newCustomer = async (name: string, region: string | null = 'EMEA') =>
  (await createCustomer(graph, { name, region })).id;

async function createContact(customerId: string, firstName: string) {
  const data = await ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
    input: { customerId, firstName, lastName: 'Test', email: `${firstName.toLowerCase()}@example.org` },
  });
  return data.createContact.id as string;
}

async function createCampaign(input: Json, identity: Identity = MARKETING) {
  return (await ok(CREATE_CAMPAIGN, { input }, identity)).createCampaign as Json;
}

describe('permissions', () => {
  it('lets MARKETING and ADMIN manage, SALES read campaigns and set preferences, ANALYST read, others nothing', async () => {
    const campaign = await createCampaign({ name: 'Permission probe', channel: 'EMAIL' });
    await createCampaign({ name: 'Admin probe', channel: 'ADS' }, ADMIN);
    const customerId = await newCustomer('Probe Co');
    const contactId = await createContact(customerId, 'Perm');
    const rule = {
      name: 'Probe',
      trigger: { type: 'LEAD_CREATED' },
      conditions: { region: 'Nowhere' },
      action: { type: 'ASSIGN_OWNER', ownerId: 'user:x' },
    };

    const forbidden = async (query: string, variables: Json, identity: Identity) =>
      expect(errorOf(await gql(query, variables, identity)).extensions?.code).toBe('FORBIDDEN');

    for (const identity of [SALES, ANALYST, SUPPORT, PARTNER]) {
      await forbidden(CREATE_CAMPAIGN, { input: { name: 'X', channel: 'EMAIL' } }, identity);
      await forbidden(SET_STATUS, { id: campaign.id, status: 'ACTIVE' }, identity);
      await forbidden(ENROL, { campaignId: campaign.id, contactIds: [contactId] }, identity);
      await forbidden(CREATE_RULE, { input: rule }, identity);
    }
    for (const identity of [SUPPORT, PARTNER]) {
      await forbidden(`{ campaigns(first: 1) { totalCount } }`, {}, identity);
      await forbidden(`query($id: ID!) { campaign(id: $id) { id } }`, { id: campaign.id }, identity);
    }
    for (const identity of [SALES, MARKETING, SUPPORT, PARTNER]) {
      if (identity !== MARKETING)
        await forbidden(`{ automationRules(first: 1) { totalCount } }`, {}, identity);
    }
    for (const identity of [ANALYST, SUPPORT, PARTNER]) {
      await forbidden(
        SET_PREFERENCE,
        { input: { contactId, channel: 'EMAIL', optedIn: true, source: 'x' } },
        identity,
      );
      await forbidden(UNSUBSCRIBE, { contactId, channel: 'SMS' }, identity);
    }

    for (const identity of [SALES, ANALYST, MARKETING, ADMIN]) {
      expect((await ok(`{ campaigns(first: 5) { totalCount } }`, {}, identity)).campaigns.totalCount).toBe(2);
    }
    for (const identity of [ANALYST, MARKETING, ADMIN]) {
      expect(
        (await ok(`{ automationRules(first: 5) { totalCount } }`, {}, identity)).automationRules.totalCount,
      ).toBe(0);
    }
    const created = (await ok(CREATE_RULE, { input: rule }, MARKETING)).createAutomationRule;
    await ok(
      `mutation($id: ID!) { setAutomationRuleEnabled(id: $id, enabled: false) { id } }`,
      { id: created.id },
      ADMIN,
    );
    for (const identity of [SALES, MARKETING]) {
      const pref = await ok(
        SET_PREFERENCE,
        { input: { contactId, channel: 'PHONE', optedIn: true, source: 'call' } },
        identity,
      );
      expect(pref.setContactPreference).toMatchObject({ channel: 'PHONE', optedIn: true });
    }
    const read = await ok(
      `query($id: ID!) { campaign(id: $id) { name members(first: 5) { totalCount } } }`,
      { id: campaign.id },
      ANALYST,
    );
    expect(read.campaign).toEqual({ name: 'Permission probe', members: { totalCount: 0 } });
  });
});

describe('campaigns', () => {
  it('creates a DRAFT campaign with an exact budget, and validates window, budget and currency', async () => {
    const campaign = await createCampaign({
      name: '  Spring launch ',
      channel: 'EMAIL',
      startsAt: '2026-03-01T09:00:00.000Z',
      endsAt: '2026-03-31T18:00:00.000Z',
      budget: '12500.05',
      currency: 'eur',
    });
    expect(campaign).toMatchObject({
      name: 'Spring launch',
      channel: 'EMAIL',
      status: 'DRAFT',
      startsAt: '2026-03-01T09:00:00.000Z',
      endsAt: '2026-03-31T18:00:00.000Z',
      budget: '12500.05',
      currency: 'EUR',
    });
    const before = await count('crm.campaigns');
    const bad = async (input: Json, message: string) => {
      const error = errorOf(await gql(CREATE_CAMPAIGN, { input }, MARKETING));
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain(message);
    };
    await bad({ name: 'X', channel: 'EMAIL', budget: '100.00' }, 'budget and currency go together');
    await bad({ name: 'X', channel: 'EMAIL', budget: '-1.00', currency: 'EUR' }, 'must not be negative');
    await bad({ name: ' ', channel: 'EMAIL' }, 'name must not be empty');
    await bad(
      {
        name: 'X',
        channel: 'EMAIL',
        startsAt: '2026-03-02T00:00:00.000Z',
        endsAt: '2026-03-01T00:00:00.000Z',
      },
      'endsAt must not be before startsAt',
    );
    expect(await count('crm.campaigns')).toBe(before);
  });

  it('moves through DRAFT → ACTIVE → COMPLETED and refuses anything else', async () => {
    const { id } = await createCampaign({ name: 'Lifecycle', channel: 'WEBINAR' });
    const move = (status: string) => gql(SET_STATUS, { id, status }, MARKETING);
    const skip = errorOf(await move('COMPLETED'));
    expect(skip.extensions).toMatchObject({ code: 'CONFLICT', allowed: ['ACTIVE', 'CANCELLED'] });
    expect((await move('ACTIVE')).data?.updateCampaignStatus.status).toBe('ACTIVE');
    expect((await move('COMPLETED')).data?.updateCampaignStatus.status).toBe('COMPLETED');
    expect(errorOf(await move('CANCELLED')).message).toBe(
      'A COMPLETED campaign cannot move to CANCELLED; allowed: none (it is final)',
    );
    expect(errorOf(await gql(SET_STATUS, { id: 'nope', status: 'ACTIVE' }, MARKETING)).extensions?.code).toBe(
      'NOT_FOUND',
    );
  });

  it('lists campaigns page by page and filters them', async () => {
    const all = await ok(`{ campaigns(first: 100) { totalCount edges { node { name } } } }`);
    const page1 = await ok(
      `{ campaigns(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }`,
    );
    const page2 = await ok(
      `query($after: String) { campaigns(first: 2, after: $after) { edges { node { name } } } }`,
      {
        after: page1.campaigns.pageInfo.endCursor,
      },
    );
    expect(page1.campaigns.pageInfo.hasNextPage).toBe(true);
    expect([...page1.campaigns.edges, ...page2.campaigns.edges].map((e: Json) => e.node.name)).toEqual(
      all.campaigns.edges.slice(0, 4).map((e: Json) => e.node.name),
    );
    const completed = await ok(
      `{ campaigns(first: 10, filter: { status: COMPLETED }) { edges { node { name } } } }`,
    );
    expect(completed.campaigns.edges.map((e: Json) => e.node.name)).toEqual(['Lifecycle']);
  });
});

describe('consent and enrolment', () => {
  let customerId: string;
  const contacts: Record<string, string> = {};
  const leads: Record<string, string> = {};
  let newsletter: string;
  let webinar: string;

  beforeAll(async () => {
    customerId = await newCustomer('Consent GmbH');
    for (const name of ['Ann', 'Ben', 'Cem', 'Dia']) contacts[name] = await createContact(customerId, name);
    const lead = async (name: string, consent: boolean) =>
      (
        await ok(
          `mutation($input: CreateLeadInput!) { createLead(input: $input) { id consentGiven } }`,
          {
            input: {
              name,
              source: 'EVENT',
              customerId,
              ...(consent ? { consentGiven: true, consentSource: 'booth form' } : {}),
            },
          },
          SALES,
        )
      ).createLead.id as string;
    leads.yes = await lead('Lea Yes', true);
    leads.no = await lead('Leo No', false);
    newsletter = (await createCampaign({ name: 'Newsletter', channel: 'EMAIL' })).id;
    webinar = (await createCampaign({ name: 'Webinar', channel: 'WEBINAR' })).id;
  });

  it('records consent per channel: opting in needs a source, opting out is an unsubscribe', async () => {
    const noSource = errorOf(
      await gql(
        SET_PREFERENCE,
        { input: { contactId: contacts.Ann, channel: 'EMAIL', optedIn: true } },
        SALES,
      ),
    );
    expect(noSource.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'source' });
    const ann = await ok(
      SET_PREFERENCE,
      { input: { contactId: contacts.Ann, channel: 'EMAIL', optedIn: true, source: 'web form' } },
      SALES,
    );
    expect(ann.setContactPreference).toEqual({
      channel: 'EMAIL',
      optedIn: true,
      unsubscribedAt: null,
      source: 'web form',
    });
    await ok(SET_PREFERENCE, {
      input: { contactId: contacts.Cem, channel: 'EMAIL', optedIn: true, source: 'fair' },
    });
    const cem = await ok(UNSUBSCRIBE, { contactId: contacts.Cem, channel: 'EMAIL' }, MARKETING);
    expect(cem.unsubscribeContact).toMatchObject({ channel: 'EMAIL', optedIn: false, source: 'unsubscribe' });
    expect(cem.unsubscribeContact.unsubscribedAt).not.toBeNull();
    await ok(SET_PREFERENCE, {
      input: { contactId: contacts.Dia, channel: 'SMS', optedIn: true, source: 'app' },
    });
    expect(
      errorOf(await gql(UNSUBSCRIBE, { contactId: '00000000-0000-4000-8000-000000000000', channel: 'EMAIL' }))
        .extensions?.code,
    ).toBe('NOT_FOUND');

    const prefs = await ok(
      `query($id: ID!) { customer(id: $id) { contacts(first: 10) { edges { node { id preferences { channel optedIn } } } } } }`,
      { id: customerId },
      ANALYST,
    );
    // The analyst reads consent, not names (personal data): match the contacts by id.
    const nameOf = new Map(Object.entries(contacts).map(([name, contactId]) => [contactId, name]));
    expect(
      Object.fromEntries(
        prefs.customer.contacts.edges.map((e: Json) => [nameOf.get(e.node.id), e.node.preferences]),
      ),
    ).toEqual({
      Ann: [{ channel: 'EMAIL', optedIn: true }],
      Ben: [],
      Cem: [{ channel: 'EMAIL', optedIn: false }],
      Dia: [{ channel: 'SMS', optedIn: true }],
    });
  });

  it('enrols only people with consent, says who was skipped and why, and never enrols twice', async () => {
    const first = (
      await ok(
        ENROL,
        {
          campaignId: newsletter,
          contactIds: [contacts.Ann, contacts.Ben, contacts.Cem, contacts.Dia, contacts.Ann],
          leadIds: [leads.yes, leads.no],
        },
        MARKETING,
      )
    ).enrolInCampaign;
    expect(first.campaign.name).toBe('Newsletter');
    expect(first.enrolled.map((m: Json) => [m.status, m.contact?.id ?? m.lead.id])).toEqual([
      ['ENROLLED', contacts.Ann],
      ['ENROLLED', leads.yes],
    ]);
    expect(first.alreadyEnrolled).toEqual([]);
    expect(first.skipped).toEqual([
      {
        contactId: contacts.Ben,
        leadId: null,
        reason: 'NO_CONSENT',
        message: 'has not consented to EMAIL, which EMAIL campaigns need',
      },
      { contactId: contacts.Cem, leadId: null, reason: 'UNSUBSCRIBED', message: 'unsubscribed from EMAIL' },
      {
        contactId: contacts.Dia,
        leadId: null,
        reason: 'NO_CONSENT',
        message: 'has not consented to EMAIL, which EMAIL campaigns need',
      },
      {
        contactId: null,
        leadId: leads.no,
        reason: 'NO_CONSENT',
        message: 'has not consented to EMAIL, which EMAIL campaigns need',
      },
    ]);

    const again = (
      await ok(ENROL, { campaignId: newsletter, contactIds: [contacts.Ann], leadIds: [leads.yes] }, MARKETING)
    ).enrolInCampaign;
    expect(again.enrolled).toEqual([]);
    expect(again.alreadyEnrolled.map((m: Json) => m.contact?.id ?? m.lead.id)).toEqual([
      contacts.Ann,
      leads.yes,
    ]);
    expect(await count('crm.campaign_members WHERE campaign_id = $1', [newsletter])).toBe(2);

    // All or nothing: an unknown person fails the whole call.
    const unknown = errorOf(
      await gql(ENROL, {
        campaignId: webinar,
        contactIds: [contacts.Ann, '00000000-0000-4000-8000-000000000000'],
      }),
    );
    expect(unknown.extensions?.code).toBe('NOT_FOUND');
    expect(errorOf(await gql(ENROL, { campaignId: webinar })).extensions?.code).toBe('BAD_USER_INPUT');
    expect(await count('crm.campaign_members WHERE campaign_id = $1', [webinar])).toBe(0);
    await ok(ENROL, { campaignId: webinar, contactIds: [contacts.Ann] }, MARKETING);

    const memberships = await ok(
      `query($c: ID!, $l: ID!) {
        customer(id: $c) { contacts(first: 10) { edges { node { firstName campaignMemberships(first: 5) { totalCount edges { node { campaign { name } } } } } } } }
        lead(id: $l) { campaignMemberships(first: 5) { totalCount edges { node { status campaign { name } } } } }
      }`,
      { c: customerId, l: leads.yes },
      SALES,
    );
    const byName = Object.fromEntries(
      memberships.customer.contacts.edges.map((e: Json) => [
        e.node.firstName,
        e.node.campaignMemberships.edges.map((m: Json) => m.node.campaign.name),
      ]),
    );
    expect(byName).toEqual({ Ann: ['Newsletter', 'Webinar'], Ben: [], Cem: [], Dia: [] });
    expect(memberships.lead.campaignMemberships).toEqual({
      totalCount: 1,
      edges: [{ node: { status: 'ENROLLED', campaign: { name: 'Newsletter' } } }],
    });
  });

  it('moves members through their lifecycle, shows touches in the timeline, and unsubscribing withdraws consent', async () => {
    const members = (
      await ok(
        `query($id: ID!) { campaign(id: $id) { members(first: 10) { edges { node { id contact { id } lead { id } } } } } }`,
        {
          id: newsletter,
        },
      )
    ).campaign.members.edges.map((e: Json) => e.node);
    const ann = members.find((m: Json) => m.contact?.id === contacts.Ann).id;
    const lea = members.find((m: Json) => m.lead?.id === leads.yes).id;
    const move = (id: string, status: string) => gql(MEMBER_STATUS, { id, status }, MARKETING);

    expect(errorOf(await move(ann, 'SENT')).message).toBe('A member of a DRAFT campaign cannot become SENT');
    await ok(SET_STATUS, { id: newsletter, status: 'ACTIVE' }, MARKETING);
    expect(errorOf(await move(ann, 'OPENED')).extensions).toMatchObject({
      code: 'CONFLICT',
      allowed: ['SENT', 'BOUNCED', 'UNSUBSCRIBED'],
    });
    for (const status of ['SENT', 'OPENED', 'CLICKED']) {
      expect((await move(ann, status)).data?.updateCampaignMemberStatus).toMatchObject({
        status,
        respondedAt: null,
      });
    }
    const respondingFrom = Date.now();
    const responded = (await move(ann, 'RESPONDED')).data?.updateCampaignMemberStatus;
    const respondingTo = Date.now();
    expect(responded.status).toBe('RESPONDED');
    // Stamped during the call that recorded the response (an order of instants, no tolerance).
    expect(Date.parse(responded.respondedAt)).toBeGreaterThanOrEqual(respondingFrom);
    expect(Date.parse(responded.respondedAt)).toBeLessThanOrEqual(respondingTo);

    // The lead unsubscribes through the campaign: its consent is withdrawn with it.
    await ok(MEMBER_STATUS, { id: lea, status: 'SENT' }, MARKETING);
    await ok(MEMBER_STATUS, { id: lea, status: 'UNSUBSCRIBED' }, MARKETING);
    expect(
      (await ok(`query($id: ID!) { lead(id: $id) { consentGiven } }`, { id: leads.yes })).lead.consentGiven,
    ).toBe(false);
    expect(errorOf(await move(lea, 'SENT')).message).toContain('allowed: none (it is final)');

    const timeline = await ok(
      `query($id: ID!) { customer(id: $id) { timeline(first: 10, types: [CAMPAIGN_TOUCH]) {
        totalCount edges { node { type title summary campaignMember { id status } } } } } }`,
      { id: customerId },
      MARKETING,
    );
    expect(timeline.customer.timeline.totalCount).toBe(4);
    const entries = timeline.customer.timeline.edges.map((e: Json) => e.node);
    expect(entries.slice(0, 2)).toEqual([
      {
        type: 'CAMPAIGN_TOUCH',
        title: 'Responded to campaign "Newsletter"',
        summary: 'EMAIL campaign',
        campaignMember: { id: ann, status: 'RESPONDED' },
      },
      {
        type: 'CAMPAIGN_TOUCH',
        title: 'Enrolled in campaign "Webinar"',
        summary: 'WEBINAR campaign',
        campaignMember: { id: expect.any(String), status: 'ENROLLED' },
      },
    ]);
    // Both newsletter enrolments were made by one statement: same instant, either order.
    const byMember = (a: Json, b: Json) => (a.campaignMember.id < b.campaignMember.id ? -1 : 1);
    expect(entries.slice(2).sort(byMember)).toEqual(
      [
        {
          type: 'CAMPAIGN_TOUCH',
          title: 'Enrolled in campaign "Newsletter"',
          summary: 'EMAIL campaign',
          campaignMember: { id: lea, status: 'UNSUBSCRIBED' },
        },
        {
          type: 'CAMPAIGN_TOUCH',
          title: 'Enrolled in campaign "Newsletter"',
          summary: 'EMAIL campaign',
          campaignMember: { id: ann, status: 'RESPONDED' },
        },
      ].sort(byMember),
    );
    // Without types, a role that may not read campaigns does not see their touches.
    const support = await ok(
      `query($id: ID!) { customer(id: $id) { timeline(first: 10) { totalCount } } }`,
      { id: customerId },
      SUPPORT,
    );
    expect(support.customer.timeline.totalCount).toBe(0);

    // Unsubscribing from EMAIL takes Ann out of the running webinar (her response stays recorded
    // in the newsletter, which ACTIVE still reaches her: it becomes UNSUBSCRIBED too).
    const unsub = await ok(UNSUBSCRIBE, { contactId: contacts.Ann, channel: 'EMAIL' }, SALES);
    expect(unsub.unsubscribeContact.optedIn).toBe(false);
    const after = await ok(
      `query($id: ID!) { customer(id: $id) { contacts(first: 1) { edges { node { campaignMemberships(first: 5) { edges { node { status respondedAt campaign { name } } } } } } } } }`,
      { id: customerId },
    );
    const states = after.customer.contacts.edges[0].node.campaignMemberships.edges.map((e: Json) => e.node);
    expect(states.map((s: Json) => [s.campaign.name, s.status])).toEqual([
      ['Newsletter', 'UNSUBSCRIBED'],
      ['Webinar', 'UNSUBSCRIBED'],
    ]);
    expect(states[0].respondedAt).toBe(responded.respondedAt);
    const third = (await createCampaign({ name: 'Follow-up', channel: 'CONTENT' })).id;
    const retry = (await ok(ENROL, { campaignId: third, contactIds: [contacts.Ann] }, MARKETING))
      .enrolInCampaign;
    expect(retry.enrolled).toEqual([]);
    expect(retry.skipped.map((s: Json) => s.reason)).toEqual(['UNSUBSCRIBED']);
  });

  it('takes no new members once a campaign is over', async () => {
    await ok(SET_STATUS, { id: webinar, status: 'CANCELLED' }, MARKETING);
    const error = errorOf(await gql(ENROL, { campaignId: webinar, contactIds: [contacts.Ben] }, MARKETING));
    expect(error.extensions?.code).toBe('CONFLICT');
    expect(error.message).toBe(
      'Campaign "Webinar" is CANCELLED; only DRAFT or ACTIVE campaigns take new members',
    );
  });
});

describe('automation rules', () => {
  let customerId: string;
  let nurture: string;
  let onboarding: string;
  const rules: Record<string, string> = {};

  const rule = async (input: Json) =>
    (await ok(CREATE_RULE, { input }, MARKETING)).createAutomationRule as Json;
  const runsOf = async (id: string) =>
    (
      await ok(
        `query($id: ID!) { automationRule(id: $id) { runs(first: 20) { totalCount edges { node { event outcome detail leadId dealId } } } } }`,
        { id },
        ANALYST,
      )
    ).automationRule.runs;

  beforeAll(async () => {
    customerId = await newCustomer('Automation AG', 'EMEA');
    nurture = (await createCampaign({ name: 'Web nurture', channel: 'EMAIL' })).id;
    onboarding = (await createCampaign({ name: 'Onboarding webinar', channel: 'WEBINAR' })).id;
  });

  it('validates the declarative configuration', async () => {
    const rulesBefore = await count('crm.automation_rules');
    const bad = async (input: Json, field: string, message: string) => {
      const error = errorOf(await gql(CREATE_RULE, { input }, MARKETING));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(error.message).toBe(message);
    };
    const base = {
      name: 'R',
      trigger: { type: 'LEAD_CREATED' },
      action: { type: 'ASSIGN_OWNER', ownerId: 'u' },
    };
    await bad(
      { ...base, trigger: { type: 'LEAD_SCORE_CROSSED' } },
      'trigger.threshold',
      'LEAD_SCORE_CROSSED needs a threshold',
    );
    await bad(
      { ...base, trigger: { type: 'LEAD_SCORE_CROSSED', threshold: 101 } },
      'trigger.threshold',
      'trigger.threshold must be an integer from 1 to 100',
    );
    await bad(
      { ...base, trigger: { type: 'LEAD_CREATED', toStage: 'PROPOSAL' } },
      'trigger.toStage',
      'trigger.toStage applies only to DEAL_STAGE_CHANGED',
    );
    await bad(
      { ...base, action: { type: 'ENROL_IN_CAMPAIGN' } },
      'action.campaignId',
      'ENROL_IN_CAMPAIGN needs a campaignId',
    );
    await bad(
      { ...base, action: { type: 'CREATE_TASK', subject: 'x', ownerId: 'u' } },
      'action.ownerId',
      'action.ownerId applies only to ASSIGN_OWNER',
    );
    const completed = (await createCampaign({ name: 'Old', channel: 'EMAIL' })).id;
    await ok(SET_STATUS, { id: completed, status: 'CANCELLED' }, MARKETING);
    await bad(
      { ...base, action: { type: 'ENROL_IN_CAMPAIGN', campaignId: completed } },
      'action.campaignId',
      'Campaign "Old" is CANCELLED; a rule can only enrol in DRAFT or ACTIVE campaigns',
    );
    expect(
      errorOf(
        await gql(
          CREATE_RULE,
          {
            input: {
              ...base,
              action: { type: 'ENROL_IN_CAMPAIGN', campaignId: '00000000-0000-4000-8000-000000000000' },
            },
          },
          MARKETING,
        ),
      ).extensions?.code,
    ).toBe('NOT_FOUND');
    expect(await count('crm.automation_rules')).toBe(rulesBefore);
  });

  it('routes a new web lead in the same transaction: owner, campaign, and a task once its score crosses 50', async () => {
    const owner = await rule({
      name: 'EMEA web leads to Eva',
      trigger: { type: 'LEAD_CREATED' },
      conditions: { leadSource: 'WEB', region: 'emea' },
      action: { type: 'ASSIGN_OWNER', ownerId: 'user:sales-eva' },
    });
    expect(owner).toMatchObject({
      enabled: true,
      trigger: { type: 'LEAD_CREATED', threshold: null, toStage: null },
      conditions: { leadSource: 'WEB', region: 'emea' },
      action: {
        type: 'ASSIGN_OWNER',
        ownerId: 'user:sales-eva',
        campaignId: null,
        subject: null,
        dueInDays: null,
      },
    });
    rules.owner = owner.id;
    rules.enrol = (
      await rule({
        name: 'Web leads into nurture',
        trigger: { type: 'LEAD_CREATED' },
        conditions: { leadSource: 'WEB' },
        action: { type: 'ENROL_IN_CAMPAIGN', campaignId: nurture },
      })
    ).id;
    rules.task = (
      await rule({
        name: 'Hot leads get a call',
        trigger: { type: 'LEAD_SCORE_CROSSED', threshold: 50 },
        action: { type: 'CREATE_TASK', subject: 'Call the hot lead', dueInDays: 2 },
      })
    ).id;

    // Fit: software 20 + EMEA 10 + company 10 + business email 20 = 60, crossing 50 from nothing.
    const hot = (
      await ok(
        CREATE_LEAD,
        {
          input: {
            name: 'Hana Hot',
            company: 'Automation AG',
            email: 'hana@automation.example',
            industry: 'Software',
            region: 'EMEA',
            source: 'WEB',
            customerId,
            consentGiven: true,
            consentSource: 'web form',
          },
        },
        SALES,
      )
    ).createLead;
    // The automation's task is engagement too: 60 + 3.
    expect(hot).toEqual({
      id: expect.any(String),
      score: 63,
      ownerId: 'user:sales-eva',
      campaignMemberships: {
        totalCount: 1,
        edges: [{ node: { status: 'ENROLLED', campaign: { name: 'Web nurture' } } }],
      },
    });
    const tasks = await graph.crm.query(
      `SELECT type, subject, owner_id, customer_id, lead_id, round(extract(epoch FROM due_at - occurred_at) / 86400) AS days
       FROM crm.activities WHERE lead_id = $1`,
      [hot.id],
    );
    expect(tasks).toEqual([
      {
        type: 'TASK',
        subject: 'Call the hot lead',
        owner_id: 'user:sales-eva',
        customer_id: customerId,
        lead_id: hot.id,
        days: '2',
      },
    ]);
    expect((await runsOf(rules.owner)).edges.map((e: Json) => e.node)).toEqual([
      {
        event: 'LEAD_CREATED',
        outcome: 'APPLIED',
        detail: 'lead assigned to user:sales-eva',
        leadId: hot.id,
        dealId: null,
      },
    ]);
    expect((await runsOf(rules.enrol)).edges[0].node).toMatchObject({
      outcome: 'APPLIED',
      detail: 'enrolled 1 in "Web nurture"',
    });
    expect((await runsOf(rules.task)).edges[0].node).toMatchObject({
      event: 'LEAD_SCORE_CROSSED',
      outcome: 'APPLIED',
    });

    // A web lead from elsewhere without consent: no owner rule; the enrolment rule fires but skips it.
    const cold = (
      await ok(
        CREATE_LEAD,
        { input: { name: 'Cole Cold', source: 'WEB', region: 'APAC', email: 'cole@gmail.com' } },
        SALES,
      )
    ).createLead;
    expect(cold).toMatchObject({ score: 5, ownerId: null, campaignMemberships: { totalCount: 0 } });
    expect((await runsOf(rules.owner)).totalCount).toBe(1);
    const skipped = (await runsOf(rules.enrol)).edges[0].node;
    expect(skipped).toEqual({
      event: 'LEAD_CREATED',
      outcome: 'SKIPPED',
      detail: `${cold.id} skipped: has not consented to EMAIL, which EMAIL campaigns need`,
      leadId: cold.id,
      dealId: null,
    });
    // An event lead matches no rule at all.
    await ok(CREATE_LEAD, { input: { name: 'Eve Event', source: 'EVENT' } }, SALES);
    expect(await count('crm.automation_runs')).toBe(4);
  });

  it('fires a score rule only when an activity lifts the score through the threshold', async () => {
    const lead = (
      await ok(
        CREATE_LEAD,
        { input: { name: 'Wim Warm', company: 'Warm BV', region: 'LATAM', source: 'REFERRAL', customerId } },
        SALES,
      )
    ).createLead;
    expect(lead.score).toBe(15);
    const log = (type: string) =>
      ok(
        `mutation($input: LogActivityInput!) { logActivity(input: $input) { id } }`,
        { input: { customerId, leadId: lead.id, type, subject: `${type} with Wim` } },
        SALES,
      );
    const score = async () =>
      (await ok(`query($id: ID!) { lead(id: $id) { score } }`, { id: lead.id })).lead.score;
    await log('MEETING'); // 30
    await log('MEETING'); // 45
    expect(await score()).toBe(45);
    expect((await runsOf(rules.task)).totalCount).toBe(1);
    await log('EMAIL'); // 50: crosses → task (+3) = 53
    expect(await score()).toBe(53);
    const runs = await runsOf(rules.task);
    expect(runs.totalCount).toBe(2);
    expect(runs.edges[0].node).toMatchObject({
      event: 'LEAD_SCORE_CROSSED',
      outcome: 'APPLIED',
      leadId: lead.id,
    });
    await log('CALL'); // stays above (engagement is capped at 40): no new run
    expect(await score()).toBe(55);
    expect((await runsOf(rules.task)).totalCount).toBe(2);
  });

  it('rolls a failing action back with its trigger and says which rule failed', async () => {
    await ok(SET_STATUS, { id: nurture, status: 'ACTIVE' }, MARKETING);
    await ok(SET_STATUS, { id: nurture, status: 'COMPLETED' }, MARKETING);
    const leadsBefore = await count('crm.leads');
    const runsBefore = await count('crm.automation_runs');
    const error = errorOf(
      await gql(
        CREATE_LEAD,
        {
          input: {
            name: 'Nina New',
            source: 'WEB',
            region: 'EMEA',
            consentGiven: true,
            consentSource: 'web',
          },
        },
        SALES,
      ),
    );
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', ruleId: rules.enrol });
    expect(error.message).toBe(
      'Automation rule "Web leads into nurture" (ENROL_IN_CAMPAIGN) failed, nothing was saved: ' +
        'Campaign "Web nurture" is COMPLETED; only DRAFT or ACTIVE campaigns take new members',
    );
    expect(await count('crm.leads')).toBe(leadsBefore);
    expect(await count('crm.automation_runs')).toBe(runsBefore);

    // Disabled, the rule no longer runs and the lead goes in (owned by the EMEA rule).
    const disabled = await ok(
      `mutation($id: ID!) { setAutomationRuleEnabled(id: $id, enabled: false) { enabled } }`,
      { id: rules.enrol },
      MARKETING,
    );
    expect(disabled.setAutomationRuleEnabled.enabled).toBe(false);
    const lead = (
      await ok(
        CREATE_LEAD,
        {
          input: {
            name: 'Nina New',
            source: 'WEB',
            region: 'EMEA',
            consentGiven: true,
            consentSource: 'web',
          },
        },
        SALES,
      )
    ).createLead;
    expect(lead.ownerId).toBe('user:sales-eva');
    expect(await count('crm.leads')).toBe(leadsBefore + 1);
    const enabled = await ok(
      `{ automationRules(first: 10, filter: { enabled: true }) { edges { node { name } } } }`,
      {},
      ANALYST,
    );
    expect(enabled.automationRules.edges.map((e: Json) => e.node.name)).toEqual([
      'EMEA web leads to Eva',
      'Hot leads get a call',
    ]);
  });

  it('acts on a deal reaching a stage inside moveDealStage, and rolls the move back when an action fails', async () => {
    const ann = await createContact(customerId, 'Ola');
    const bob = await createContact(customerId, 'Per');
    await ok(
      SET_PREFERENCE,
      { input: { contactId: ann, channel: 'EMAIL', optedIn: true, source: 'contract' } },
      SALES,
    );
    await rule({
      name: 'Kick off won deals',
      trigger: { type: 'DEAL_STAGE_CHANGED', toStage: 'CLOSED_WON' },
      action: { type: 'CREATE_TASK', subject: 'Kick-off call', dueInDays: 3 },
    });
    const enrolRule = await rule({
      name: 'Won customers to onboarding',
      trigger: { type: 'DEAL_STAGE_CHANGED', toStage: 'CLOSED_WON' },
      conditions: { region: 'EMEA' },
      action: { type: 'ENROL_IN_CAMPAIGN', campaignId: onboarding },
    });
    const deal = async (title: string) =>
      (
        await ok(
          `mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }`,
          { input: { customerId, title, amount: '5000.00', currency: 'EUR', stage: 'NEGOTIATION' } },
          SALES,
        )
      ).createDeal.id as string;
    const won = await deal('Platform licence');
    const moved = await ok(
      `mutation($id: ID!) { moveDealStage(id: $id, stage: CLOSED_WON) { stage } }`,
      { id: won },
      SALES,
    );
    expect(moved.moveDealStage.stage).toBe('CLOSED_WON');
    expect(
      await graph.crm.query(
        `SELECT subject, deal_id FROM crm.activities WHERE deal_id = $1 AND type = 'TASK'`,
        [won],
      ),
    ).toEqual([{ subject: 'Kick-off call', deal_id: won }]);
    const members = await ok(
      `query($id: ID!) { campaign(id: $id) { members(first: 10) { edges { node { contact { id } } } } } }`,
      { id: onboarding },
    );
    expect(members.campaign.members.edges.map((e: Json) => e.node.contact.id)).toEqual([ann]);
    expect((await runsOf(enrolRule.id)).edges[0].node).toEqual({
      event: 'DEAL_STAGE_CHANGED',
      outcome: 'APPLIED',
      detail: `enrolled 1 in "Onboarding webinar"; ${bob} skipped: has not consented to EMAIL, which WEBINAR campaigns need`,
      leadId: null,
      dealId: won,
    });

    // The campaign is cancelled: the next win cannot run its rule, so the move does not happen.
    await ok(SET_STATUS, { id: onboarding, status: 'CANCELLED' }, MARKETING);
    const second = await deal('Support plan');
    const error = errorOf(
      await gql(
        `mutation($id: ID!) { moveDealStage(id: $id, stage: CLOSED_WON) { stage } }`,
        { id: second },
        SALES,
      ),
    );
    expect(error.extensions?.code).toBe('CONFLICT');
    expect(error.message).toContain(
      'Automation rule "Won customers to onboarding" (ENROL_IN_CAMPAIGN) failed',
    );
    const after = await ok(`query($id: ID!) { deal(id: $id) { stage stageHistory { toStage } } }`, {
      id: second,
    });
    expect(after.deal).toEqual({ stage: 'NEGOTIATION', stageHistory: [{ toStage: 'NEGOTIATION' }] });
    expect(await count(`crm.activities WHERE deal_id = $1`, [second])).toBe(0);
  });
});

describe('no N+1 on campaign members', () => {
  let customersBefore: string;

  beforeAll(async () => {
    customersBefore = (await ok(`{ customers(first: 50) { pageInfo { endCursor } } }`)).customers.pageInfo
      .endCursor;
    // 12 customers with a contact and a lead each; 12 campaigns of 4 members: two neighbouring
    // customers' contacts and leads, so every contact and lead is in two campaigns.
    await graph.crm.transaction(async (manager) => {
      const customers = await manager.save(
        Array.from({ length: 12 }, (_, i) =>
          manager.create(Customer, { name: `Bulk ${i}`, lifecycleStage: LifecycleStage.CUSTOMER }),
        ),
      );
      const people = await manager.save(
        customers.map((customer, i) =>
          manager.create(Contact, { customerId: customer.id, firstName: `Bulk${i}`, lastName: 'Person' }),
        ),
      );
      const leads = await manager.save(
        customers.map((customer, i) =>
          manager.create(Lead, {
            customerId: customer.id,
            name: `Bulk lead ${i}`,
            source: LeadSource.EVENT,
            status: LeadStatus.NEW,
            score: 0,
          }),
        ),
      );
      for (let c = 0; c < 12; c++) {
        const campaign = await manager.save(
          manager.create(Campaign, {
            name: `Bulk ${c}`,
            channel: CampaignChannel.ADS,
            status: CampaignStatus.ACTIVE,
          }),
        );
        const next = (c + 1) % 12;
        await manager.save(
          [
            { contactId: people[c].id },
            { contactId: people[next].id },
            { leadId: leads[c].id },
            { leadId: leads[next].id },
          ].map((person) =>
            manager.create(CampaignMember, {
              campaignId: campaign.id,
              contactId: null,
              leadId: null,
              ...person,
              status: CampaignMemberStatus.SENT,
            }),
          ),
        );
      }
    });
  });

  it('keeps the timeline, memberships and preferences of many customers at a constant cost', async () => {
    const QUERY = `query($first: Int!, $after: String) { customers(first: $first, after: $after) { edges { node {
      timeline(first: 3, types: [CAMPAIGN_TOUCH]) { totalCount edges { node { title campaignMember { status campaign { name } contact { firstName } lead { name } } } } }
      contacts(first: 2) { edges { node { preferences { channel } campaignMemberships(first: 2) { totalCount } } } }
      leads(first: 2) { edges { node { campaignMemberships(first: 2) { totalCount edges { node { status } } } } } }
    } } } }`;
    const counter = statementCounter(graph.crm);
    const counts: number[] = [];
    for (const first of [2, 10]) {
      counter.record();
      const data = await ok(QUERY, { first, after: customersBefore });
      counts.push(counter.count);
      expect(data.customers.edges).toHaveLength(first);
      for (const { node } of data.customers.edges) {
        expect(node.timeline.totalCount).toBe(4);
        expect(node.timeline.edges).toHaveLength(3);
        expect(node.contacts.edges[0].node.campaignMemberships.totalCount).toBe(2);
        expect(node.leads.edges[0].node.campaignMemberships.totalCount).toBe(2);
      }
    }
    expect(counts[1]).toBe(counts[0]);
    // customers page, ONE timeline statement, members / campaigns / contacts / leads by id,
    // contacts page, preferences, contact memberships page + count, leads page, lead memberships
    // page + count (a list's count runs only when its totalCount is selected).
    expect(counts[1]).toBe(13);
  });

  it('costs the same number of statements for 2 campaigns as for 10', async () => {
    const QUERY = `query($first: Int!) { campaigns(first: $first, filter: { status: ACTIVE, channel: ADS }) { edges { node {
      name members(first: 3) { totalCount edges { node { status campaign { name } contact { firstName preferences { channel } campaignMemberships(first: 2) { totalCount } } lead { name } } } }
    } } } }`;
    const counter = statementCounter(graph.crm);
    const counts: number[] = [];
    for (const first of [2, 10]) {
      counter.record();
      const data = await ok(QUERY, { first });
      counts.push(counter.count);
      expect(data.campaigns.edges).toHaveLength(first);
      for (const edge of data.campaigns.edges) {
        expect(edge.node.members.totalCount).toBe(4);
        expect(edge.node.members.edges).toHaveLength(3);
        expect(
          edge.node.members.edges.map((m: Json) => Boolean(m.node.contact) !== Boolean(m.node.lead)),
        ).toEqual([true, true, true]);
      }
    }
    expect(counts[1]).toBe(counts[0]);
    // campaigns page, members page + count, campaigns by id, contacts by id, leads by id,
    // preferences, memberships page + count (no count of campaigns: totalCount not selected).
    expect(counts[1]).toBe(9);
  });
});
