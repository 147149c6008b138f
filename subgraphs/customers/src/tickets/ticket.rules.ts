import { ConflictError } from '@sales-graph/shared/errors';
import { TicketPriority, TicketStatus } from './ticket.entity';
import { HOUR_MS } from '@sales-graph/shared/time';

/** Resolution SLA per priority, in calendar hours from opening. */
export const SLA_HOURS: Record<TicketPriority, number> = {
  [TicketPriority.URGENT]: 4,
  [TicketPriority.HIGH]: 24,
  [TicketPriority.MEDIUM]: 72,
  [TicketPriority.LOW]: 168,
};

export function slaDueAt(priority: TicketPriority, openedAt: Date): Date {
  return new Date(openedAt.getTime() + SLA_HOURS[priority] * HOUR_MS);
}

/**
 * The ticket lifecycle. OPEN (support's turn) and PENDING (the customer's turn) alternate until
 * the ticket is RESOLVED; a resolved ticket can be reopened or CLOSED; CLOSED is final.
 */
export const TICKET_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  [TicketStatus.OPEN]: [TicketStatus.PENDING, TicketStatus.RESOLVED, TicketStatus.CLOSED],
  [TicketStatus.PENDING]: [TicketStatus.OPEN, TicketStatus.RESOLVED, TicketStatus.CLOSED],
  [TicketStatus.RESOLVED]: [TicketStatus.OPEN, TicketStatus.CLOSED],
  [TicketStatus.CLOSED]: [],
};

export const OPEN_STATUSES: readonly TicketStatus[] = [TicketStatus.OPEN, TicketStatus.PENDING];

export const isOpen = (status: TicketStatus): boolean => OPEN_STATUSES.includes(status);

export interface TicketState {
  status: TicketStatus;
  resolvedAt: Date | null;
  closedAt: Date | null;
}

/**
 * What a status change sets: RESOLVED stamps `resolvedAt`, CLOSED stamps `closedAt` (and
 * `resolvedAt` if it was never resolved), reopening clears `resolvedAt` so the SLA runs again.
 * An illegal move is a CONFLICT error that names the moves allowed from here.
 */
export function planStatusChange(current: TicketState, to: TicketStatus, now: Date): TicketState {
  const allowed = TICKET_TRANSITIONS[current.status];
  if (!allowed.includes(to)) {
    const options = allowed.length > 0 ? allowed.join(', ') : 'none (it is final)';
    throw new ConflictError(
      `A ${current.status} ticket cannot move to ${to}; allowed: ${options}`,
      'status',
      { allowed: [...allowed] },
    );
  }
  switch (to) {
    case TicketStatus.RESOLVED:
      return { status: to, resolvedAt: now, closedAt: null };
    case TicketStatus.CLOSED:
      return { status: to, resolvedAt: current.resolvedAt ?? now, closedAt: now };
    default:
      return { status: to, resolvedAt: null, closedAt: null };
  }
}

/**
 * A ticket breached its SLA if it was resolved after the due time, or is still unresolved
 * past it.
 */
export function isSlaBreached(ticket: { slaDueAt: Date; resolvedAt: Date | null }, now: Date): boolean {
  const done = ticket.resolvedAt ?? now;
  return done.getTime() > ticket.slaDueAt.getTime();
}

/** Comments and reassignment are for live tickets; a closed ticket is final. */
export function assertNotClosed(status: TicketStatus, action: string): void {
  if (status === TicketStatus.CLOSED) throw new ConflictError(`Cannot ${action} a CLOSED ticket`, 'id');
}
