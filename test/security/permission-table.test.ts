import {
  ACTIONS,
  grantPermissions,
  PARTNER_MEMBER_ACCESS,
  PARTNER_STATUS_ACCESS,
  PERMISSIONS,
  publicSubjects,
  subjectOwner,
  type Subject,
} from '@sales-graph/shared/auth/permissions';
import { ROLES, type Role } from '@sales-graph/shared/auth/identity';
import { CRM_MODULES } from '../../subgraphs/customers/src/modules';
import { PRM_MODULES } from '../../subgraphs/partners/src/modules';

/**
 * The permission table is assembled from the module manifests (both subgraphs in this one
 * process, as `npm start` and the test graph run them). It must be exactly the table
 * shared/src/auth/permissions.ts held before, written out below as it was: role by role, subject
 * by subject, action by action.
 */
/** PERMISSIONS as shared/src/auth/permissions.ts wrote it, whole, before the modules declared their own grants. */
const OLD_PERMISSIONS: Record<string, Record<string, string[]>> = {
  ADMIN: {
    // Forecast (issue 14 item 5): quotas, forecasts, snapshots (forecasts module).
    Quota: ['read', 'create', 'update', 'delete'],
    Forecast: ['read', 'create', 'update', 'delete'],
    // Money across currencies (issue 14 item 4): reference data, written by ADMIN only.
    ExchangeRate: ['read', 'create', 'update', 'delete'],
    // People and ownership (users/, owners/).
    User: ['read', 'create', 'update', 'delete'],
    Team: ['read', 'create', 'update', 'delete'],
    Territory: ['read', 'create', 'update', 'delete'],
    OwnerChange: ['read', 'create', 'update', 'delete'],
    AccountMapping: ['read'],
    // Configured pipelines (pipelines module): ADMIN configures, internal roles read.
    Pipeline: ['read', 'create', 'update', 'delete'],
    Campaign: ['read', 'create', 'update', 'delete'],
    ContactPreference: ['read', 'create', 'update', 'delete'],
    AutomationRule: ['read', 'create', 'update', 'delete'],
    ApiKey: ['read', 'create', 'update', 'delete'],
    AuditLog: ['read'],
    Customer: ['read', 'create', 'update', 'delete'],
    Contact: ['read', 'create', 'update', 'delete'],
    Lead: ['read', 'create', 'update', 'delete'],
    Deal: ['read', 'create', 'update', 'delete'],
    Partner: ['read', 'create', 'update', 'delete'],
    Attribution: ['read', 'create', 'update', 'delete'],
    Activity: ['read', 'create', 'update', 'delete'],
    Ticket: ['read', 'create', 'update', 'delete'],
    Order: ['read', 'create', 'update', 'delete'],
    Product: ['read', 'create', 'update', 'delete'],
    Onboarding: ['read', 'create', 'update', 'delete'],
    PartnerUser: ['read', 'create', 'update', 'delete'],
    Course: ['read', 'create', 'update', 'delete'],
    Training: ['read', 'create', 'update', 'delete'],
    DealRegistration: ['read', 'create', 'update', 'delete'],
    DealRegistrationReview: ['read', 'create', 'update', 'delete'],
    DistributionRule: ['read', 'create', 'update', 'delete'],
    LeadOffer: ['read', 'create', 'update', 'delete'],
    LeadReferral: ['read', 'create'],
    PartnerPerformance: ['read'],
    CommissionPlan: ['read', 'create', 'update', 'delete'],
    Commission: ['read'],
    Payout: ['read', 'create', 'update'],
    MdfBudget: ['read', 'create', 'update'],
    Mdf: ['read', 'create', 'update'],
    MdfReview: ['read', 'create', 'update'],
    // Campaign influence and MDF return (issue 14 item 8).
    CampaignInfluence: ['read'],
    MdfCampaign: ['read', 'create', 'update'],
    TierRule: ['read', 'create', 'update', 'delete'],
    PartnerProfile: ['update'],
    OutboxMessage: ['read', 'update'],
    // Rules of engagement (issue 14 item 7).
    CustomerOwnership: ['read', 'create', 'update', 'delete'],
    ChannelConflictAnalytics: ['read'],
    WebhookEndpoint: ['read', 'create', 'update', 'delete'],
    WebhookDelivery: ['read', 'create', 'update', 'delete'],
  },
  SALES: {
    // Forecast (issue 14 item 5): a team manager sets its members' quotas (the service decides); reads within its team.
    Quota: ['read', 'create', 'update', 'delete'],
    Forecast: ['read'],
    // Money across currencies (issue 14 item 4): reference data, written by ADMIN only.
    ExchangeRate: ['read'],
    // People and ownership (users/, owners/).
    User: ['read'],
    Team: ['read'],
    Territory: ['read'],
    OwnerChange: ['read', 'create'],
    // Configured pipelines (pipelines module): ADMIN configures, internal roles read.
    Pipeline: ['read'],
    Campaign: ['read'],
    ContactPreference: ['read', 'create', 'update'],
    Customer: ['read', 'create', 'update', 'delete'],
    Contact: ['read', 'create', 'update', 'delete'],
    Lead: ['read', 'create', 'update'],
    Deal: ['read', 'create', 'update'],
    Partner: ['read'],
    Attribution: ['read'],
    Activity: ['read', 'create', 'update'],
    Ticket: ['read'],
    Order: ['read', 'create', 'update'],
    Product: ['read'],
    LeadOffer: ['read'],
    PartnerPerformance: ['read'],
    // Rules of engagement (issue 14 item 7): sales management sets ownership.
    CustomerOwnership: ['read', 'create', 'update', 'delete'],
  },
  MARKETING: {
    // Money across currencies (issue 14 item 4): reference data, written by ADMIN only.
    ExchangeRate: ['read'],
    // People and ownership (users/, owners/).
    User: ['read'],
    Team: ['read'],
    Territory: ['read'],
    OwnerChange: ['read'],
    // Configured pipelines (pipelines module): ADMIN configures, internal roles read.
    Pipeline: ['read'],
    Campaign: ['read', 'create', 'update'],
    ContactPreference: ['read', 'create', 'update'],
    AutomationRule: ['read', 'create', 'update'],
    Customer: ['read'],
    Contact: ['read', 'create', 'update'],
    Lead: ['read', 'create', 'update'],
    Deal: ['read'],
    Partner: ['read'],
    Attribution: ['read'],
    Activity: ['read'],
    Ticket: ['read'],
    Order: ['read'],
    Product: ['read'],
    LeadOffer: ['read'],
    // Campaign influence and MDF return (issue 14 item 8).
    CampaignInfluence: ['read'],
  },
  SUPPORT: {
    // People and ownership (users/, owners/).
    User: ['read'],
    Team: ['read'],
    Territory: ['read'],
    OwnerChange: ['read'],
    // Configured pipelines (pipelines module): ADMIN configures, internal roles read.
    Pipeline: ['read'],
    Customer: ['read'],
    Contact: ['read', 'create', 'update'],
    Lead: ['read'],
    Deal: ['read'],
    Partner: ['read'],
    Attribution: ['read'],
    Activity: ['read'],
    Ticket: ['read', 'create', 'update'],
    Order: ['read'],
    Product: ['read'],
    LeadOffer: ['read'],
  },
  CHANNEL_MANAGER: {
    // People and ownership (users/, owners/).
    User: ['read'],
    Team: ['read'],
    Territory: ['read'],
    OwnerChange: ['read'],
    AccountMapping: ['read'],
    // Configured pipelines (pipelines module): ADMIN configures, internal roles read.
    Pipeline: ['read'],
    Customer: ['read'],
    Contact: ['read'],
    Lead: ['read'],
    Deal: ['read'],
    Partner: ['read', 'create', 'update', 'delete'],
    Attribution: ['read', 'create', 'update', 'delete'],
    Activity: ['read'],
    Ticket: ['read'],
    Order: ['read'],
    Product: ['read'],
    Onboarding: ['read', 'create', 'update', 'delete'],
    PartnerUser: ['read', 'create', 'update', 'delete'],
    Course: ['read', 'create', 'update', 'delete'],
    Training: ['read', 'create', 'update', 'delete'],
    DealRegistration: ['read', 'create', 'update', 'delete'],
    DealRegistrationReview: ['read', 'create', 'update', 'delete'],
    DistributionRule: ['read', 'create', 'update', 'delete'],
    LeadOffer: ['read', 'create', 'update', 'delete'],
    LeadReferral: ['read', 'create'],
    PartnerPerformance: ['read'],
    CommissionPlan: ['read', 'create', 'update', 'delete'],
    Commission: ['read'],
    Payout: ['read', 'create', 'update'],
    MdfBudget: ['read', 'create', 'update'],
    Mdf: ['read', 'create', 'update'],
    // Campaign influence and MDF return (issue 14 item 8).
    CampaignInfluence: ['read'],
    MdfCampaign: ['read', 'create', 'update'],
    MdfReview: ['read', 'create', 'update'],
    TierRule: ['read', 'create', 'update', 'delete'],
    PartnerProfile: ['update'],
    // Rules of engagement (issue 14 item 7).
    CustomerOwnership: ['read'],
    ChannelConflictAnalytics: ['read'],
    // Money across currencies (issue 14 item 4): converted campaign influence and partner figures.
    ExchangeRate: ['read'],
  },
  ANALYST: {
    // Forecast (issue 14 item 5).
    Quota: ['read'],
    Forecast: ['read'],
    // Money across currencies (issue 14 item 4): reference data, written by ADMIN only.
    ExchangeRate: ['read'],
    // People and ownership (users/, owners/).
    User: ['read'],
    Team: ['read'],
    Territory: ['read'],
    OwnerChange: ['read'],
    // Configured pipelines (pipelines module): ADMIN configures, internal roles read.
    Pipeline: ['read'],
    Campaign: ['read'],
    ContactPreference: ['read'],
    AutomationRule: ['read'],
    Customer: ['read'],
    Contact: ['read'],
    Lead: ['read'],
    Deal: ['read'],
    Partner: ['read'],
    Attribution: ['read'],
    Activity: ['read'],
    Ticket: ['read'],
    Order: ['read'],
    Product: ['read'],
    Onboarding: ['read'],
    PartnerUser: ['read'],
    Course: ['read'],
    Training: ['read'],
    DealRegistration: ['read'],
    DealRegistrationReview: ['read'],
    DistributionRule: ['read'],
    LeadOffer: ['read'],
    LeadReferral: ['read'],
    PartnerPerformance: ['read'],
    CommissionPlan: ['read'],
    Commission: ['read'],
    Payout: ['read'],
    MdfBudget: ['read'],
    Mdf: ['read'],
    // Campaign influence and MDF return (issue 14 item 8).
    CampaignInfluence: ['read'],
    TierRule: ['read'],
    // Rules of engagement (issue 14 item 7).
    CustomerOwnership: ['read'],
    ChannelConflictAnalytics: ['read'],
  },
  PARTNER: {
    // Money across currencies (issue 14 item 4): reference data, written by ADMIN only.
    ExchangeRate: ['read'],
    AccountMapping: ['read', 'create'],
    ApiKey: ['read', 'create', 'update'],
    Customer: ['read'],
    Deal: ['read'],
    Lead: ['read'],
    Attribution: ['read'],
    Partner: ['read'],
    Onboarding: ['read', 'update'],
    PartnerUser: ['read', 'create', 'update'],
    Course: ['read'],
    Training: ['read', 'create'],
    DealRegistration: ['read', 'create', 'update'],
    PartnerDealUpdate: ['update'],
    ProspectAvailability: ['read'],
    PartnerProfile: ['update'],
    LeadOffer: ['read', 'update'],
    LeadReferral: ['read', 'create'],
    PartnerPerformance: ['read'],
    Commission: ['read'],
    Payout: ['read'],
    Product: ['read'],
    Mdf: ['read', 'create'],
    // Campaign influence and MDF return (issue 14 item 8).
    MdfCampaign: ['update'],
    // Rules of engagement (issue 14 item 7): the registration conflict preview.
    RegistrationConflictPreview: ['read'],
    WebhookEndpoint: ['read', 'create', 'update', 'delete'],
    WebhookDelivery: ['read', 'update'],
  },
  SERVICE: {
    AccountOverlap: ['read'],
    Customer: ['read'],
    Lead: ['read', 'create'],
    Deal: ['read'],
    PartnerAccess: ['read'],
    PartnerMembership: ['read'],
    ApiKeyIdentity: ['read'],
    PartnerSourcedDeal: ['read', 'create'],
    // Products and line items (issue 14 item 3): the catalogue, read by the PRM's registration lines.
    Product: ['read'],
    // Rules of engagement (issue 14 item 7): the CRM checks a CHANNEL owner exists; the PRM reads ownership.
    Partner: ['read'],
    CustomerOwnershipLookup: ['read'],
    // The CRM's one batched read of partner tiers for salesAnalytics (PARTNER_TIER).
    PartnerTierLookup: ['read'],
    // The PRM's webhook dispatcher reads the CRM feed as an endpoint's partner (issue 12 item 2).
    CrmChangeFeedLookup: ['read'],
    // Campaign influence and MDF return (issue 14 item 8).
    CampaignReturn: ['read'],
    // Money across currencies (issue 14 item 4): the PRM's conversions read the CRM's rates.
    ExchangeRateLookup: ['read'],
  },
  APPLICANT: {
    PartnerApplication: ['create'],
  },
};

/** PARTNER_STATUS_ACCESS and PARTNER_MEMBER_ACCESS as they were (ONBOARDING and SUSPENDED resolved). */
const OLD_STATUS_ACCESS: Record<string, Record<string, string[]> | 'ALL' | null> = {
  APPLIED: {
    Partner: ['read'],
    Onboarding: ['read'],
    PartnerUser: ['read', 'update'],
  },
  IN_REVIEW: {
    Partner: ['read'],
    Onboarding: ['read'],
    PartnerUser: ['read', 'update'],
  },
  ONBOARDING: {
    // Money across currencies (issue 14 item 4): reference data, written by ADMIN only.
    ExchangeRate: ['read'],
    AccountMapping: ['read'],
    ApiKey: ['read', 'create', 'update'],
    Customer: ['read'],
    Deal: ['read'],
    Lead: ['read'],
    Attribution: ['read'],
    Partner: ['read'],
    Onboarding: ['read', 'update'],
    PartnerUser: ['read', 'create', 'update'],
    Course: ['read'],
    Training: ['read', 'create'],
    DealRegistration: ['read'],
    PartnerDealUpdate: ['read'],
    ProspectAvailability: ['read'],
    RegistrationConflictPreview: ['read'],
    PartnerProfile: ['read'],
    LeadOffer: ['read'],
    LeadReferral: ['read'],
    PartnerPerformance: ['read'],
    Commission: ['read'],
    Payout: ['read'],
    Product: ['read'],
    Mdf: ['read'],
    MdfCampaign: ['read'],
    WebhookEndpoint: ['read'],
    WebhookDelivery: ['read'],
  },
  ACTIVE: 'ALL',
  SUSPENDED: {
    // Money across currencies (issue 14 item 4): reference data, written by ADMIN only.
    ExchangeRate: ['read'],
    AccountMapping: ['read'],
    ApiKey: ['read'],
    Customer: ['read'],
    Deal: ['read'],
    Lead: ['read'],
    Attribution: ['read'],
    Partner: ['read'],
    Onboarding: ['read'],
    PartnerUser: ['read'],
    Course: ['read'],
    Training: ['read'],
    DealRegistration: ['read'],
    PartnerDealUpdate: ['read'],
    ProspectAvailability: ['read'],
    RegistrationConflictPreview: ['read'],
    PartnerProfile: ['read'],
    LeadOffer: ['read'],
    LeadReferral: ['read'],
    PartnerPerformance: ['read'],
    Commission: ['read'],
    Payout: ['read'],
    Product: ['read'],
    Mdf: ['read'],
    MdfCampaign: ['read'],
    WebhookEndpoint: ['read'],
    WebhookDelivery: ['read'],
  },
  TERMINATED: null,
  REJECTED: null,
};
const OLD_MEMBER_ACCESS: Record<string, Record<string, string[]> | 'ALL'> = {
  ACTIVE: 'ALL',
  INVITED: {
    PartnerUser: ['read', 'update'],
  },
};

const OLD_PUBLIC_SUBJECTS = [
  'AccountMapping',
  'Activity',
  'ApiKey',
  'Attribution',
  'AuditLog',
  'AutomationRule',
  'Campaign',
  'CampaignInfluence',
  'ChannelConflictAnalytics',
  'Commission',
  'CommissionPlan',
  'Contact',
  'ContactPreference',
  'Course',
  'Customer',
  'CustomerOwnership',
  'Deal',
  'DealRegistration',
  'DealRegistrationReview',
  'DistributionRule',
  'ExchangeRate',
  'Forecast',
  'Lead',
  'LeadOffer',
  'LeadReferral',
  'Mdf',
  'MdfBudget',
  'MdfCampaign',
  'MdfReview',
  'Onboarding',
  'Order',
  'OutboxMessage',
  'OwnerChange',
  'Partner',
  'PartnerDealUpdate',
  'PartnerPerformance',
  'PartnerProfile',
  'PartnerUser',
  'Payout',
  'Pipeline',
  'Product',
  'ProspectAvailability',
  'Quota',
  'RegistrationConflictPreview',
  'Team',
  'Territory',
  'Ticket',
  'TierRule',
  'Training',
  'User',
  'WebhookDelivery',
  'WebhookEndpoint',
];

const EVERY_ROLE: Role[] = [...ROLES, 'SERVICE', 'APPLICANT'];
const sorted = (actions: readonly string[] | undefined) => [...(actions ?? [])].sort();

test('both subgraphs registered their modules in this process', () => {
  expect(CRM_MODULES.modules.length).toBeGreaterThan(10);
  expect(PRM_MODULES.modules.length).toBeGreaterThan(10);
});

test('every role has exactly the grants it had, subject by subject', () => {
  expect(Object.keys(PERMISSIONS).sort()).toEqual([...EVERY_ROLE].sort());
  expect(Object.keys(OLD_PERMISSIONS).sort()).toEqual([...EVERY_ROLE].sort());
  for (const role of EVERY_ROLE) {
    const now = PERMISSIONS[role] as Record<string, readonly string[]>;
    const before = OLD_PERMISSIONS[role];
    expect({ role, subjects: Object.keys(now).sort() }).toEqual({
      role,
      subjects: Object.keys(before).sort(),
    });
    for (const subject of Object.keys(before)) {
      expect({ role, subject, actions: sorted(now[subject]) }).toEqual({
        role,
        subject,
        actions: sorted(before[subject]),
      });
    }
  }
});

test('the partner status and membership ceilings are as they were', () => {
  const resolve = (ceiling: Readonly<Record<string, readonly string[]>> | 'ALL' | null) =>
    ceiling === null || ceiling === 'ALL'
      ? ceiling
      : Object.fromEntries(Object.entries(ceiling).map(([subject, actions]) => [subject, sorted(actions)]));
  const normalise = (table: Record<string, Readonly<Record<string, readonly string[]>> | 'ALL' | null>) =>
    Object.fromEntries(Object.entries(table).map(([key, ceiling]) => [key, resolve(ceiling)]));
  expect(normalise(PARTNER_STATUS_ACCESS)).toEqual(normalise(OLD_STATUS_ACCESS));
  expect(normalise(PARTNER_MEMBER_ACCESS)).toEqual(normalise(OLD_MEMBER_ACCESS));
});

test('the public subjects (what `me` lists) are as they were', () => {
  expect([...publicSubjects()]).toEqual(OLD_PUBLIC_SUBJECTS);
});

test('every subject a ceiling names is a subject some manifest grants', () => {
  const named = [...Object.values(PARTNER_STATUS_ACCESS), ...Object.values(PARTNER_MEMBER_ACCESS)].flatMap(
    (ceiling) => (ceiling && ceiling !== 'ALL' ? Object.keys(ceiling) : []),
  );
  for (const subject of named)
    expect({ subject, owner: subjectOwner(subject as Subject) }).toEqual({
      subject,
      owner: expect.any(String),
    });
});

test('each subject has one owner: shared for its own, else the module of the subgraph that authorizes it', () => {
  const owners = Object.fromEntries(
    [...new Set(Object.values(OLD_PERMISSIONS).flatMap((grants) => Object.keys(grants)))].map((subject) => [
      subject,
      subjectOwner(subject as Subject)?.split('/')[0],
    ]),
  );
  expect(owners).toMatchObject({
    AuditLog: 'shared',
    OutboxMessage: 'shared',
    ApiKeyIdentity: 'shared',
    PartnerMembership: 'shared',
    Deal: 'customers',
    PartnerSourcedDeal: 'customers',
    Partner: 'partners',
    DealRegistration: 'partners',
  });
  expect(Object.values(owners)).not.toContain(undefined);
});

test('registering the same modules again changes nothing; a second owner of a subject is refused', () => {
  const before = JSON.stringify(PERMISSIONS);
  const deals = CRM_MODULES.modules.find((m) => m.name === 'deals')!;
  grantPermissions('customers/deals', deals.permissions!);
  expect(JSON.stringify(PERMISSIONS)).toBe(before);
  expect(() => grantPermissions('partners/impostor', { Deal: { PARTNER: ACTIONS } })).toThrow(
    'Subject Deal is granted by both customers/deals and partners/impostor',
  );
  expect(() => grantPermissions('customers/deals', { Deal: { PARTNER: ACTIONS } })).toThrow(
    /granted by both/,
  );
  expect(JSON.stringify(PERMISSIONS)).toBe(before);
});
