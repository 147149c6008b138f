import { ForbiddenError } from '../errors';
import { ROLES, type Identity, type PartnerMembership, type PartnerStatusName, type Role } from './identity';

export type Action = 'read' | 'create' | 'update' | 'delete';
export type Subject =
  | 'ApiKey'
  // CRM marketing: campaigns and their members, contact consent, automation rules.
  | 'Campaign'
  | 'ContactPreference'
  | 'AutomationRule'
  | 'ApiKeyIdentity'
  | 'AuditLog'
  | 'PartnerAccess'
  // The CRM asking the PRM whether a PARTNER identity is still a member (SERVICE only).
  | 'PartnerMembership'
  | 'Customer'
  | 'Contact'
  | 'Lead'
  | 'Deal'
  | 'Partner'
  | 'Attribution'
  | 'Activity'
  | 'Ticket'
  | 'Order'
  | 'Onboarding'
  | 'PartnerUser'
  | 'Course'
  | 'Training'
  | 'DealRegistration'
  | 'DealRegistrationReview'
  // The PRM's calls into the CRM for deal registrations (SERVICE only, not in the public graph).
  | 'PartnerSourcedDeal'
  // A partner user's update of a deal its partner sourced (next step, notes, close date, stage).
  | 'PartnerDealUpdate'
  // A partner asking whether a prospect is free to register (rate-limited, reveals no record).
  | 'ProspectAvailability'
  // A partner admin editing its own partner's profile (name, region, domain).
  | 'PartnerProfile'
  // An anonymous company applying to the partner program through the gateway (APPLICANT only).
  | 'PartnerApplication'
  | 'DistributionRule'
  | 'LeadOffer'
  | 'LeadReferral'
  | 'PartnerPerformance'
  | 'CommissionPlan'
  | 'Commission'
  | 'Payout'
  | 'MdfBudget'
  | 'Mdf'
  | 'MdfReview'
  // Partner tier rules and their recompute.
  | 'TierRule'
  // A subgraph's outbox: its dead letters, read and replayed (ADMIN only).
  | 'OutboxMessage';

const ALL: Action[] = ['read', 'create', 'update', 'delete'];
const READ: Action[] = ['read'];
const WRITE: Action[] = ['read', 'create', 'update'];

/**
 * Who may do what, by role and record type: the one table every resolver consults. Row-level
 * scoping (a partner user sees only its own partner's records) is applied on top by the
 * services that read the rows.
 */
export const PERMISSIONS: Record<Role, Partial<Record<Subject, Action[]>>> = {
  ADMIN: {
    Campaign: ALL,
    ContactPreference: ALL,
    AutomationRule: ALL,
    ApiKey: ALL,
    AuditLog: READ,
    Customer: ALL,
    Contact: ALL,
    Lead: ALL,
    Deal: ALL,
    Partner: ALL,
    Attribution: ALL,
    Activity: ALL,
    Ticket: ALL,
    Order: ALL,
    Onboarding: ALL,
    PartnerUser: ALL,
    Course: ALL,
    Training: ALL,
    DealRegistration: ALL,
    DealRegistrationReview: ALL,
    DistributionRule: ALL,
    LeadOffer: ALL,
    LeadReferral: ['read', 'create'],
    PartnerPerformance: READ,
    CommissionPlan: ALL,
    Commission: READ,
    Payout: WRITE,
    MdfBudget: WRITE,
    Mdf: WRITE,
    MdfReview: WRITE,
    TierRule: ALL,
    PartnerProfile: ['update'],
    OutboxMessage: ['read', 'update'],
  },
  SALES: {
    Campaign: READ,
    ContactPreference: WRITE,
    // Sales owns the customer record: it may also delete, restore and merge customers and contacts.
    Customer: ALL,
    Contact: ALL,
    Lead: WRITE,
    Deal: WRITE,
    Partner: READ,
    Attribution: READ,
    Activity: WRITE,
    Ticket: READ,
    Order: WRITE,
    LeadOffer: READ,
    PartnerPerformance: READ,
  },
  MARKETING: {
    Campaign: WRITE,
    ContactPreference: WRITE,
    AutomationRule: WRITE,
    Customer: READ,
    Contact: WRITE,
    Lead: WRITE,
    Deal: READ,
    Partner: READ,
    Attribution: READ,
    Activity: READ,
    Ticket: READ,
    Order: READ,
    LeadOffer: READ,
  },
  SUPPORT: {
    Customer: READ,
    Contact: WRITE,
    Lead: READ,
    Deal: READ,
    Partner: READ,
    Attribution: READ,
    Activity: READ,
    Ticket: WRITE,
    Order: READ,
    LeadOffer: READ,
  },
  CHANNEL_MANAGER: {
    Customer: READ,
    Contact: READ,
    Lead: READ,
    Deal: READ,
    Partner: ALL,
    Attribution: ALL,
    Activity: READ,
    Ticket: READ,
    Order: READ,
    Onboarding: ALL,
    PartnerUser: ALL,
    Course: ALL,
    Training: ALL,
    DealRegistration: ALL,
    DealRegistrationReview: ALL,
    DistributionRule: ALL,
    LeadOffer: ALL,
    LeadReferral: ['read', 'create'],
    PartnerPerformance: READ,
    CommissionPlan: ALL,
    Commission: READ,
    Payout: WRITE,
    MdfBudget: WRITE,
    Mdf: WRITE,
    MdfReview: WRITE,
    TierRule: ALL,
    PartnerProfile: ['update'],
  },
  ANALYST: {
    Campaign: READ,
    ContactPreference: READ,
    AutomationRule: READ,
    Customer: READ,
    Contact: READ,
    Lead: READ,
    Deal: READ,
    Partner: READ,
    Attribution: READ,
    Activity: READ,
    Ticket: READ,
    Order: READ,
    Onboarding: READ,
    PartnerUser: READ,
    Course: READ,
    Training: READ,
    DealRegistration: READ,
    DealRegistrationReview: READ,
    DistributionRule: READ,
    LeadOffer: READ,
    LeadReferral: READ,
    PartnerPerformance: READ,
    CommissionPlan: READ,
    Commission: READ,
    Payout: READ,
    MdfBudget: READ,
    Mdf: READ,
    TierRule: READ,
  },
  // Partner users act on their own partner's records only; the services scope every row.
  PARTNER: {
    ApiKey: WRITE,
    Customer: READ,
    Deal: READ,
    Lead: READ,
    Attribution: READ,
    Partner: READ,
    Onboarding: ['read', 'update'],
    PartnerUser: WRITE,
    Course: READ,
    Training: ['read', 'create'],
    DealRegistration: WRITE,
    PartnerDealUpdate: ['update'],
    ProspectAvailability: READ,
    PartnerProfile: ['update'],
    // Its own offers (accept / decline) and the leads it refers.
    LeadOffer: ['read', 'update'],
    LeadReferral: ['read', 'create'],
    // Its own partner's figures, commissions, payouts and MDF requests and claims only.
    PartnerPerformance: READ,
    Commission: READ,
    Payout: READ,
    Mdf: ['read', 'create'],
  },
  // One subgraph reading another: existence checks and a partner's access list; and the PRM
  // creating the CRM lead a partner referred (idempotent through its externalRef).
  SERVICE: {
    Customer: READ,
    Lead: ['read', 'create'],
    Deal: READ,
    PartnerAccess: READ,
    PartnerMembership: READ,
    ApiKeyIdentity: READ,
    // The deal of an approved deal registration (idempotent through its externalRef), and the
    // open deals that conflict with a registration.
    PartnerSourcedDeal: ['read', 'create'],
  },
  // A company applying without an account: the gateway lets it send exactly one operation, and
  // this is all it may do.
  APPLICANT: {
    PartnerApplication: ['create'],
  },
};

/**
 * Fields a role may read on a type, where it may not read them all. A partner user sees the
 * customers of its own deals and leads by name only: not their contacts, tickets, orders,
 * activities or insights, and (through the scoped connections) not their other deals or leads.
 */
export const FIELD_ALLOWLIST: Partial<Record<Role, Record<string, readonly string[]>>> = {
  PARTNER: { Customer: ['id', 'name', 'deals', 'leads'] },
};

/**
 * What a field holds that not every role may see, written once for both subgraphs:
 * - `personal`: a person's name, email or phone (contacts, leads, partner users, learners);
 * - `internal`: our staff's user ids (who owns, created, changed, reviewed, approved, offered…)
 *   and our internal notes on a record (why we lost a deal, why we overrode a conflict).
 * Fields not listed are business data. `'*'` lists fields of every type. Every classified field
 * is nullable in the schema, so that hiding it never breaks its parent
 * (`test/security/field-classes.test.ts` walks both schemas to check both).
 */
export type FieldClass = 'personal' | 'internal';
export const FIELD_CLASSES: Record<string, Readonly<Record<string, FieldClass>>> = {
  '*': { createdBy: 'internal', updatedBy: 'internal' },
  // CRM
  Contact: { firstName: 'personal', lastName: 'personal', email: 'personal', phone: 'personal' },
  Lead: { name: 'personal', email: 'personal', ownerId: 'internal', statusReason: 'internal' },
  Deal: { ownerId: 'internal', lostReason: 'internal' },
  DealStageChange: { changedBy: 'internal', by: 'internal', reason: 'internal' },
  Activity: { ownerId: 'internal' },
  AutomationAction: { ownerId: 'internal' },
  Ticket: { assigneeId: 'internal' },
  TicketComment: { authorId: 'internal' },
  AuditEntry: { actorSub: 'internal' },
  // PRM
  PartnerUser: { name: 'personal', email: 'personal' },
  Enrolment: { userEmail: 'personal' },
  Certification: { userEmail: 'personal' },
  DealRegistration: {
    reviewedBy: 'internal',
    approvedBy: 'internal',
    decidedBy: 'internal',
    extendedBy: 'internal',
    crmConflictCheck: 'internal',
    overriddenDealIds: 'internal',
    overrideReason: 'internal',
  },
  LeadOffer: { offeredBy: 'internal' },
  LeadOfferEvent: { actor: 'internal', by: 'internal' },
  MdfRequest: { reviewedBy: 'internal' },
  MdfClaim: { reviewedBy: 'internal' },
  OnboardingChecklistItem: { completedBy: 'internal' },
  PartnerStatusChange: { by: 'internal' },
  PartnerTierChange: { by: 'internal' },
};

/**
 * How each role sees each class it may not see: `deny` answers FORBIDDEN (as any field outside a
 * role's reach), `redact` reads as null. A partner user sees people's contact data on its own
 * records but none of our staff or notes; an analyst sees our staff but nobody's contact data.
 */
export const HIDDEN_CLASSES: Partial<Record<Role, Partial<Record<FieldClass, 'deny' | 'redact'>>>> = {
  PARTNER: { internal: 'deny' },
  ANALYST: { personal: 'redact' },
};

export function fieldClass(typeName: string, field: string): FieldClass | undefined {
  return FIELD_CLASSES[typeName]?.[field] ?? FIELD_CLASSES['*'][field];
}

const hiddenAs = (role: Role, typeName: string, field: string) => {
  const cls = fieldClass(typeName, field);
  return cls ? HIDDEN_CLASSES[role]?.[cls] : undefined;
};

export function fieldAllowed(role: Role, typeName: string, field: string): boolean {
  if (field === '__typename') return true;
  if (hiddenAs(role, typeName, field) === 'deny') return false;
  const allowed = FIELD_ALLOWLIST[role]?.[typeName];
  return !allowed || allowed.includes(field);
}

export function isRedacted(role: Role, typeName: string, field: string): boolean {
  return hiddenAs(role, typeName, field) === 'redact';
}

export function can(identity: Identity, action: Action, subject: Subject): boolean {
  if (!(PERMISSIONS[identity.role][subject]?.includes(action) ?? false)) return false;
  // A PARTNER identity nobody checked (no membership) may do nothing.
  return identity.role !== 'PARTNER' || withinCeilings(identity.membership, action, subject);
}

export function authorize(identity: Identity, action: Action, subject: Subject): void {
  if (!can(identity, action, subject)) {
    throw new ForbiddenError(`Role ${identity.role} may not ${action} ${subject}`);
  }
}

// ── Partner membership and status ─────────────────────────────────────────────────────────────
// A PARTNER identity acts only as far as its partner's status and its own membership allow: these
// are ceilings on PERMISSIONS.PARTNER, applied by `can` to the membership every subgraph checks on
// every request (`auth/membership.ts`). A partner or a user that does not exist, a user of another
// partner, a removed user or an unusable key is UNAUTHENTICATED before any resolver runs.

type Ceiling = Partial<Record<Subject, readonly Action[]>>;
const readOnly = (grants: Partial<Record<Subject, Action[]>>): Ceiling =>
  Object.fromEntries(Object.keys(grants).map((subject) => [subject, READ]));

/**
 * Per partner status: what its users and keys may do at most. `'ALL'`: the PARTNER row as it is;
 * `null`: nothing at all, the partner's credentials are void (UNAUTHENTICATED, like a revoked key:
 * there is no partner left to act for, so no action could be FORBIDDEN rather than another).
 * Applicants may read their application and accept their invitation; onboarding partners read,
 * work through their checklist and training, and build their team and integration; a suspended
 * partner reads only; a terminated or rejected one gets nothing.
 */
export const PARTNER_STATUS_ACCESS: Record<PartnerStatusName, Ceiling | 'ALL' | null> = {
  APPLIED: { Partner: READ, Onboarding: READ, PartnerUser: ['read', 'update'] },
  IN_REVIEW: { Partner: READ, Onboarding: READ, PartnerUser: ['read', 'update'] },
  ONBOARDING: {
    ...readOnly(PERMISSIONS.PARTNER),
    Onboarding: ['read', 'update'],
    Training: ['read', 'create'],
    PartnerUser: WRITE,
    ApiKey: WRITE,
  },
  ACTIVE: 'ALL',
  SUSPENDED: readOnly(PERMISSIONS.PARTNER),
  TERMINATED: null,
  REJECTED: null,
};

/** Per membership: an invited user may only see its team and accept its invitation. */
export const PARTNER_MEMBER_ACCESS: Record<PartnerMembership['member'], Ceiling | 'ALL'> = {
  ACTIVE: 'ALL',
  INVITED: { PartnerUser: ['read', 'update'] },
};

/** Whether a membership is honoured at all (else the identity is UNAUTHENTICATED). */
export const membershipHonoured = (membership: PartnerMembership): boolean =>
  PARTNER_STATUS_ACCESS[membership.partnerStatus] !== null;

function withinCeilings(
  membership: PartnerMembership | undefined,
  action: Action,
  subject: Subject,
): boolean {
  if (!membership) return false;
  return [PARTNER_STATUS_ACCESS[membership.partnerStatus], PARTNER_MEMBER_ACCESS[membership.member]].every(
    (ceiling) => ceiling === 'ALL' || (ceiling?.[subject]?.includes(action) ?? false),
  );
}

/** Every subject some user role may act on (subjects only internal callers reach are left out). */
export const PUBLIC_SUBJECTS: readonly Subject[] = [
  ...new Set(
    Object.entries(PERMISSIONS)
      .filter(([role]) => (ROLES as readonly string[]).includes(role))
      .flatMap(([, grants]) => Object.keys(grants) as Subject[]),
  ),
].sort();

export const ACTIONS: readonly Action[] = ALL;

/** `can`'s answer for every public subject and action: what `identity` may do, as the subgraph sees it. */
export const permissionTable = (
  identity: Identity,
): { subject: Subject; actions: Record<Action, boolean> }[] =>
  PUBLIC_SUBJECTS.map((subject) => ({
    subject,
    actions: Object.fromEntries(ACTIONS.map((action) => [action, can(identity, action, subject)])) as Record<
      Action,
      boolean
    >,
  }));
