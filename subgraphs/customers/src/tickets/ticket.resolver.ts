import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { getContact, Contact } from '../contacts';
import { Customer, findCustomer } from '../customers';
import {
  Ticket,
  TicketComment,
  TicketCommentConnection,
  TicketConnection,
  TicketStatus,
} from './ticket.entity';
import { OpenTicketInput } from './ticket.input';
import { TicketFilter, TicketOrder } from './ticket.filter';
import { isSlaBreached, OPEN_STATUSES } from './ticket.rules';
import {
  addTicketComment,
  assignTicket,
  getTicket,
  listTickets,
  OPEN_TICKET_ORDER,
  openTicket,
  ticketCommentRepo,
  ticketRepo,
  updateTicketStatus,
} from './ticket.service';

@Resolver(() => Ticket)
export class TicketResolver {
  @Query(() => Ticket, {
    description:
      'One support ticket by id (internal roles). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.',
    nullable: true,
  })
  async ticket(
    @Arg('id', () => ID, { description: "The ticket's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    authorize(ctx.identity, 'read', 'Ticket');
    return getTicket(ctx, id);
  }

  @Query(() => TicketConnection, {
    description:
      'Tickets, in creation order unless `orderBy` says otherwise. Roles: SALES, MARKETING, SUPPORT, CHANNEL_MANAGER, ANALYST and ADMIN.',
  })
  async tickets(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => TicketFilter, {
      description: 'Only tickets meeting these conditions.',
      nullable: true,
    })
    filter: TicketFilter | undefined,
    @Arg('orderBy', () => TicketOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, { nullable: true, description: 'Subject contains this, ignoring case.' })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Ticket>> {
    authorize(ctx.identity, 'read', 'Ticket');
    return listTickets(ctx, args, { filter, orderBy, search });
  }

  @Mutation(() => Ticket, {
    description: 'Opens a ticket; its SLA due time follows from the priority. Roles: SUPPORT and ADMIN.',
  })
  async openTicket(
    @Arg('input', () => OpenTicketInput, { description: 'The new ticket.' }) input: OpenTicketInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    authorize(ctx.identity, 'create', 'Ticket');
    return openTicket(ctx, input);
  }

  @Mutation(() => Ticket, {
    description: 'Moves a ticket through OPEN, PENDING, RESOLVED and CLOSED. Roles: SUPPORT and ADMIN.',
  })
  async updateTicketStatus(
    @Arg('id', () => ID, { description: 'The ticket.' }) id: string,
    @Arg('status', () => TicketStatus, { description: "The ticket's next status." }) status: TicketStatus,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    authorize(ctx.identity, 'update', 'Ticket');
    return updateTicketStatus(ctx, id, status);
  }

  @Mutation(() => Ticket, { description: 'Assigns a ticket to a support agent; null unassigns it.' })
  async assignTicket(
    @Arg('id', () => ID, { description: 'The ticket.' }) id: string,
    @Arg('assigneeId', () => String, {
      description: 'User id of the support agent; null to unassign.',
      nullable: true,
    })
    assigneeId: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    authorize(ctx.identity, 'update', 'Ticket');
    return assignTicket(ctx, id, assigneeId);
  }

  @Mutation(() => TicketComment, { description: 'Adds a comment to a ticket (SUPPORT and ADMIN).' })
  async addTicketComment(
    @Arg('ticketId', () => ID, { description: 'The ticket.' }) ticketId: string,
    @Arg('body', () => String, { description: 'The comment text.' }) body: string,
    @Ctx() ctx: RequestContext,
  ): Promise<TicketComment> {
    authorize(ctx.identity, 'update', 'Ticket');
    return addTicketComment(ctx, ticketId, body);
  }

  @FieldResolver(() => Boolean, {
    description: 'Resolved after its SLA due time, or still unresolved past it.',
  })
  breachedSla(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): boolean {
    authorize(ctx.identity, 'read', 'Ticket');
    return isSlaBreached(ticket, new Date());
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'Null once the customer is deleted.' })
  async customer(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<Customer | null> {
    authorize(ctx.identity, 'read', 'Customer');
    return findCustomer(ctx, ticket.customerId);
  }

  @FieldResolver(() => Contact, { description: 'The contact who raised it, if known.', nullable: true })
  async contact(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<Contact | null> {
    if (!ticket.contactId) return null;
    authorize(ctx.identity, 'read', 'Contact');
    return getContact(ctx, ticket.contactId);
  }

  @FieldResolver(() => TicketCommentConnection, { description: 'Comments, oldest first.' })
  async comments(
    @Root() ticket: Ticket,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'read', 'Ticket');
    return ctx.loaders.connection(ticketCommentRepo(ctx), 'ticketId', args).load(ticket.id);
  }
}

@Resolver(() => Customer)
export class CustomerTicketResolver {
  @FieldResolver(() => TicketConnection, {
    description: 'OPEN and PENDING tickets, earliest SLA due time first.',
  })
  async openTickets(
    @Root() customer: Customer,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'read', 'Ticket');
    return ctx.loaders
      .connection(ticketRepo(ctx), 'customerId', args, OPEN_TICKET_ORDER, {
        status: OPEN_STATUSES,
      })
      .load(customer.id);
  }
}
