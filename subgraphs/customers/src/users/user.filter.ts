import { ID, registerEnumType } from 'type-graphql';
import {
  DateTimeFilter,
  FilterField,
  FilterInput,
  IdFilter,
  orderByInput,
  StringFilter,
} from '@sales-graph/shared/graphql/filters';

const updatedAtDescription = 'Incremental sync: with orderBy UPDATED_AT.';

@FilterInput()
export class UserFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) sub?: StringFilter;
  @FilterField(() => StringFilter) role?: StringFilter;
  @FilterField(() => ID, { property: 'teamId', op: 'eq', description: "Only the team's members." })
  teamId?: string | null;
  @FilterField(() => Boolean, { op: 'eq', description: 'Only active (true) or departed (false) people.' })
  active?: boolean | null;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: updatedAtDescription }) updatedAt?: DateTimeFilter;
}

@FilterInput()
export class TeamFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) name?: StringFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: updatedAtDescription }) updatedAt?: DateTimeFilter;
}

@FilterInput()
export class TerritoryFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) name?: StringFilter;
  @FilterField(() => ID, { property: 'teamId', op: 'eq', description: "Only the team's territories." })
  teamId?: string | null;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: updatedAtDescription }) updatedAt?: DateTimeFilter;
}

export enum PeopleOrderField {
  NAME = 'name',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(PeopleOrderField, {
  name: 'PeopleOrderField',
  description: 'What a list of users, teams or territories can be ordered by.',
  valuesConfig: {
    NAME: { description: 'By name.' },
    CREATED_AT: { description: 'When the record was created.' },
    UPDATED_AT: { description: 'When the record last changed (for incremental sync).' },
  },
});
export const PeopleOrder = orderByInput('People', PeopleOrderField);

export const USER_SEARCH = ['name', 'email', 'sub'];
export const TEAM_SEARCH = ['name'];
export const TERRITORY_SEARCH = ['name'];
