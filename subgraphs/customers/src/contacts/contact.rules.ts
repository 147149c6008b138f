import { ContactRole } from './contact.entity';

/** Roles as a set, in the enum's order (the same role twice is one role). */
export function contactRoles(roles: readonly ContactRole[] | null | undefined): ContactRole[] {
  const given = new Set(roles ?? []);
  return Object.values(ContactRole).filter((role) => given.has(role));
}
