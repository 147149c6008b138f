import type { EntityManager } from 'typeorm';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { assertId, BadUserInputError, NotFoundError } from '@sales-graph/shared/errors';
import { requiredText } from '@sales-graph/shared/validation';
import { ACTIVITY_OWNERSHIP } from '../activities';
import { CUSTOMER_OWNERSHIP } from '../customers';
import { DEAL_OWNERSHIP } from '../deals';
import { LEAD_OWNERSHIP } from '../leads';
import { TICKET_OWNERSHIP } from '../tickets';
import { assignableUser, knownUser, OwnedRecordType, type Ownable, type OwnedRow, type User } from '../users';
import { HandOverResult, OwnerChange } from './owner-change.entity';
import { assertMayReassign, HAND_OVER_BATCH, reassignIds, toMove } from './owner.rules';

/** Every owned kind of record, in the order a hand-over moves them. */
export const OWNABLES: readonly Ownable[] = [
  CUSTOMER_OWNERSHIP,
  DEAL_OWNERSHIP,
  LEAD_OWNERSHIP,
  TICKET_OWNERSHIP,
  ACTIVITY_OWNERSHIP,
] as unknown as readonly Ownable[];

const ownableOf = (type: OwnedRecordType): Ownable => OWNABLES.find((ownable) => ownable.type === type)!;

export const ownerChangeRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(OwnerChange);

/** Moves `rows` to `to` and writes one history entry each, in `manager` (the caller's transaction). */
async function move(
  ctx: RequestContext,
  manager: EntityManager,
  ownable: Ownable,
  rows: OwnedRow[],
  to: User,
  reason: string,
): Promise<OwnerChange[]> {
  const moving = toMove(rows, to.sub);
  if (moving.length === 0) return [];
  const from = new Map(moving.map((row) => [row.id, row.ownerId]));
  await ownable.setOwner(manager, moving, to.sub);
  const changedAt = new Date();
  return manager.save(
    moving.map((row) =>
      manager.create(OwnerChange, {
        recordType: ownable.type,
        recordId: row.id,
        fromOwnerId: from.get(row.id) ?? null,
        toOwnerId: to.sub,
        reason,
        changedBy: ctx.identity.sub,
        changedAt,
        createdBy: ctx.identity.sub,
      }),
    ),
  );
}

/**
 * Gives records of one kind to one of our active users, each change in the history with its
 * reason (and in the audit log, before and after). NOT_FOUND for a record that does not exist or
 * the caller cannot see; BAD_USER_INPUT for an unknown or departed user; SALES only its own
 * records. A record the target already owns is left as it is. One transaction.
 */
export async function reassignOwner(
  ctx: RequestContext,
  recordType: OwnedRecordType,
  ids: readonly string[],
  toUserId: string,
  reasonText: string,
): Promise<OwnerChange[]> {
  const ownable = ownableOf(recordType);
  authorize(ctx.identity, 'read', ownable.subject);
  const recordIds = reassignIds(ids).map((id) => assertId(ownable.entity.name, id));
  const reason = requiredText(reasonText, 'reason', 500);
  const to = await assignableUser(ctx, toUserId, 'toUserId');
  return ctx.dataSource.transaction(async (manager) => {
    const query = manager
      .createQueryBuilder(ownable.entity, 'record')
      .where('record.id IN (:...ids)', { ids: recordIds })
      .orderBy('record.id')
      .setLock('pessimistic_write');
    const rows = await (await ctx.scope.where(query)).getMany();
    const missing = recordIds.find((id) => !rows.some((row) => row.id === id));
    if (missing) throw new NotFoundError(ownable.entity.name, missing);
    for (const row of rows) assertMayReassign(ctx.identity, row.ownerId);
    return move(ctx, manager, ownable, rows, to, reason);
  });
}

/**
 * Hands the open records of one user (a leaver's book) to another: up to HAND_OVER_BATCH
 * records per call, kind by kind (`recordTypes`, else all), oldest first; `remaining` says how
 * many are left for the next call. ADMIN for anyone; SALES only its own book.
 */
export async function handOverRecords(
  ctx: RequestContext,
  fromUserId: string,
  toUserId: string,
  reasonText: string,
  recordTypes: readonly OwnedRecordType[] | null | undefined,
): Promise<HandOverResult> {
  const kinds = recordTypes?.length ? OWNABLES.filter((o) => recordTypes.includes(o.type)) : OWNABLES;
  for (const ownable of kinds) authorize(ctx.identity, 'read', ownable.subject);
  const reason = requiredText(reasonText, 'reason', 500);
  const from = await knownUser(ctx, fromUserId, 'fromUserId');
  const to = await assignableUser(ctx, toUserId, 'toUserId');
  if (from.id === to.id) throw new BadUserInputError('A hand-over needs two different users', 'toUserId');
  assertMayReassign(ctx.identity, from.sub);
  return ctx.dataSource.transaction(async (manager) => {
    const result: HandOverResult = { moved: [], remaining: 0 };
    let budget = HAND_OVER_BATCH;
    for (const ownable of kinds) {
      const open = () =>
        manager
          .createQueryBuilder(ownable.entity, 'record')
          .where('record.ownerId = :owner', { owner: from.sub })
          .andWhere(ownable.open('"record"'));
      if (budget > 0) {
        const rows = await (
          await ctx.scope.where(open())
        )
          .orderBy('record.createdAt')
          .addOrderBy('record.id')
          .limit(budget)
          .setLock('pessimistic_write')
          .getMany();
        const changes = await move(ctx, manager, ownable, rows, to, reason);
        budget -= changes.length;
        result.moved.push({ recordType: ownable.type, count: changes.length });
      } else {
        result.moved.push({ recordType: ownable.type, count: 0 });
      }
      result.remaining += await (await ctx.scope.where(open())).getCount();
    }
    return result;
  });
}
