import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root, type ClassType } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { Activity } from '../activities';
import { Customer } from '../customers';
import { Deal } from '../deals';
import { Lead } from '../leads';
import { SalesAnalyticsRow } from '../sales-analytics';
import { Ticket } from '../tickets';
import { findTeam, findUserBySub, OwnedRecordType, Team, User, type OwnedRow } from '../users';
import { HandOverResult, OwnerChange, OwnerChangeConnection } from './owner-change.entity';
import { handOverRecords, ownerChangeRepo, reassignOwner } from './owner.service';

const REASSIGNERS = 'Roles: ADMIN any record; SALES only records it owns itself.';

@Resolver(() => OwnerChange)
export class OwnerChangeResolver {
  @Mutation(() => [OwnerChange], {
    description: `Gives records of one kind (1 to 100) to one of our active users, with a reason: each change is in the record's ownerHistory and the audit log. A record the user already owns is left as it is. BAD_USER_INPUT for an unknown or departed user, NOT_FOUND for a record the caller cannot see. ${REASSIGNERS}`,
  })
  async reassignOwner(
    @Arg('recordType', () => OwnedRecordType, { description: 'The kind of the records.' })
    recordType: OwnedRecordType,
    @Arg('ids', () => [ID], { description: 'The records (1 to 100).' }) ids: string[],
    @Arg('toUserId', () => ID, { description: 'The User who becomes their owner (an active user).' })
    toUserId: string,
    @Arg('reason', () => String, { description: 'Why (kept in the history).' }) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<OwnerChange[]> {
    authorize(ctx.identity, 'create', 'OwnerChange');
    return reassignOwner(ctx, recordType, ids, toUserId, reason);
  }

  @Mutation(() => HandOverResult, {
    description: `Hands the open records of one user (a leaver's book: live customers, open deals, leads, open tickets and open tasks) to another, up to 500 per call, oldest first; call again while \`remaining\` is above 0. Each change is in the record's ownerHistory and the audit log. ${REASSIGNERS}`,
  })
  async handOverRecords(
    @Arg('fromUserId', () => ID, { description: 'The User whose records move (may have left).' })
    fromUserId: string,
    @Arg('toUserId', () => ID, { description: 'The User who takes them over (an active user).' })
    toUserId: string,
    @Arg('reason', () => String, { description: 'Why (kept in the history).' }) reason: string,
    @Arg('recordTypes', () => [OwnedRecordType], {
      nullable: true,
      description: 'Only these kinds of record; every kind when omitted.',
    })
    recordTypes: OwnedRecordType[] | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<HandOverResult> {
    authorize(ctx.identity, 'create', 'OwnerChange');
    return handOverRecords(ctx, fromUserId, toUserId, reason, recordTypes);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The owner before; null when it had none.' })
  async from(@Root() change: OwnerChange, @Ctx() ctx: RequestContext): Promise<User | null> {
    authorize(ctx.identity, 'read', 'User');
    return findUserBySub(ctx, change.fromOwnerId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The owner after.' })
  async to(@Root() change: OwnerChange, @Ctx() ctx: RequestContext): Promise<User | null> {
    authorize(ctx.identity, 'read', 'User');
    return findUserBySub(ctx, change.toOwnerId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who made the change, when one of our users.' })
  async by(@Root() change: OwnerChange, @Ctx() ctx: RequestContext): Promise<User | null> {
    authorize(ctx.identity, 'read', 'User');
    return findUserBySub(ctx, change.changedBy);
  }
}

/** `owner` and `ownerHistory` on one kind of owned record (internal staff data: partners never see them). */
function ownedRecordResolver<T extends OwnedRow>(type: ClassType<T>, recordType: OwnedRecordType): ClassType {
  @Resolver(() => type)
  class OwnedRecordResolver {
    @FieldResolver(() => User, {
      nullable: true,
      description: 'The owner: one of our users (internal roles only); null when nobody owns it.',
    })
    async owner(@Root() record: T, @Ctx() ctx: RequestContext): Promise<User | null> {
      authorize(ctx.identity, 'read', 'User');
      return findUserBySub(ctx, record.ownerId);
    }

    @FieldResolver(() => OwnerChangeConnection, {
      nullable: true,
      description: 'Changes of its owner (reassignments and hand-overs), oldest first (internal roles only).',
    })
    async ownerHistory(
      @Root() record: T,
      @Args(() => ConnectionArgs) args: ConnectionArgs,
      @Ctx() ctx: RequestContext,
    ) {
      authorize(ctx.identity, 'read', 'OwnerChange');
      return ctx.loaders
        .connection(ownerChangeRepo(ctx), 'recordId', args, undefined, { recordType })
        .load(record.id);
    }
  }
  Object.defineProperty(OwnedRecordResolver, 'name', { value: `${type.name}OwnerResolver` });
  return OwnedRecordResolver;
}

export const OWNED_RECORD_RESOLVERS = [
  ownedRecordResolver(Customer, OwnedRecordType.CUSTOMER),
  ownedRecordResolver(Deal, OwnedRecordType.DEAL),
  ownedRecordResolver(Lead, OwnedRecordType.LEAD),
  ownedRecordResolver(Ticket, OwnedRecordType.TICKET),
  ownedRecordResolver(Activity, OwnedRecordType.ACTIVITY),
];

@Resolver(() => SalesAnalyticsRow)
export class SalesAnalyticsOwnerResolver {
  @FieldResolver(() => User, {
    nullable: true,
    description: 'Key OWNER, resolved: the deal owner as one of our users (internal roles only).',
  })
  async owner(@Root() row: SalesAnalyticsRow, @Ctx() ctx: RequestContext): Promise<User | null> {
    authorize(ctx.identity, 'read', 'User');
    return findUserBySub(ctx, row.ownerId);
  }

  @FieldResolver(() => Team, {
    nullable: true,
    description: "Key TEAM, resolved: the deal owner's team (internal roles only).",
  })
  async team(@Root() row: SalesAnalyticsRow, @Ctx() ctx: RequestContext): Promise<Team | null> {
    authorize(ctx.identity, 'read', 'Team');
    return findTeam(ctx, row.teamId ?? null);
  }
}
