import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { DEMO_NOW } from '../activities';
import { Contact } from '../contacts';
import { Customer } from '../customers';
import { Ticket, TicketComment, TicketPriority, TicketStatus } from './ticket.entity';
import { slaDueAt } from './ticket.rules';
import { HOUR_MS } from '@sales-graph/shared/time';

const ISSUES = [
  'Cannot log in with SSO',
  'Invoice shows the wrong VAT',
  'Export to CSV times out',
  'Add five more seats',
  'API returns 429 errors',
  'Dashboard loads slowly',
  'Password reset email not received',
  'Question about the renewal terms',
];
const PRIORITIES: readonly TicketPriority[] = [
  TicketPriority.LOW,
  TicketPriority.MEDIUM,
  TicketPriority.MEDIUM,
  TicketPriority.HIGH,
  TicketPriority.URGENT,
];
const REPLIES = [
  'Thanks for reporting this, we are looking into it.',
  'Could you send us a screenshot and the time it happened?',
  'We deployed a fix; please try again.',
  'Confirmed working on our side now.',
  'Escalated to engineering.',
];

/**
 * Tickets for about half of the customers over the last 200 days: recent ones still OPEN or
 * PENDING, older ones RESOLVED or CLOSED, some resolved after their SLA; each with a few comments.
 */
export async function seedTickets(manager: EntityManager, rng: DemoRandom): Promise<void> {
  const customers = await manager.find(Customer, { order: { createdAt: 'ASC', id: 'ASC' } });
  const contacts = await manager.find(Contact, { order: { createdAt: 'ASC', id: 'ASC' } });
  const tickets: Ticket[] = [];
  const comments: TicketComment[] = [];
  for (const customer of customers) {
    if (!rng.chance(0.5)) continue;
    const theirContacts = contacts.filter((contact) => contact.customerId === customer.id);
    const count = rng.int(1, 4);
    for (let i = 0; i < count; i++) {
      const priority = rng.pick(PRIORITIES);
      const openedAt = rng.pastDate(DEMO_NOW, 200);
      const due = slaDueAt(priority, openedAt);
      const ageHours = (DEMO_NOW.getTime() - openedAt.getTime()) / HOUR_MS;
      // Resolved within 0.3 to 1.6 times the SLA window: mostly on time, some late.
      const resolvedAt = new Date(
        openedAt.getTime() + (due.getTime() - openedAt.getTime()) * (0.3 + rng.next() * 1.3),
      );
      const resolved = resolvedAt < DEMO_NOW && ageHours > 24 && rng.chance(0.85);
      const closed = resolved && resolvedAt.getTime() + 72 * HOUR_MS < DEMO_NOW.getTime() && rng.chance(0.7);
      const status = closed
        ? TicketStatus.CLOSED
        : resolved
          ? TicketStatus.RESOLVED
          : rng.pick([TicketStatus.OPEN, TicketStatus.OPEN, TicketStatus.PENDING]);
      const ticket = manager.create(Ticket, {
        id: rng.uuid(),
        subject: rng.pick(ISSUES),
        description: 'Reported by the customer through the support portal.',
        priority,
        status,
        openedAt,
        slaDueAt: due,
        resolvedAt: resolved ? resolvedAt : null,
        closedAt: closed ? new Date(resolvedAt.getTime() + 72 * HOUR_MS) : null,
        assigneeId: rng.chance(0.85) ? `user:support-${rng.int(1, 4)}` : null,
        customerId: customer.id,
        contactId: theirContacts.length > 0 ? rng.pick(theirContacts).id : null,
        createdAt: openedAt,
        createdBy: 'seed',
      });
      tickets.push(ticket);
      const until = (ticket.resolvedAt ?? DEMO_NOW).getTime();
      const replies = rng.int(0, 3);
      for (let c = 0; c < replies; c++) {
        const at = new Date(openedAt.getTime() + ((until - openedAt.getTime()) * (c + 1)) / (replies + 1));
        comments.push(
          manager.create(TicketComment, {
            id: rng.uuid(),
            ticketId: ticket.id,
            body: rng.pick(REPLIES),
            authorId: ticket.assigneeId ?? 'user:support-1',
            createdAt: at,
            createdBy: 'seed',
          }),
        );
      }
    }
  }
  for (let i = 0; i < tickets.length; i += 500) await manager.insert(Ticket, tickets.slice(i, i + 500));
  for (let i = 0; i < comments.length; i += 500)
    await manager.insert(TicketComment, comments.slice(i, i + 500));
}
