import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { CrmUsersTeamsTerritories1764233200000 } from './1764233200000-CrmUsersTeamsTerritories';
import { Team, Territory, User } from './user.entity';
import { TeamResolver, TerritoryResolver, UserResolver } from './user.resolver';
import { teamsScale, usersScale } from './users.scale';
import { seedUsers } from './users.seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    User: true;
    Team: true;
    Territory: true;
  }
}

/** Every internal role reads our people; ADMIN manages them. Partner users get nothing. */
const PEOPLE = {
  ADMIN: ALL,
  SALES: READ,
  MARKETING: READ,
  SUPPORT: READ,
  CHANNEL_MANAGER: READ,
  ANALYST: READ,
};

/**
 * Our people: users kept from the identity provider's claims (`rememberUser`, on a request),
 * teams with a manager and members, territories (sets of regions, each covered by a team).
 */
export default defineModule({
  name: 'users',
  entities: [User, Team, Territory],
  migrations: [CrmUsersTeamsTerritories1764233200000],
  resolvers: [UserResolver, TeamResolver, TerritoryResolver],
  permissions: { User: PEOPLE, Team: PEOPLE, Territory: PEOPLE },
  seeds: [{ order: 91, after: ['baseline'], run: seedUsers }],
  scale: [teamsScale, usersScale],
});
