export { Team, Territory, User } from './user.entity';
export {
  assignableUser,
  knownUser,
  findTeam,
  findUser,
  findUserBySub,
  joinOwnerTeam,
  OWNER_TEAM_FILTER,
  ownerTeamJoinSql,
  rememberUser,
  teamIdOfUser,
  teamMembers,
  teamMembersSql,
  teamsManagedBy,
  territoryOfRegion,
} from './user.service';
export { INTERNAL_ROLES } from './user.rules';
export { OwnedRecordType, saveOwner, type Ownable, type OwnedRow } from './ownable';
