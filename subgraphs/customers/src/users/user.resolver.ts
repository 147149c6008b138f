import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import { Team, TeamConnection, Territory, TerritoryConnection, User, UserConnection } from './user.entity';
import { PeopleOrder, TeamFilter, TerritoryFilter, UserFilter } from './user.filter';
import { TeamInput, TerritoryInput } from './user.input';
import {
  createTeam,
  createTerritory,
  findTeam,
  findUser,
  getUser,
  listTeams,
  listTerritories,
  listUsers,
  setUserActive,
  setUsersTeam,
  territoryRepo,
  updateTeam,
  updateTerritory,
  userRepo,
} from './user.service';

const ORDER = { description: 'The order of the list; creation order when omitted.', nullable: true };
const SEARCH = { nullable: true, description: 'Name contains this, ignoring case.' };
const INTERNAL =
  'Roles: ADMIN, SALES, MARKETING, SUPPORT, CHANNEL_MANAGER and ANALYST (never partner users).';

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, {
    nullable: true,
    description: `One of our people by id. ${INTERNAL} Null, with NOT_FOUND, when there is no such user.`,
  })
  async user(@Arg('id', () => ID, { description: "The user's id." }) id: string, @Ctx() ctx: RequestContext) {
    authorize(ctx.identity, 'read', 'User');
    return getUser(ctx, id);
  }

  @Query(() => UserConnection, { description: `Our people, kept from the identity provider. ${INTERNAL}` })
  async users(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => UserFilter, { nullable: true, description: 'Only users meeting these conditions.' })
    filter: UserFilter | undefined,
    @Arg('orderBy', () => PeopleOrder, ORDER) orderBy: OrderByValue | undefined,
    @Arg('search', () => String, {
      nullable: true,
      description: 'Name, email or sub contains this, ignoring case.',
    })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<User>> {
    authorize(ctx.identity, 'read', 'User');
    return listUsers(ctx, args, { filter, orderBy, search });
  }

  @Mutation(() => User, { description: 'Marks a person as departed (false) or back (true). Roles: ADMIN.' })
  async setUserActive(
    @Arg('id', () => ID, { description: 'The user.' }) id: string,
    @Arg('active', () => Boolean, { description: 'False when the person left.' }) active: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<User> {
    authorize(ctx.identity, 'update', 'User');
    return setUserActive(ctx, id, active);
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team the person is in, if any.' })
  async team(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Team | null> {
    authorize(ctx.identity, 'read', 'Team');
    return findTeam(ctx, user.teamId);
  }
}

@Resolver(() => Team)
export class TeamResolver {
  @Query(() => TeamConnection, { description: `Sales teams. ${INTERNAL}` })
  async teams(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => TeamFilter, { nullable: true, description: 'Only teams meeting these conditions.' })
    filter: TeamFilter | undefined,
    @Arg('orderBy', () => PeopleOrder, ORDER) orderBy: OrderByValue | undefined,
    @Arg('search', () => String, SEARCH) search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Team>> {
    authorize(ctx.identity, 'read', 'Team');
    return listTeams(ctx, args, { filter, orderBy, search });
  }

  @Mutation(() => Team, { description: 'Creates a team. Roles: ADMIN.' })
  async createTeam(
    @Arg('input', () => TeamInput, { description: 'The new team.' }) input: TeamInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Team> {
    authorize(ctx.identity, 'create', 'Team');
    return createTeam(ctx, input);
  }

  @Mutation(() => Team, { description: 'Renames a team or changes its manager. Roles: ADMIN.' })
  async updateTeam(
    @Arg('id', () => ID, { description: 'The team.' }) id: string,
    @Arg('input', () => TeamInput, { description: 'Its name and manager.' }) input: TeamInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Team> {
    authorize(ctx.identity, 'update', 'Team');
    return updateTeam(ctx, id, input);
  }

  @Mutation(() => [User], {
    description:
      'Puts people in a team (each is in one team at most), or in none with teamId null. Roles: ADMIN.',
  })
  async setUsersTeam(
    @Arg('userIds', () => [ID], { description: 'The people (1 to 100).' }) userIds: string[],
    @Arg('teamId', () => ID, { nullable: true, description: 'Their team; null for none.' })
    teamId: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<User[]> {
    authorize(ctx.identity, 'update', 'Team');
    return setUsersTeam(ctx, userIds, teamId ?? null);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who manages the team.' })
  async manager(@Root() team: Team, @Ctx() ctx: RequestContext): Promise<User | null> {
    authorize(ctx.identity, 'read', 'User');
    return findUser(ctx, team.managerId);
  }

  @FieldResolver(() => UserConnection, { description: 'Its members, in the order they were first seen.' })
  async members(
    @Root() team: Team,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'read', 'User');
    return ctx.loaders.connection(userRepo(ctx), 'teamId', args).load(team.id);
  }

  @FieldResolver(() => TerritoryConnection, { description: 'The territories it covers.' })
  async territories(
    @Root() team: Team,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'read', 'Territory');
    return ctx.loaders.connection(territoryRepo(ctx), 'teamId', args).load(team.id);
  }
}

@Resolver(() => Territory)
export class TerritoryResolver {
  @Query(() => TerritoryConnection, {
    description: `Territories: sets of regions, each covered by a team. ${INTERNAL}`,
  })
  async territories(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => TerritoryFilter, {
      nullable: true,
      description: 'Only territories meeting these conditions.',
    })
    filter: TerritoryFilter | undefined,
    @Arg('orderBy', () => PeopleOrder, ORDER) orderBy: OrderByValue | undefined,
    @Arg('search', () => String, SEARCH) search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Territory>> {
    authorize(ctx.identity, 'read', 'Territory');
    return listTerritories(ctx, args, { filter, orderBy, search });
  }

  @Mutation(() => Territory, { description: 'Creates a territory for a team. Roles: ADMIN.' })
  async createTerritory(
    @Arg('input', () => TerritoryInput, { description: 'The new territory.' }) input: TerritoryInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Territory> {
    authorize(ctx.identity, 'create', 'Territory');
    return createTerritory(ctx, input);
  }

  @Mutation(() => Territory, {
    description: 'Changes a territory: its name, regions or team (assigns it to another team). Roles: ADMIN.',
  })
  async updateTerritory(
    @Arg('id', () => ID, { description: 'The territory.' }) id: string,
    @Arg('input', () => TerritoryInput, { description: 'Its name, regions and team.' }) input: TerritoryInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Territory> {
    authorize(ctx.identity, 'update', 'Territory');
    return updateTerritory(ctx, id, input);
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team covering it.' })
  async team(@Root() territory: Territory, @Ctx() ctx: RequestContext): Promise<Team | null> {
    authorize(ctx.identity, 'read', 'Team');
    return findTeam(ctx, territory.teamId);
  }
}
