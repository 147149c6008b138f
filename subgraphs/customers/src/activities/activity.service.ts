import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { ActivityFilter, ACTIVITY_SEARCH } from './activity.filter';
import type { BusinessRecord } from '@sales-graph/shared/db/record';
import { emit } from '@sales-graph/shared/events/events';
import { assertId, isUuid, NotFoundError, BadUserInputError } from '@sales-graph/shared/errors';
import { optionalText, requiredText } from '@sales-graph/shared/validation';
import { getContact } from '../contacts';
import { getCustomer } from '../customers';
import { getDeal } from '../deals';
import { getLead } from '../leads';
import { Activity } from './activity.entity';
import type { ActivityEvents } from './activity.events';
import type { LogActivityInput } from './activity.input';
import { assertSameCustomer, planActivityTiming, planTaskCompletion } from './activity.rules';

export const activityRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Activity);

/** The activity if it exists and the caller may see it; reads through the request's loader. */
export async function findActivity(ctx: RequestContext, id: string): Promise<Activity | null> {
  if (!isUuid(id)) return null;
  return ctx.loaders.byId(activityRepo(ctx)).load(id.toLowerCase());
}

export async function getActivity(ctx: RequestContext, id: string): Promise<Activity> {
  const activity = await ctx.loaders.byId(activityRepo(ctx)).load(assertId('Activity', id));
  if (!activity) throw new NotFoundError('Activity', id);
  return activity;
}

/** What a new activity is made of (its system fields come from `insertActivity`). */
export type NewActivity = Omit<Activity, keyof BusinessRecord>;

/**
 * THE activity-creation path (a user's log, an automation rule's task), in the caller's
 * transaction: writes the activity through the entity and emits ActivityLogged (the lead it is
 * linked to is rescored by that event's subscriber).
 */
export async function insertActivity(
  manager: EntityManager,
  values: NewActivity,
  by: string,
): Promise<Activity> {
  const activity = await manager.save(manager.create(Activity, { ...values, createdBy: by }));
  await emit<ActivityEvents>(manager, { type: 'ActivityLogged', activity, by });
  return activity;
}

/** Validates everything (text, timing, that every link exists and is the customer's), then inserts. */
export async function logActivity(ctx: RequestContext, input: LogActivityInput): Promise<Activity> {
  const values = {
    type: input.type,
    subject: requiredText(input.subject, 'subject'),
    body: optionalText(input.body, 'body', 20_000),
    ownerId: optionalText(input.ownerId, 'ownerId') ?? ctx.identity.sub,
    ...planActivityTiming(input.type, input, new Date()),
  };
  const customer = await getCustomer(ctx, input.customerId);
  const [contact, lead, deal] = await Promise.all([
    input.contactId ? getContact(ctx, input.contactId) : null,
    input.leadId ? getLead(ctx, input.leadId) : null,
    input.dealId ? getDeal(ctx, input.dealId) : null,
  ]);
  if (contact) assertSameCustomer('contactId', contact.customerId, customer.id);
  if (lead) assertSameCustomer('leadId', lead.customerId, customer.id);
  if (deal) assertSameCustomer('dealId', deal.customerId, customer.id);
  // The activity and its reactions (the linked lead's new score, lead.scoring.ts) commit together.
  return ctx.dataSource.transaction((manager) =>
    insertActivity(
      manager,
      {
        ...values,
        customerId: customer.id,
        contactId: contact?.id ?? null,
        leadId: lead?.id ?? null,
        dealId: deal?.id ?? null,
        completedAt: null,
      },
      ctx.identity.sub,
    ),
  );
}

/** Marks a task done, under a row lock so two completions cannot both succeed. */
export async function completeTask(ctx: RequestContext, id: string): Promise<Activity> {
  const activityId = assertId('Activity', id);
  return ctx.dataSource.transaction(async (manager) => {
    const activity = await manager.findOne(Activity, {
      where: { id: activityId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!activity) throw new NotFoundError('Activity', id);
    activity.completedAt = planTaskCompletion(activity, new Date());
    const saved = await manager.save(activity);
    await emit<ActivityEvents>(manager, { type: 'ActivityCompleted', activity: saved, by: ctx.identity.sub });
    return saved;
  });
}

/** `activitys(filter, orderBy, search)`: one page for the caller, in creation order unless `orderBy` says otherwise. */
export async function listActivities(
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<Activity>> {
  const filter = query.filter as
    { updatedSince?: Date | null; updatedBefore?: Date | null } | null | undefined;
  if (filter?.updatedSince && filter.updatedBefore && filter.updatedSince > filter.updatedBefore) {
    throw new BadUserInputError('updatedSince must not be after updatedBefore', 'filter');
  }
  const repo = activityRepo(ctx);
  const qb = repo.createQueryBuilder('activity');
  // The scope is ANDed outside the filter's own brackets: no `or` can widen it.
  return listPage(
    ctx,
    repo,
    qb,
    { typeName: 'Activity', filterType: ActivityFilter, searchIn: ACTIVITY_SEARCH },
    args,
    query,
  );
}

/** A lead's live activities by type, occurred in (`from`, `to`] (its score's engagement), in `manager`'s transaction. */
export function leadActivityCounts(
  manager: EntityManager,
  leadId: string,
  from: Date,
  to: Date,
): Promise<{ type: Activity['type']; count: number }[]> {
  return manager.query(
    `SELECT type, count(*)::int AS count FROM crm.activities
     WHERE lead_id = $1 AND deleted_at IS NULL AND occurred_at > $2 AND occurred_at <= $3 GROUP BY type`,
    [leadId, from, to],
  );
}
