import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { ConnectionArgs, type Connection, type SortKey } from '@sales-graph/shared/graphql/pagination';
import { Contact, getContact } from '../contacts';
import { Customer, findCustomer } from '../customers';
import { Deal, getDeal } from '../deals';
import { Lead, getLead } from '../leads';
import { Activity, ActivityConnection } from './activity.entity';
import { LogActivityInput } from './activity.input';
import { ActivityFilter, ActivityOrder } from './activity.filter';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { activityRepo, completeTask, getActivity, listActivities, logActivity } from './activity.service';

/** A customer's activities, newest first. */
export const ACTIVITY_ORDER: SortKey = { property: 'occurredAt', direction: 'DESC' };

@Resolver(() => Activity)
export class ActivityResolver {
  @Query(() => Activity, {
    description:
      'One activity by id (internal roles). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.',
    nullable: true,
  })
  async activity(
    @Arg('id', () => ID, { description: "The activity's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Activity> {
    authorize(ctx.identity, 'read', 'Activity');
    return getActivity(ctx, id);
  }

  @Query(() => ActivityConnection, {
    description:
      'All activities in creation order unless `orderBy` says otherwise, for bulk reads and sync. Roles: SALES, MARKETING, SUPPORT, CHANNEL_MANAGER, ANALYST and ADMIN.',
  })
  async activities(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ActivityFilter, {
      description: 'Only activities meeting these conditions.',
      nullable: true,
    })
    filter: ActivityFilter | undefined,
    @Arg('orderBy', () => ActivityOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, { nullable: true, description: 'Subject contains this, ignoring case.' })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Activity>> {
    authorize(ctx.identity, 'read', 'Activity');
    return listActivities(ctx, args, { filter, orderBy, search });
  }

  @Mutation(() => Activity, {
    description: 'Logs a call, email, meeting or note, or creates a task. Roles: SALES and ADMIN.',
  })
  async logActivity(
    @Arg('input', () => LogActivityInput, { description: 'The activity to log.' }) input: LogActivityInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Activity> {
    authorize(ctx.identity, 'create', 'Activity');
    return logActivity(ctx, input);
  }

  @Mutation(() => Activity, { description: 'Marks a TASK as completed. Roles: SALES and ADMIN.' })
  async completeTask(
    @Arg('id', () => ID, { description: 'The TASK activity.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Activity> {
    authorize(ctx.identity, 'update', 'Activity');
    return completeTask(ctx, id);
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'Null once the customer is deleted.' })
  async customer(@Root() activity: Activity, @Ctx() ctx: RequestContext): Promise<Customer | null> {
    authorize(ctx.identity, 'read', 'Customer');
    return findCustomer(ctx, activity.customerId);
  }

  @FieldResolver(() => Contact, { description: 'The contact the activity was with, if any.', nullable: true })
  async contact(@Root() activity: Activity, @Ctx() ctx: RequestContext): Promise<Contact | null> {
    if (!activity.contactId) return null;
    authorize(ctx.identity, 'read', 'Contact');
    return getContact(ctx, activity.contactId);
  }

  @FieldResolver(() => Lead, { description: 'The lead the activity worked on, if any.', nullable: true })
  async lead(@Root() activity: Activity, @Ctx() ctx: RequestContext): Promise<Lead | null> {
    if (!activity.leadId) return null;
    authorize(ctx.identity, 'read', 'Lead');
    return getLead(ctx, activity.leadId);
  }

  @FieldResolver(() => Deal, { description: 'The deal the activity moved forward, if any.', nullable: true })
  async deal(@Root() activity: Activity, @Ctx() ctx: RequestContext): Promise<Deal | null> {
    if (!activity.dealId) return null;
    authorize(ctx.identity, 'read', 'Deal');
    return getDeal(ctx, activity.dealId);
  }
}

@Resolver(() => Customer)
export class CustomerActivityResolver {
  @FieldResolver(() => ActivityConnection, { description: "The customer's activities, newest first." })
  async activities(
    @Root() customer: Customer,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'read', 'Activity');
    return ctx.loaders.connection(activityRepo(ctx), 'customerId', args, ACTIVITY_ORDER).load(customer.id);
  }
}
