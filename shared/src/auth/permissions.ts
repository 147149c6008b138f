import { ForbiddenError } from '../errors';
import type { Identity, Role } from './identity';

export type Action = 'read' | 'create' | 'update' | 'delete';
export type Subject =
  | 'ApiKey'
  | 'ApiKeyIdentity'
  | 'AuditLog'
  | 'PartnerAccess'
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
  | 'DealRegistrationReview';

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
  },
  SALES: {
    Customer: WRITE,
    Contact: WRITE,
    Lead: WRITE,
    Deal: WRITE,
    Partner: READ,
    Attribution: READ,
    Activity: WRITE,
    Ticket: READ,
    Order: WRITE,
  },
  MARKETING: {
    Customer: READ,
    Contact: WRITE,
    Lead: WRITE,
    Deal: READ,
    Partner: READ,
    Attribution: READ,
    Activity: READ,
    Ticket: READ,
    Order: READ,
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
  },
  ANALYST: {
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
  },
  // One subgraph reading another: existence checks and a partner's access list, nothing more.
  SERVICE: { Customer: READ, Lead: READ, Deal: READ, PartnerAccess: READ, ApiKeyIdentity: READ },
};

/**
 * Fields a role may read on a type, where it may not read them all. A partner user sees the
 * customers of its own deals and leads by name only: not their contacts, tickets, orders,
 * activities or insights, and (through the scoped connections) not their other deals or leads.
 */
export const FIELD_ALLOWLIST: Partial<Record<Role, Record<string, readonly string[]>>> = {
  PARTNER: { Customer: ['id', 'name', 'deals', 'leads'] },
};

/** Personal data, by type: redacted (read as null) for the roles in REDACTED_ROLES. */
export const PERSONAL_DATA: Record<string, readonly string[]> = {
  Contact: ['email', 'phone'],
  Lead: ['email'],
  PartnerUser: ['email'],
};
export const REDACTED_ROLES: ReadonlySet<Role> = new Set<Role>(['ANALYST']);

export function fieldAllowed(role: Role, typeName: string, field: string): boolean {
  const allowed = FIELD_ALLOWLIST[role]?.[typeName];
  return !allowed || allowed.includes(field) || field === '__typename';
}

export function isRedacted(role: Role, typeName: string, field: string): boolean {
  return REDACTED_ROLES.has(role) && (PERSONAL_DATA[typeName]?.includes(field) ?? false);
}

export function can(identity: Identity, action: Action, subject: Subject): boolean {
  return PERMISSIONS[identity.role][subject]?.includes(action) ?? false;
}

export function authorize(identity: Identity, action: Action, subject: Subject): void {
  if (!can(identity, action, subject)) {
    throw new ForbiddenError(`Role ${identity.role} may not ${action} ${subject}`);
  }
}
