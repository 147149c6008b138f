import { TicketPriority, TicketStatus } from './ticket.entity';
import {
  isSlaBreached,
  planStatusChange,
  slaDueAt,
  TICKET_TRANSITIONS,
  assertNotClosed,
} from './ticket.rules';
import { HOUR_MS } from '@sales-graph/shared/time';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR_MS);
const fresh = { status: TicketStatus.OPEN, resolvedAt: null, closedAt: null };

describe('slaDueAt', () => {
  it.each([
    [TicketPriority.URGENT, '2026-03-02T13:00:00.000Z'],
    [TicketPriority.HIGH, '2026-03-03T09:00:00.000Z'],
    [TicketPriority.MEDIUM, '2026-03-05T09:00:00.000Z'],
    [TicketPriority.LOW, '2026-03-09T09:00:00.000Z'],
  ])('gives a %s ticket until %s', (priority, due) => {
    expect(slaDueAt(priority, T0).toISOString()).toBe(due);
  });

  it('is stricter the higher the priority', () => {
    const order = [TicketPriority.URGENT, TicketPriority.HIGH, TicketPriority.MEDIUM, TicketPriority.LOW];
    const dues = order.map((p) => slaDueAt(p, T0).getTime());
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
  });
});

describe('planStatusChange', () => {
  it('stamps resolvedAt on RESOLVED and clears it on reopening', () => {
    const resolved = planStatusChange(fresh, TicketStatus.RESOLVED, at(2));
    expect(resolved).toEqual({ status: TicketStatus.RESOLVED, resolvedAt: at(2), closedAt: null });
    expect(planStatusChange(resolved, TicketStatus.OPEN, at(3))).toEqual({
      status: TicketStatus.OPEN,
      resolvedAt: null,
      closedAt: null,
    });
  });

  it('keeps the resolution time when a resolved ticket is closed, and sets it when closing directly', () => {
    const resolved = planStatusChange(fresh, TicketStatus.RESOLVED, at(2));
    expect(planStatusChange(resolved, TicketStatus.CLOSED, at(5))).toEqual({
      status: TicketStatus.CLOSED,
      resolvedAt: at(2),
      closedAt: at(5),
    });
    expect(planStatusChange(fresh, TicketStatus.CLOSED, at(1))).toEqual({
      status: TicketStatus.CLOSED,
      resolvedAt: at(1),
      closedAt: at(1),
    });
  });

  it('allows exactly the transitions of the table', () => {
    for (const from of Object.values(TicketStatus)) {
      for (const to of Object.values(TicketStatus)) {
        const move = () => planStatusChange({ status: from, resolvedAt: null, closedAt: null }, to, T0);
        if (TICKET_TRANSITIONS[from].includes(to)) expect(move).not.toThrow();
        else expect(move).toThrow();
      }
    }
  });

  it('names the allowed moves in a CONFLICT error', () => {
    const resolved = { status: TicketStatus.RESOLVED, resolvedAt: T0, closedAt: null };
    try {
      planStatusChange(resolved, TicketStatus.PENDING, at(1));
      throw new Error('expected a failure');
    } catch (error) {
      const e = error as { message: string; extensions: Record<string, unknown> };
      expect(e.message).toBe('A RESOLVED ticket cannot move to PENDING; allowed: OPEN, CLOSED');
      expect(e.extensions).toMatchObject({
        code: 'CONFLICT',
        field: 'status',
        allowed: ['OPEN', 'CLOSED'],
      });
    }
  });

  it('treats CLOSED as final and a move to the same status as illegal', () => {
    const closed = { status: TicketStatus.CLOSED, resolvedAt: T0, closedAt: T0 };
    expect(() => planStatusChange(closed, TicketStatus.OPEN, at(1))).toThrow(
      'A CLOSED ticket cannot move to OPEN; allowed: none (it is final)',
    );
    expect(() => planStatusChange(fresh, TicketStatus.OPEN, at(1))).toThrow(
      'allowed: PENDING, RESOLVED, CLOSED',
    );
  });
});

describe('isSlaBreached', () => {
  const ticket = { slaDueAt: at(4), resolvedAt: null };

  it('is not breached while open before the due time, nor exactly at it', () => {
    expect(isSlaBreached(ticket, at(3))).toBe(false);
    expect(isSlaBreached(ticket, at(4))).toBe(false);
  });

  it('is breached while still unresolved after the due time', () => {
    expect(isSlaBreached(ticket, at(4.01))).toBe(true);
  });

  it('judges a resolved ticket by its resolution time, not by the clock', () => {
    expect(isSlaBreached({ ...ticket, resolvedAt: at(3) }, at(100))).toBe(false);
    expect(isSlaBreached({ ...ticket, resolvedAt: at(5) }, at(5))).toBe(true);
  });
});

describe('assertNotClosed', () => {
  it('refuses work on a closed ticket only', () => {
    expect(() => assertNotClosed(TicketStatus.CLOSED, 'comment on')).toThrow(
      'Cannot comment on a CLOSED ticket',
    );
    expect(() => assertNotClosed(TicketStatus.RESOLVED, 'comment on')).not.toThrow();
  });
});
