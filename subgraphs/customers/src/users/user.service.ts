import type { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Identity } from '@sales-graph/shared/auth/identity';
import type { RequestContext } from '@sales-graph/shared/context';
import { assertId, BadUserInputError, isUuid, NotFoundError } from '@sales-graph/shared/errors';
import type { FilterOperator, ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { Connection, ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { uniqueViolationAs } from '@sales-graph/shared/db/unique-violation';
import { logger } from '@sales-graph/shared/log';
import { LruCache } from '@sales-graph/shared/lru';
import { currentRequest, runInScope } from '@sales-graph/shared/request-scope';
import { requiredText } from '@sales-graph/shared/validation';
import { Team, Territory, User } from './user.entity';
import {
  TEAM_SEARCH,
  TeamFilter,
  TERRITORY_SEARCH,
  TerritoryFilter,
  USER_SEARCH,
  UserFilter,
} from './user.filter';
import type { TeamInput, TerritoryInput } from './user.input';
import { assertRegionsFree, claimsKey, isInternalPerson, normaliseRegions } from './user.rules';

export const userRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(User);
export const teamRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Team);
export const territoryRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Territory);

// ── Users from the identity provider's claims ──────────────────────────────────────────────────

/** Per data source: the claims already kept (by sub, their key), so a request costs no statement. */
const remembered = new WeakMap<DataSource, LruCache<string, string>>();
const REMEMBERED_USERS = 10_000;

/**
 * Keeps one of our people as a User from their verified identity: one upsert on the first request
 * of this process for a sub, and again only when their claims (role, name, email) change; every
 * other request costs nothing. Partner users, services, applicants and API keys get no User. A
 * failure is logged and retried on the next request, never the request's failure.
 */
export async function rememberUser(dataSource: DataSource, identity: Identity): Promise<void> {
  if (!isInternalPerson(identity)) return;
  let cache = remembered.get(dataSource);
  if (!cache) remembered.set(dataSource, (cache = new LruCache(REMEMBERED_USERS)));
  const key = claimsKey(identity);
  if (cache.get(identity.sub) === key) return;
  cache.set(identity.sub, key);
  try {
    // Bookkeeping once per person and process, not the request's own work: statement counts
    // (the headline, flat growth) leave it out as they leave out background work.
    const scope = currentRequest();
    const upsert = () =>
      dataSource.query(
        `INSERT INTO crm.users (sub, name, email, role, last_seen_at, created_by)
       VALUES ($1, $2, $3, $4, now(), $1)
       ON CONFLICT (sub) DO UPDATE SET
         name = COALESCE(EXCLUDED.name, users.name),
         email = COALESCE(EXCLUDED.email, users.email),
         role = EXCLUDED.role,
         last_seen_at = now(),
         updated_at = now()`,
        [identity.sub, identity.name ?? null, identity.email ?? null, identity.role],
      );
    await (scope ? runInScope({ ...scope, background: true }, upsert) : upsert());
  } catch (error) {
    cache.delete(identity.sub);
    logger('customers').warn('could not keep the user of a request:', error);
  }
}

/** Forgets what `rememberUser` kept for a data source (a test that starts cold). */
export const forgetRememberedUsers = (dataSource: DataSource): void => void remembered.delete(dataSource);

// ── Reads ──────────────────────────────────────────────────────────────────────────────────────

export async function getUser(ctx: RequestContext, id: string): Promise<User> {
  const user = await ctx.loaders.byId(userRepo(ctx)).load(assertId('User', id));
  if (!user) throw new NotFoundError('User', id);
  return user;
}

/** The User an owner field names (owners are kept by `sub`); null for a sub no request brought. */
export const findUserBySub = (ctx: RequestContext, sub: string | null): Promise<User | null> =>
  sub ? ctx.loaders.oneBy(userRepo(ctx), 'sub').load(sub) : Promise.resolve(null);

export const findUser = (ctx: RequestContext, id: string | null): Promise<User | null> =>
  id ? ctx.loaders.byId(userRepo(ctx)).load(id) : Promise.resolve(null);

export const findTeam = (ctx: RequestContext, id: string | null): Promise<Team | null> =>
  id ? ctx.loaders.byId(teamRepo(ctx)).load(id) : Promise.resolve(null);

/** The members of a team now (by sub), through the request's loader. */
export const teamMembers = (ctx: RequestContext, teamId: string): Promise<User[]> =>
  ctx.loaders.manyBy(userRepo(ctx), 'teamId', { sub: 'ASC' }).load(teamId);

/** The teams a user manages, through the request's loader. */
export const teamsManagedBy = (ctx: RequestContext, userId: string): Promise<Team[]> =>
  ctx.loaders.manyBy(teamRepo(ctx), 'managerId', { name: 'ASC', id: 'ASC' }).load(userId);

/** The team of a user now, in the caller's transaction (null: no team, or no such user). */
export async function teamIdOfUser(manager: EntityManager, userId: string): Promise<string | null> {
  const rows: { team_id: string | null }[] = await manager.query(
    `SELECT team_id FROM crm.users WHERE id = $1`,
    [userId],
  );
  return rows[0]?.team_id ?? null;
}

/**
 * SQL: the `id`s or `sub`s of the members of the team(s) `teamCondition` selects (`= $1`,
 * `= ANY(:teams)`), as an array: an InitPlan, then the caller's index with `= ANY`.
 */
export const teamMembersSql = (column: 'id' | 'sub', teamCondition: string): string =>
  `ARRAY(SELECT team_user.${column} FROM crm.users team_user WHERE team_user.team_id ${teamCondition})`;

/**
 * SQL to join the owner (a sub, `ownerSubSql`) of each row to its team: the LEFT JOIN clause,
 * and the team id (null for no team, or a sub no request brought) as an expression.
 */
export const ownerTeamJoinSql = (
  ownerSubSql: string,
  alias = 'owner_user',
): { join: string; teamId: string } => ({
  join: `LEFT JOIN crm.users ${alias} ON ${alias}.sub = ${ownerSubSql}`,
  teamId: `${alias}.team_id`,
});

/**
 * `ownerTeamJoinSql` for another module's query builder: joins the owner's user (alias `alias`,
 * by `ownerSubSql`, the owner's sub) and answers the SQL of the owner's team id now (null for an
 * owner who is no user or has no team). One hash join of our (few) users, still one statement.
 */
export function joinOwnerTeam<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  ownerSubSql: string,
  alias = 'owner_user',
): string {
  qb.leftJoin(User, alias, `"${alias}"."sub" = ${ownerSubSql}`);
  return `"${alias}"."team_id"`;
}

/** A user named by an argument: BAD_USER_INPUT (naming `field`) for a malformed or unknown id. */
export async function knownUser(ctx: RequestContext, id: string, field: string): Promise<User> {
  const user = isUuid(id) ? await ctx.loaders.byId(userRepo(ctx)).load(id.toLowerCase()) : null;
  if (!user) throw new BadUserInputError(`No user ${id}`, field);
  return user;
}

/**
 * The user a record may be handed to: BAD_USER_INPUT for an unknown id or a departed person
 * (`field` names the argument).
 */
export async function assignableUser(ctx: RequestContext, id: string, field: string): Promise<User> {
  const user = await knownUser(ctx, id, field);
  if (!user.active) throw new BadUserInputError(`User ${user.name ?? user.sub} is no longer active`, field);
  return user;
}

/**
 * The `teamId` filter of an owned list (deals, leads, customers, tickets, activities): records
 * whose owner (a sub) is a member of the team(s), as one semi-join on the owner index.
 */
export const OWNER_TEAM_FILTER = {
  property: 'ownerId',
  description: "Only records whose owner is a member of this team (the owner's `team`).",
  normalise: (value: unknown): string => {
    if (typeof value !== 'string' || !isUuid(value)) {
      throw new BadUserInputError('teamId must be a valid id', 'filter.teamId');
    }
    return value.toLowerCase();
  },
  // An array of the team's subs first (an InitPlan), then the owner index with `= ANY`: the
  // plan a list of owners gets, whatever the size of the table.
  where: (column: string, param: string, op: FilterOperator): string =>
    `${column} = ANY(${teamMembersSql('sub', op === 'in' ? `= ANY(:${param})` : `= :${param}`)})`,
};

export const listUsers = (
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<User>> => {
  const repo = userRepo(ctx);
  return listPage(
    ctx,
    repo,
    repo.createQueryBuilder('user'),
    { typeName: 'User', filterType: UserFilter, searchIn: USER_SEARCH },
    args,
    query,
  );
};

export const listTeams = (
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<Team>> => {
  const repo = teamRepo(ctx);
  return listPage(
    ctx,
    repo,
    repo.createQueryBuilder('team'),
    { typeName: 'Team', filterType: TeamFilter, searchIn: TEAM_SEARCH },
    args,
    query,
  );
};

export const listTerritories = (
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<Territory>> => {
  const repo = territoryRepo(ctx);
  return listPage(
    ctx,
    repo,
    repo.createQueryBuilder('territory'),
    { typeName: 'Territory', filterType: TerritoryFilter, searchIn: TERRITORY_SEARCH },
    args,
    query,
  );
};

/** The territory covering a sales region, if any (a region is in one territory at most). */
export async function territoryOfRegion(ctx: RequestContext, region: string): Promise<Territory | null> {
  return territoryRepo(ctx)
    .createQueryBuilder('territory')
    .where(':region = ANY(territory.regions)', { region })
    .getOne();
}

// ── Teams and territories (ADMIN) ─────────────────────────────────────────────────────────────

const saveUnique = <T>(save: () => Promise<T>, what: string): Promise<T> =>
  save().catch(uniqueViolationAs(`${what} already exists`, 'name'));

async function managerOf(ctx: RequestContext, managerId: string | null | undefined): Promise<string | null> {
  if (!managerId) return null;
  return (await assignableUser(ctx, managerId, 'managerId')).id;
}

export async function createTeam(ctx: RequestContext, input: TeamInput): Promise<Team> {
  const name = requiredText(input.name, 'name');
  const managerId = await managerOf(ctx, input.managerId);
  return ctx.dataSource.transaction((manager) =>
    saveUnique(
      () => manager.save(manager.create(Team, { name, managerId, createdBy: ctx.identity.sub })),
      `A team named ${name}`,
    ),
  );
}

export async function updateTeam(ctx: RequestContext, id: string, input: TeamInput): Promise<Team> {
  const name = requiredText(input.name, 'name');
  const managerId = await managerOf(ctx, input.managerId);
  return ctx.dataSource.transaction(async (manager) => {
    const team = await manager.findOne(Team, {
      where: { id: assertId('Team', id) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!team) throw new NotFoundError('Team', id);
    Object.assign(team, { name, managerId });
    return saveUnique(() => manager.save(team), `A team named ${name}`);
  });
}

/** Puts users in a team (or, with `teamId` null, in none): each user is in one team at most. */
export async function setUsersTeam(
  ctx: RequestContext,
  userIds: readonly string[],
  teamId: string | null,
): Promise<User[]> {
  if (userIds.length === 0 || userIds.length > 100) {
    throw new BadUserInputError('Give between 1 and 100 users', 'userIds');
  }
  const ids = [...new Set(userIds.map((id) => assertId('User', id)))];
  return ctx.dataSource.transaction(async (manager) => {
    if (teamId && !(await manager.findOne(Team, { where: { id: assertId('Team', teamId) } }))) {
      throw new NotFoundError('Team', teamId);
    }
    const users = await manager.find(User, {
      where: ids.map((id) => ({ id })),
      order: { createdAt: 'ASC', id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const missing = ids.find((id) => !users.some((user) => user.id === id));
    if (missing) throw new BadUserInputError(`No user ${missing}`, 'userIds');
    for (const user of users) user.teamId = teamId;
    return manager.save(users);
  });
}

/** Marks a person as departed (or back): a departed person gets no new records. */
export async function setUserActive(ctx: RequestContext, id: string, active: boolean): Promise<User> {
  return ctx.dataSource.transaction(async (manager) => {
    const user = await manager.findOne(User, {
      where: { id: assertId('User', id) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!user) throw new NotFoundError('User', id);
    if (user.active === active) return user;
    user.active = active;
    return manager.save(user);
  });
}

async function territoryValues(ctx: RequestContext, input: TerritoryInput, exceptId: string | null) {
  const name = requiredText(input.name, 'name');
  const regions = normaliseRegions(input.regions);
  const teamId = input.teamId.toLowerCase();
  if (!isUuid(teamId) || !(await ctx.loaders.byId(teamRepo(ctx)).load(teamId))) {
    throw new BadUserInputError(`No team ${input.teamId}`, 'teamId');
  }
  return { name, regions, teamId, exceptId };
}

async function saveTerritory(
  ctx: RequestContext,
  values: Awaited<ReturnType<typeof territoryValues>>,
  id: string | null,
): Promise<Territory> {
  return ctx.dataSource.transaction(async (manager) => {
    // One writer of territories at a time: two territories may not take the same region at once.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('crm.territories'))`);
    const others = await manager
      .createQueryBuilder(Territory, 'territory')
      .where('territory.regions && :regions', { regions: values.regions })
      .andWhere(id ? 'territory.id <> :id' : 'TRUE', { id })
      .getMany();
    assertRegionsFree(values.regions, others);
    const { name, regions, teamId } = values;
    if (!id) {
      return saveUnique(
        () => manager.save(manager.create(Territory, { name, regions, teamId, createdBy: ctx.identity.sub })),
        `A territory named ${name}`,
      );
    }
    const territory = await manager.findOne(Territory, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!territory) throw new NotFoundError('Territory', id);
    Object.assign(territory, { name, regions, teamId });
    return saveUnique(() => manager.save(territory), `A territory named ${name}`);
  });
}

export async function createTerritory(ctx: RequestContext, input: TerritoryInput): Promise<Territory> {
  return saveTerritory(ctx, await territoryValues(ctx, input, null), null);
}

export async function updateTerritory(
  ctx: RequestContext,
  id: string,
  input: TerritoryInput,
): Promise<Territory> {
  const territoryId = assertId('Territory', id);
  return saveTerritory(ctx, await territoryValues(ctx, input, territoryId), territoryId);
}
