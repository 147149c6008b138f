import { registerEnumType } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import type { Subject } from '@sales-graph/shared/auth/permissions';

export enum OwnedRecordType {
  CUSTOMER = 'CUSTOMER',
  DEAL = 'DEAL',
  LEAD = 'LEAD',
  TICKET = 'TICKET',
  ACTIVITY = 'ACTIVITY',
}
registerEnumType(OwnedRecordType, {
  name: 'OwnedRecordType',
  description: 'The records that have an owner (one of our users).',
  valuesConfig: {
    CUSTOMER: { description: 'Customers (the account owner).' },
    DEAL: { description: 'Deals.' },
    LEAD: { description: 'Leads.' },
    TICKET: { description: 'Support tickets (the accountable owner, not the assignee).' },
    ACTIVITY: { description: 'Activities (calls, meetings, tasks …).' },
  },
});

/** A record with an owner: `ownerId` holds the owning user's `sub`. */
export interface OwnedRow {
  id: string;
  ownerId: string | null;
}

/**
 * How one module's records are owned, published by that module (`<x>.ownership.ts`, in its
 * `index.ts`) so that reassignment (`owners/`) changes them through the owner's own code.
 */
export interface Ownable<T extends OwnedRow = OwnedRow> {
  type: OwnedRecordType;
  /** The permission subject of the records (reading them is needed to reassign them). */
  subject: Subject;
  entity: (new () => T) & { name: string };
  /** SQL over the row (its escaped alias): still being worked, so a hand-over moves it. */
  open: (alias: string) => string;
  /** Gives `rows` (read under lock in `manager`) to `ownerSub`, through the entity (audited). */
  setOwner(manager: EntityManager, rows: T[], ownerSub: string): Promise<T[]>;
}

/** The usual `setOwner`: the owner column changed and the rows saved, so the audit log sees both. */
export const saveOwner = <T extends OwnedRow>(manager: EntityManager, rows: T[], ownerSub: string) =>
  manager.save(rows.map((row) => Object.assign(row, { ownerId: ownerSub })));
