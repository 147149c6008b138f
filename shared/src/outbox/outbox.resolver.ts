import { listPage } from '../graphql/list-page';
import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { IsNull, Not } from 'typeorm';
import { authorize } from '../auth/permissions';
import type { RequestContext } from '../context';
import { assertId, BadUserInputError, ConflictError, NotFoundError } from '../errors';
import { type OrderByValue } from '../graphql/filters';
import { ConnectionArgs, type Connection } from '../graphql/pagination';
import { OutboxMessageConnection, OutboxMessageRecord } from './outbox.entity';
import { OutboxMessageFilter, OutboxMessageOrder } from './outbox.filter';

/** How many dead letters one `replayOutboxDeadLetters` sends again (call it again for more). */
export const MAX_REPLAY = 100;

/** A dead letter sent again: not dead, attempts from 0, due now (the next dispatch round takes it). */
function revive(message: OutboxMessageRecord, now: Date): OutboxMessageRecord {
  return Object.assign(message, { deadAt: null, attempts: 0, nextAttemptAt: now, leasedUntil: null });
}

/**
 * The outbox's dead letters, for ADMIN: list them with their last error, replay one or all. Writes
 * go through the entity, so the audit log records who replayed what.
 */
@Resolver()
export class OutboxResolver {
  @Query(() => OutboxMessageConnection, {
    description:
      'Outbox messages given up after OUTBOX_MAX_ATTEMPTS failed attempts (dead letters), oldest first, each with its last error. Roles: ADMIN only.',
  })
  async outboxDeadLetters(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('topic', () => String, {
      nullable: true,
      description: 'Only messages of this topic, e.g. "crm.createPartnerSourcedDeal".',
    })
    topic: string | undefined,
    @Arg('filter', () => OutboxMessageFilter, {
      nullable: true,
      description: 'Only dead letters meeting these conditions.',
    })
    filter: OutboxMessageFilter | undefined,
    @Arg('orderBy', () => OutboxMessageOrder, {
      nullable: true,
      description: 'The order of the list; oldest first when omitted.',
    })
    orderBy: OrderByValue | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<OutboxMessageRecord>> {
    authorize(ctx.identity, 'read', 'OutboxMessage');
    if (topic && topic.length > 200) throw new BadUserInputError('topic is at most 200 characters', 'topic');
    const repo = ctx.dataSource.getRepository(OutboxMessageRecord);
    const qb = repo
      .createQueryBuilder('message')
      .where('message.dead_at IS NOT NULL')
      .andWhere('message.delivered_at IS NULL');
    if (topic) qb.andWhere('message.topic = :topic', { topic });
    const spec = { typeName: 'OutboxMessage', filterType: OutboxMessageFilter, searchIn: [] };
    return listPage(ctx, repo, qb, spec, args, { filter, orderBy });
  }

  @Mutation(() => OutboxMessageRecord, {
    nullable: true,
    description:
      'Sends a dead letter again: its attempts start from 0 and it is due at once (delivered by the next dispatch round, with the same idempotency key, so it takes effect at most once). NOT_FOUND for no such message, CONFLICT when it is not dead. Roles: ADMIN only.',
  })
  async replayOutboxMessage(
    @Arg('id', () => ID, { description: 'The dead letter to send again.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<OutboxMessageRecord> {
    authorize(ctx.identity, 'update', 'OutboxMessage');
    const messageId = assertId('OutboxMessage', id);
    return ctx.dataSource.transaction(async (manager) => {
      const message = await manager.findOne(OutboxMessageRecord, {
        where: { id: messageId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!message) throw new NotFoundError('OutboxMessage', id);
      if (message.state !== 'DEAD') {
        throw new ConflictError(
          `Only a dead letter can be replayed (this message is ${message.state})`,
          'id',
        );
      }
      return manager.save(revive(message, new Date()));
    });
  }

  @Mutation(() => [OutboxMessageRecord], {
    description: `Sends every dead letter (of one topic, if given) again, the oldest ${MAX_REPLAY} per call: answers the messages replayed (empty when there are none left). Roles: ADMIN only.`,
  })
  async replayOutboxDeadLetters(
    @Arg('topic', () => String, { nullable: true, description: 'Only dead letters of this topic.' })
    topic: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<OutboxMessageRecord[]> {
    authorize(ctx.identity, 'update', 'OutboxMessage');
    if (topic && topic.length > 200) throw new BadUserInputError('topic is at most 200 characters', 'topic');
    return ctx.dataSource.transaction(async (manager) => {
      const dead = await manager.find(OutboxMessageRecord, {
        where: { deadAt: Not(IsNull()), deliveredAt: IsNull(), ...(topic ? { topic } : {}) },
        order: { createdAt: 'ASC', id: 'ASC' },
        take: MAX_REPLAY,
        lock: { mode: 'pessimistic_write' },
      });
      const now = new Date();
      const replayed: OutboxMessageRecord[] = [];
      for (const message of dead) replayed.push(await manager.save(revive(message, now)));
      return replayed;
    });
  }
}
