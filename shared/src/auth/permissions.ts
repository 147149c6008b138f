import { ForbiddenError } from '../errors';
import type { Identity, Role } from './identity';

export type Action = 'read' | 'create' | 'update' | 'delete';
export type Subject = 'Customer' | 'Contact' | 'Lead' | 'Deal' | 'Partner' | 'Attribution';

const ALL: Action[] = ['read', 'create', 'update', 'delete'];
const READ: Action[] = ['read'];
const WRITE: Action[] = ['read', 'create', 'update'];

/**
 * Who may do what, by role and record type: the one table every resolver consults. Row-level
 * scoping (a partner user sees only its own partner's records) is applied on top by the
 * services that read the rows.
 */
export const PERMISSIONS: Record<Role, Partial<Record<Subject, Action[]>>> = {
  ADMIN: { Customer: ALL, Contact: ALL, Lead: ALL, Deal: ALL, Partner: ALL, Attribution: ALL },
  SALES: { Customer: WRITE, Contact: WRITE, Lead: WRITE, Deal: WRITE, Partner: READ, Attribution: READ },
  MARKETING: { Customer: READ, Contact: WRITE, Lead: WRITE, Deal: READ, Partner: READ, Attribution: READ },
  SUPPORT: { Customer: READ, Contact: WRITE, Lead: READ, Deal: READ, Partner: READ, Attribution: READ },
  CHANNEL_MANAGER: { Customer: READ, Contact: READ, Lead: READ, Deal: READ, Partner: ALL, Attribution: ALL },
  ANALYST: { Customer: READ, Contact: READ, Lead: READ, Deal: READ, Partner: READ, Attribution: READ },
  PARTNER: { Partner: READ },
};

export function can(identity: Identity, action: Action, subject: Subject): boolean {
  return PERMISSIONS[identity.role][subject]?.includes(action) ?? false;
}

export function authorize(identity: Identity, action: Action, subject: Subject): void {
  if (!can(identity, action, subject)) {
    throw new ForbiddenError(`Role ${identity.role} may not ${action} ${subject}`);
  }
}
