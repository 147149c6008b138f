import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { RequestContext } from '@sales-graph/shared/context';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { TicketFilter, TICKET_SEARCH } from './ticket.filter';
import { emit } from '@sales-graph/shared/events/events';
import { assertId, isUuid, NotFoundError, BadUserInputError } from '@sales-graph/shared/errors';
import type { SortKey } from '@sales-graph/shared/graphql/pagination';
import { optionalText, requiredText } from '@sales-graph/shared/validation';
import { getContact } from '../contacts';
import { assertSameCustomer } from '../activities';
import { getCustomer } from '../customers';
import { Ticket, TicketComment, TicketPriority, TicketStatus } from './ticket.entity';
import type { TicketEvents } from './ticket.events';
import type { OpenTicketInput } from './ticket.input';
import { assertNotClosed, planStatusChange, slaDueAt } from './ticket.rules';

export const ticketRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Ticket);

/** The ticket if it exists and the caller may see it; reads through the request's loader. */
export async function findTicket(ctx: RequestContext, id: string): Promise<Ticket | null> {
  if (!isUuid(id)) return null;
  return ctx.loaders.byId(ticketRepo(ctx)).load(id.toLowerCase());
}
export const ticketCommentRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(TicketComment);

/** Open tickets are worked most urgent first: earliest SLA due time. */
export const OPEN_TICKET_ORDER: SortKey = { property: 'slaDueAt', direction: 'ASC' };

export async function getTicket(ctx: RequestContext, id: string): Promise<Ticket> {
  const ticket = await ctx.loaders.byId(ticketRepo(ctx)).load(assertId('Ticket', id));
  if (!ticket) throw new NotFoundError('Ticket', id);
  return ticket;
}

export async function openTicket(ctx: RequestContext, input: OpenTicketInput): Promise<Ticket> {
  const priority = input.priority ?? TicketPriority.MEDIUM;
  const values = {
    subject: requiredText(input.subject, 'subject'),
    description: optionalText(input.description, 'description', 20_000),
    assigneeId: optionalText(input.assigneeId, 'assigneeId'),
    priority,
  };
  const customer = await getCustomer(ctx, input.customerId);
  const contact = input.contactId ? await getContact(ctx, input.contactId) : null;
  if (contact) assertSameCustomer('contactId', contact.customerId, customer.id);
  const openedAt = new Date();
  return ctx.dataSource.transaction(async (manager) => {
    const ticket = await manager.save(
      manager.create(Ticket, {
        ...values,
        status: TicketStatus.OPEN,
        openedAt,
        slaDueAt: slaDueAt(priority, openedAt),
        resolvedAt: null,
        closedAt: null,
        customerId: customer.id,
        contactId: contact?.id ?? null,
        createdBy: ctx.identity.sub,
      }),
    );
    await emit<TicketEvents>(manager, { type: 'TicketOpened', ticket, by: ctx.identity.sub });
    return ticket;
  });
}

/** Reads the ticket under a row lock, applies `change`, saves; one transaction. */
async function changeTicket(
  ctx: RequestContext,
  id: string,
  change: (ticket: Ticket) => void,
): Promise<Ticket> {
  const ticketId = assertId('Ticket', id);
  return ctx.dataSource.transaction(async (manager) => {
    const ticket = await manager.findOne(Ticket, {
      where: { id: ticketId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!ticket) throw new NotFoundError('Ticket', id);
    const from = ticket.status;
    change(ticket);
    const saved = await manager.save(ticket);
    if (saved.status !== from) {
      await emit<TicketEvents>(manager, {
        type: 'TicketStatusChanged',
        ticket: saved,
        from,
        to: saved.status,
        by: ctx.identity.sub,
      });
    }
    return saved;
  });
}

export function updateTicketStatus(ctx: RequestContext, id: string, status: TicketStatus): Promise<Ticket> {
  return changeTicket(ctx, id, (ticket) =>
    Object.assign(ticket, planStatusChange(ticket, status, new Date())),
  );
}

export function assignTicket(
  ctx: RequestContext,
  id: string,
  assigneeId: string | null | undefined,
): Promise<Ticket> {
  const assignee = optionalText(assigneeId, 'assigneeId');
  return changeTicket(ctx, id, (ticket) => {
    assertNotClosed(ticket.status, 'reassign');
    ticket.assigneeId = assignee;
  });
}

export async function addTicketComment(
  ctx: RequestContext,
  ticketId: string,
  body: string,
): Promise<TicketComment> {
  const text = requiredText(body, 'body', 20_000);
  return ctx.dataSource.transaction(async (manager) => {
    const ticket = await manager.findOne(Ticket, {
      where: { id: assertId('Ticket', ticketId) },
      lock: { mode: 'pessimistic_read' },
    });
    if (!ticket) throw new NotFoundError('Ticket', ticketId);
    assertNotClosed(ticket.status, 'comment on');
    const comment = await manager.save(
      manager.create(TicketComment, {
        ticketId: ticket.id,
        body: text,
        authorId: ctx.identity.sub,
        createdBy: ctx.identity.sub,
      }),
    );
    // A comment is activity on the ticket: it moves the ticket's updatedAt for incremental sync.
    await manager.update(Ticket, { id: ticket.id }, { updatedAt: () => 'now()' });
    return comment;
  });
}

/** `tickets(filter, orderBy, search)`: one page for the caller, in creation order unless `orderBy` says otherwise. */
export async function listTickets(
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<Ticket>> {
  const filter = query.filter as
    { updatedSince?: Date | null; updatedBefore?: Date | null } | null | undefined;
  if (filter?.updatedSince && filter.updatedBefore && filter.updatedSince > filter.updatedBefore) {
    throw new BadUserInputError('updatedSince must not be after updatedBefore', 'filter');
  }
  const repo = ticketRepo(ctx);
  const qb = repo.createQueryBuilder('ticket');
  // The scope is ANDed outside the filter's own brackets: no `or` can widen it.
  return listPage(
    ctx,
    repo,
    qb,
    { typeName: 'Ticket', filterType: TicketFilter, searchIn: TICKET_SEARCH },
    args,
    query,
  );
}
