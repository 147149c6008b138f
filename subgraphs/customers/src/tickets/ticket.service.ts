import type { RequestContext } from '../../../../shared/src/context';
import { assertId, BadUserInputError, isUuid, NotFoundError } from '../../../../shared/src/errors';
import {
  decodeCursor,
  encodeCursor,
  pageSize,
  type Connection,
  type ConnectionArgs,
  type SortKey,
} from '../../../../shared/src/graphql/pagination';
import { optionalText, requiredText } from '../../../../shared/src/validation';
import { getContact } from '../activities/activity.service';
import { assertSameCustomer } from '../activities/activity.rules';
import { getCustomer } from '../customers/customer.service';
import { Ticket, TicketComment, TicketPriority, TicketStatus } from './ticket.entity';
import type { OpenTicketInput } from './ticket.input';
import { assertNotClosed, OPEN_STATUSES, planStatusChange, slaDueAt } from './ticket.rules';

export const ticketRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Ticket);
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
  const repo = ticketRepo(ctx);
  return repo.save(
    repo.create({
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
    change(ticket);
    return manager.save(ticket);
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

/**
 * One page of each customer's open (OPEN or PENDING) tickets, most urgent first: one `LATERAL`
 * statement for the pages of all customers and one grouped count, like `ctx.loaders.connection`
 * but restricted to open tickets.
 */
export async function loadOpenTicketPages(
  ctx: RequestContext,
  customerIds: readonly string[],
  args: ConnectionArgs,
): Promise<Map<string, Connection<Ticket>>> {
  const first = pageSize(args);
  let after: { at: string; id: string } | undefined;
  if (args.after) {
    const [value, id] = decodeCursor(args.after);
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || !isUuid(id)) {
      throw new BadUserInputError('Invalid cursor', 'after');
    }
    after = { at: value, id };
  }
  const repo = ticketRepo(ctx);
  const live = `t.deleted_at IS NULL AND t.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;
  const pageIds =
    `SELECT page.id FROM unnest(CAST(:customerIds AS uuid[])) AS parent(id) CROSS JOIN LATERAL (` +
    `SELECT t.id FROM crm.tickets t WHERE t.customer_id = parent.id AND ${live}` +
    (after ? ` AND (t.sla_due_at, t.id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))` : '') +
    ` ORDER BY t.sla_due_at, t.id LIMIT ${first + 1}) page`;
  const [rows, counts] = await Promise.all([
    repo
      .createQueryBuilder('ticket')
      .where(`ticket.id IN (${pageIds})`, {
        customerIds: [...customerIds],
        afterAt: after?.at,
        afterId: after?.id,
      })
      .orderBy('ticket.sla_due_at', 'ASC')
      .addOrderBy('ticket.id', 'ASC')
      .getMany(),
    ctx.dataSource.query(
      `SELECT t.customer_id AS parent, count(*)::int AS total FROM crm.tickets t ` +
        `WHERE t.customer_id = ANY($1::uuid[]) AND ${live} GROUP BY t.customer_id`,
      [[...customerIds]],
    ) as Promise<{ parent: string; total: number }[]>,
  ]);
  const totals = new Map(counts.map((row) => [row.parent, row.total]));
  const byCustomer = new Map<string, Ticket[]>();
  for (const row of rows) byCustomer.set(row.customerId, [...(byCustomer.get(row.customerId) ?? []), row]);
  return new Map(
    customerIds.map((id) => {
      const all = byCustomer.get(id) ?? [];
      const edges = all
        .slice(0, first)
        .map((node) => ({ node, cursor: encodeCursor(node, OPEN_TICKET_ORDER) }));
      const connection: Connection<Ticket> = {
        edges,
        totalCount: totals.get(id) ?? 0,
        pageInfo: {
          hasNextPage: all.length > first,
          hasPreviousPage: Boolean(args.after),
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
      };
      return [id, connection];
    }),
  );
}
