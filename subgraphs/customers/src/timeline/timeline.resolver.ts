import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import { Activity, findActivity } from '../activities';
import { Customer } from '../customers';
import { Deal, findDeal } from '../deals';
import { Order, findOrder } from '../orders';
import { Ticket, findTicket } from '../tickets';
import { TimelineEntry, TimelineEntryConnection, TimelineEntryType } from './timeline.entry';
import { TIMELINE_SUBJECT } from './timeline.rules';
import { customerTimeline } from './timeline.service';

@Resolver(() => TimelineEntry)
export class TimelineEntryResolver {
  @FieldResolver(() => Activity, { description: 'For ACTIVITY: the activity.', nullable: true })
  async activity(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext): Promise<Activity | null> {
    if (!entry.activityId) return null;
    authorize(ctx.identity, 'read', 'Activity');
    return findActivity(ctx, entry.activityId);
  }

  @FieldResolver(() => Deal, { description: 'For DEAL_STAGE_CHANGE: the deal.', nullable: true })
  async deal(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext): Promise<Deal | null> {
    if (!entry.dealId) return null;
    authorize(ctx.identity, 'read', 'Deal');
    return findDeal(ctx, entry.dealId);
  }

  @FieldResolver(() => Ticket, { description: 'For TICKET_OPENED: the ticket.', nullable: true })
  async ticket(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext): Promise<Ticket | null> {
    if (!entry.ticketId) return null;
    authorize(ctx.identity, 'read', 'Ticket');
    return findTicket(ctx, entry.ticketId);
  }

  @FieldResolver(() => Order, { description: 'For ORDER_PLACED: the order.', nullable: true })
  async order(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext): Promise<Order | null> {
    if (!entry.orderId) return null;
    authorize(ctx.identity, 'read', 'Order');
    return findOrder(ctx, entry.orderId);
  }
}

@Resolver(() => Customer)
export class CustomerTimelineResolver {
  @FieldResolver(() => TimelineEntryConnection, {
    description:
      "The customer's history newest first: activities, deal stage changes, tickets opened, orders placed and campaign touches. " +
      'Without `types`, every type the caller may read.',
  })
  async timeline(
    @Root() customer: Customer,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('types', () => [TimelineEntryType], {
      description: 'Only entries of these types; all types when omitted.',
      nullable: true,
    })
    types: TimelineEntryType[] | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<TimelineEntry>> {
    authorize(ctx.identity, 'read', 'Customer');
    // Asking for a type means asking to read its records; left open, the readable ones are shown.
    if (types) for (const type of types) authorize(ctx.identity, 'read', TIMELINE_SUBJECT[type]);
    return customerTimeline(ctx, customer.id, args, types ?? null);
  }
}
