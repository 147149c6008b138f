import { Brackets, type EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import {
  assertId,
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  isUuid,
  NotFoundError,
} from '@sales-graph/shared/errors';
import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import type { Connection, ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { parseCurrency } from '@sales-graph/shared/graphql/scalars';
import { nonNegativeAmount } from '@sales-graph/shared/money';
import { assignableUser, findTeam, teamIdOfUser, teamMembersSql } from '../users';
import { reachOf, type Reach } from './forecast.access';
import { resolvePeriod, type Period } from './forecast.rules';
import { Quota } from './quota.entity';
import { QuotaFilter } from './quota.filter';
import type { SetQuotaInput } from './quota.input';

export const quotaRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Quota);

/** What a quota is for: one user or one team. */
export type QuotaSubject = { userId: string; teamId?: undefined } | { teamId: string; userId?: undefined };

async function knownTeamId(ctx: RequestContext, id: string, field: string): Promise<string> {
  const team = isUuid(id) ? await findTeam(ctx, id.toLowerCase()) : null;
  if (!team) throw new BadUserInputError(`No team ${id}`, field);
  return team.id;
}

/**
 * The subject of a quota input: exactly one of userId (an active user) and teamId (an existing
 * team). BAD_USER_INPUT otherwise.
 */
export async function quotaSubject(
  ctx: RequestContext,
  input: { userId?: string | null; teamId?: string | null },
  prefix = 'input.',
): Promise<{ subject: QuotaSubject; userTeamId: string | null }> {
  const hasUser = input.userId != null;
  const hasTeam = input.teamId != null;
  if (hasUser === hasTeam)
    throw new BadUserInputError('Give exactly one of userId and teamId', `${prefix}userId`);
  if (hasUser) {
    const user = await assignableUser(ctx, input.userId!, `${prefix}userId`);
    return { subject: { userId: user.id }, userTeamId: user.teamId };
  }
  return { subject: { teamId: await knownTeamId(ctx, input.teamId!, `${prefix}teamId`) }, userTeamId: null };
}

/**
 * Who may set or remove a quota: ADMIN any; SALES (a team manager) the quotas of the members of
 * the teams it manages, not its own and not a team's (FORBIDDEN).
 */
function assertMaySet(reach: Reach | null, subject: QuotaSubject, userTeamId: string | null): void {
  if (reach === null) return; // ADMIN (the only other role holding the grant is SALES)
  if (subject.teamId) throw new ForbiddenError("Only ADMIN sets a team's quota");
  if (reach.user && subject.userId === reach.user.id)
    throw new ForbiddenError('A manager does not set their own quota');
  if (!userTeamId || !reach.managedTeamIds.has(userTeamId))
    throw new ForbiddenError('A manager sets the quotas of the members of the teams they manage only');
}

/** The subject's live quotas that share a day with `period` (one indexed read). */
export function overlappingQuotas(
  manager: EntityManager,
  subject: QuotaSubject,
  period: Period,
): Promise<Quota[]> {
  const qb = manager
    .getRepository(Quota)
    .createQueryBuilder('quota')
    .where('quota.period_start <= :to AND quota.period_end >= :from', period);
  if (subject.userId) qb.andWhere('quota.user_id = :user', { user: subject.userId });
  else qb.andWhere('quota.team_id = :team', { team: subject.teamId });
  return qb.orderBy('quota.period_start').getMany();
}

/**
 * Sets a quota: the subject's quota of exactly that period is replaced (audited through `save`);
 * one that overlaps it otherwise is CONFLICT (remove it first). Serialised per subject with a
 * transaction-level advisory lock, so two concurrent sets cannot both pass the overlap check.
 */
export async function setQuota(ctx: RequestContext, input: SetQuotaInput): Promise<Quota> {
  const reach = await reachOf(ctx);
  const { subject, userTeamId } = await quotaSubject(ctx, input);
  assertMaySet(reach, subject, userTeamId);
  const period = resolvePeriod(input.period, 'input.period');
  const amount = nonNegativeAmount(input.amount, 'input.amount');
  let currency: string;
  try {
    currency = parseCurrency(input.currency);
  } catch {
    throw new BadUserInputError(`Unknown ISO 4217 currency code: ${input.currency}`, 'input.currency');
  }
  return ctx.dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `crm.quotas.${subject.userId ?? subject.teamId}`,
    ]);
    const overlapping = await overlappingQuotas(manager, subject, period);
    const same = overlapping.find((q) => q.periodStart === period.from && q.periodEnd === period.to);
    const other = overlapping.find((q) => q !== same);
    if (other)
      throw new ConflictError(
        `A quota for ${other.periodStart} to ${other.periodEnd} overlaps ${period.from} to ${period.to}`,
        'input.period',
        { quotaId: other.id },
      );
    const quota =
      same ??
      manager.create(Quota, {
        userId: subject.userId ?? null,
        teamId: subject.teamId ?? null,
        periodStart: period.from,
        periodEnd: period.to,
        createdBy: ctx.identity.sub,
      });
    Object.assign(quota, { amount, currency });
    return manager.save(quota);
  });
}

/** Removes a quota (soft, audited): NOT_FOUND for one the caller cannot see; who may set it may remove it. */
export async function removeQuota(ctx: RequestContext, id: string): Promise<Quota> {
  const reach = await reachOf(ctx);
  return ctx.dataSource.transaction(async (manager) => {
    const quota = await manager.findOne(Quota, { where: { id: assertId('Quota', id) } });
    if (!quota) throw new NotFoundError('Quota', id);
    const userTeamId = quota.userId ? await teamIdOfUser(manager, quota.userId) : null;
    const subject: QuotaSubject = quota.userId ? { userId: quota.userId } : { teamId: quota.teamId! };
    if (reach && !visibleTo(reach, quota, userTeamId)) throw new NotFoundError('Quota', id);
    assertMaySet(reach, subject, userTeamId);
    const removed = { ...quota };
    await manager.softRemove(quota);
    return Object.assign(new Quota(), removed);
  });
}

function visibleTo(reach: Reach, quota: Quota, userTeamId: string | null): boolean {
  if (quota.teamId) return reach.teamIds.has(quota.teamId);
  return quota.userId === reach.user?.id || (userTeamId !== null && reach.teamIds.has(userTeamId));
}

/**
 * `quotas`: the list through `listPage`; SALES sees its own, its teams' members' and its teams'
 * quotas only (ANDed before the filter, so no `or` widens it).
 */
export async function listQuotas(
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<Quota>> {
  const reach = await reachOf(ctx);
  const repo = quotaRepo(ctx);
  const qb = repo.createQueryBuilder('quota');
  if (reach) {
    const teams = [...reach.teamIds];
    qb.andWhere(
      new Brackets((or) => {
        or.where('quota.user_id = :me', { me: reach.user?.id ?? '00000000-0000-4000-8000-000000000000' });
        if (teams.length > 0) {
          or.orWhere('quota.team_id = ANY(:teams)', { teams });
          or.orWhere(`quota.user_id = ANY(${teamMembersSql('id', '= ANY(:teams)')})`, { teams });
        }
      }),
    );
  }
  return listPage(ctx, repo, qb, { typeName: 'Quota', filterType: QuotaFilter, searchIn: [] }, args, query);
}

/**
 * The quotas that lie within `period` of the users `userIds` and the teams `teamIds` (one query):
 * a forecast's quota is the sum of its subject's quotas inside its period (a quarter's forecast
 * adds three monthly quotas, or takes the quarter's).
 */
export async function quotasWithin(
  manager: EntityManager,
  subjects: { userIds: readonly string[]; teamIds: readonly string[]; allTeams?: boolean },
  period: Period,
): Promise<Quota[]> {
  const qb = manager
    .getRepository(Quota)
    .createQueryBuilder('quota')
    .where('quota.period_start >= :from AND quota.period_end <= :to', period)
    .andWhere(
      new Brackets((or) => {
        or.where('quota.user_id = ANY(:users)', { users: [...subjects.userIds] });
        if (subjects.allTeams) or.orWhere('quota.team_id IS NOT NULL');
        else or.orWhere('quota.team_id = ANY(:teams)', { teams: [...subjects.teamIds] });
      }),
    );
  return qb.getMany();
}
