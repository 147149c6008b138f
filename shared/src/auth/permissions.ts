import { ForbiddenError } from '../errors';
import { ROLES, type Identity, type PartnerMembership, type PartnerStatusName, type Role } from './identity';

export type Action = 'read' | 'create' | 'update' | 'delete';

/**
 * Every record type `authorize` knows, as the keys of this interface: shared's own here, each
 * module's added by its manifest (`<module>/module.ts`) through declaration merging:
 *
 *     declare module '@sales-graph/shared/auth/permissions' {
 *       interface Subjects { Deal: true }
 *     }
 *
 * so `authorize(identity, 'read', 'Dael')` fails the type check wherever the module is compiled.
 */
export interface Subjects {
  // Every subgraph's audit log (ADMIN only).
  AuditLog: true;
  // A subgraph's outbox: its dead letters, read and replayed (ADMIN only).
  OutboxMessage: true;
  // The router contract: a router asking the subgraph that keeps API keys who a key is (SERVICE only).
  ApiKeyIdentity: true;
  // The CRM asking the PRM whether a PARTNER identity is still a member (SERVICE only).
  PartnerMembership: true;
}
export type Subject = keyof Subjects;

export const ALL: readonly Action[] = ['read', 'create', 'update', 'delete'];
export const READ: readonly Action[] = ['read'];
export const WRITE: readonly Action[] = ['read', 'create', 'update'];

/** Who may do what with one subject: role → actions (a role not named may do nothing). */
export type SubjectGrants = Partial<Record<Role, readonly Action[]>>;
/** A module's grants: for each subject it owns, who may do what. */
export type Grants = { readonly [S in Subject]?: SubjectGrants };

const EVERY_ROLE: readonly Role[] = [...ROLES, 'SERVICE', 'APPLICANT'];

/** Shared's own subjects and their grants; the modules' come from their manifests. */
const SHARED_GRANTS: Grants = {
  AuditLog: { ADMIN: READ },
  OutboxMessage: { ADMIN: ['read', 'update'] },
  ApiKeyIdentity: { SERVICE: READ },
  PartnerMembership: { SERVICE: READ },
};

const table = Object.fromEntries(EVERY_ROLE.map((role) => [role, {}])) as Record<
  Role,
  Partial<Record<Subject, readonly Action[]>>
>;
/** Which manifest granted each subject (one owner per subject). */
const owners = new Map<Subject, { owner: string; grants: SubjectGrants }>();
/** Bumped on every grant, so that what is derived from the table is recomputed. */
let version = 0;

/**
 * Who may do what, by role and record type: the one table every resolver consults, assembled
 * from shared's own grants and every module manifest registered in this process (a subgraph's
 * `src/modules.ts` registers its modules when it is loaded; both subgraphs may share a process).
 * Row-level scoping (a partner user sees only its own partner's records) is applied on top by
 * the services that read the rows.
 */
export const PERMISSIONS: Readonly<Record<Role, Partial<Record<Subject, readonly Action[]>>>> = table;

const sameGrants = (a: SubjectGrants, b: SubjectGrants) =>
  EVERY_ROLE.every((role) => (a[role] ?? []).join() === (b[role] ?? []).join());

/**
 * Adds `owner`'s grants to the table. A subject has one owner: another owner granting it too is
 * refused (two modules may not both decide who reads deals); the same owner registering the same
 * grants again changes nothing.
 */
export function grantPermissions(owner: string, grants: Grants): void {
  for (const [subject, byRole] of Object.entries(grants) as [Subject, SubjectGrants][]) {
    const known = owners.get(subject);
    if (known) {
      if (known.owner === owner && sameGrants(known.grants, byRole)) continue;
      throw new Error(`Subject ${subject} is granted by both ${known.owner} and ${owner}`);
    }
    for (const [role, actions] of Object.entries(byRole) as [Role, readonly Action[]][]) {
      if (!EVERY_ROLE.includes(role)) throw new Error(`${owner} grants ${subject} to unknown role ${role}`);
      const unknown = actions.filter((action) => !ALL.includes(action));
      if (unknown.length) throw new Error(`${owner} grants unknown actions ${unknown.join()} on ${subject}`);
      table[role][subject] = [...actions];
    }
    owners.set(subject, { owner, grants: byRole });
  }
  version += 1;
}

/**
 * Takes `owner`'s grants out of the table again. Tests only: a test that registers a fixture
 * module takes its grants back, so the next test file of the same process sees the real table.
 */
export function revokePermissions(owner: string): void {
  for (const [subject, known] of owners) {
    if (known.owner !== owner) continue;
    for (const role of EVERY_ROLE) delete table[role][subject];
    owners.delete(subject);
  }
  version += 1;
}

/** The manifest (or `shared`) that granted `subject`, if any did in this process. */
export const subjectOwner = (subject: Subject): string | undefined => owners.get(subject)?.owner;

grantPermissions('shared', SHARED_GRANTS);

/** `compute()`, recomputed only when the table changed since the last call. */
function derived<T>(compute: () => T): () => T {
  let at = -1;
  let value: T;
  return () => {
    if (at !== version) {
      value = compute();
      at = version;
    }
    return value;
  };
}

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
  Lead: {
    name: 'personal',
    email: 'personal',
    ownerId: 'internal',
    statusReason: 'internal',
    owner: 'internal',
    ownerHistory: 'internal',
  },
  Deal: {
    ownerId: 'internal',
    lostReason: 'internal',
    owner: 'internal',
    ownerHistory: 'internal',
    probability: 'internal',
  },
  Customer: { ownerId: 'internal', owner: 'internal', ownerHistory: 'internal' },
  SalesAnalyticsRow: {
    ownerId: 'internal',
    owner: 'internal',
    teamId: 'internal',
    team: 'internal',
    forecastCategory: 'internal',
  },
  PipelineStage: { probability: 'internal', forecastCategory: 'internal' },
  // Forecasts (forecasts/): no partner grant reaches them; staff ids stay internal all the same.
  Quota: { userId: 'internal', user: 'internal' },
  ForecastMember: { user: 'internal' },
  ForecastDealState: { ownerId: 'internal' },
  DealStageChange: { changedBy: 'internal', by: 'internal', reason: 'internal' },
  Activity: { ownerId: 'internal', owner: 'internal', ownerHistory: 'internal' },
  AutomationAction: { ownerId: 'internal' },
  Ticket: { assigneeId: 'internal', ownerId: 'internal', owner: 'internal', ownerHistory: 'internal' },
  // Our people (no partner user may read a User at all: the User subject grants none).
  User: { name: 'personal', email: 'personal' },
  OwnerChange: { fromOwnerId: 'internal', toOwnerId: 'internal', changedBy: 'internal', reason: 'internal' },
  TicketComment: { authorId: 'internal' },
  AuditEntry: { actorSub: 'internal' },
  CustomerOwnershipChange: { changedBy: 'internal', reason: 'internal' },
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
    engagementOverriddenBy: 'internal',
    engagementOverrideReason: 'internal',
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

/**
 * A ceiling names subjects by their name: the partner status model lives here, in shared, while
 * the subjects it names (Partner, Onboarding …) belong to the PRM's modules, which shared cannot
 * see. `test/security-membership/partner-ceilings.test.ts` checks every name is a granted subject.
 */
type Ceiling = Readonly<Record<string, readonly Action[]>>;
const readOnly = (grants: Partial<Record<Subject, readonly Action[]>>): Ceiling =>
  Object.fromEntries(Object.keys(grants).map((subject) => [subject, READ]));
const partnerReadOnly = derived(() => readOnly(PERMISSIONS.PARTNER));
const onboarding = derived((): Ceiling => ({
  ...partnerReadOnly(),
  Onboarding: ['read', 'update'],
  Training: ['read', 'create'],
  PartnerUser: WRITE,
  ApiKey: WRITE,
}));

/**
 * Per partner status: what its users and keys may do at most. `'ALL'`: the PARTNER row as it is;
 * `null`: nothing at all, the partner's credentials are void (UNAUTHENTICATED, like a revoked key:
 * there is no partner left to act for, so no action could be FORBIDDEN rather than another).
 * Applicants may read their application and accept their invitation; onboarding partners read,
 * work through their checklist and training, and build their team and integration; a suspended
 * partner reads only; a terminated or rejected one gets nothing. ONBOARDING and SUSPENDED follow
 * the PARTNER row as the modules grant it (read when asked).
 */
export const PARTNER_STATUS_ACCESS: Readonly<Record<PartnerStatusName, Ceiling | 'ALL' | null>> = {
  APPLIED: { Partner: READ, Onboarding: READ, PartnerUser: ['read', 'update'] },
  IN_REVIEW: { Partner: READ, Onboarding: READ, PartnerUser: ['read', 'update'] },
  get ONBOARDING() {
    return onboarding();
  },
  ACTIVE: 'ALL',
  get SUSPENDED() {
    return partnerReadOnly();
  },
  TERMINATED: null,
  REJECTED: null,
};

/** Per membership: an invited user may only see its team and accept its invitation. */
export const PARTNER_MEMBER_ACCESS: Readonly<Record<PartnerMembership['member'], Ceiling | 'ALL'>> = {
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
export const publicSubjects = derived((): readonly Subject[] =>
  [
    ...new Set(
      Object.entries(PERMISSIONS)
        .filter(([role]) => (ROLES as readonly string[]).includes(role))
        .flatMap(([, grants]) => Object.keys(grants) as Subject[]),
    ),
  ].sort(),
);

export const ACTIONS: readonly Action[] = ALL;

/** `can`'s answer for every public subject and action: what `identity` may do, as the subgraph sees it. */
export const permissionTable = (
  identity: Identity,
): { subject: Subject; actions: Record<Action, boolean> }[] =>
  publicSubjects().map((subject) => ({
    subject,
    actions: Object.fromEntries(ACTIONS.map((action) => [action, can(identity, action, subject)])) as Record<
      Action,
      boolean
    >,
  }));
