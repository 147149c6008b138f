import { ID, registerEnumType } from 'type-graphql';
import {
  DateTimeFilter,
  enumFilter,
  FilterField,
  FilterInput,
  IdFilter,
  orderByInput,
  StringFilter,
} from '@sales-graph/shared/graphql/filters';
import { OWNER_TEAM_FILTER } from '../users';
import { ActivityType } from './activity.entity';

export const ActivityTypeFilter = enumFilter('ActivityType', ActivityType);

@FilterInput()
export class ActivityFilter {
  @FilterField(() => ID, { op: 'eq', description: 'Shorthand for `customerIdIs: { eq }`.' })
  customerId?: string | null;
  @FilterField(() => ActivityType, { op: 'eq', description: 'Shorthand for `typeIs: { eq }`.' })
  type?: ActivityType | null;
  @FilterField(() => Date, {
    property: 'updatedAt',
    op: 'gte',
    description: 'Only records updated at or after this instant (`updatedAt: { gte }`).',
  })
  updatedSince?: Date | null;
  @FilterField(() => Date, {
    property: 'updatedAt',
    op: 'lt',
    description: 'Only records updated before this instant (`updatedAt: { lt }`).',
  })
  updatedBefore?: Date | null;
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) subject?: StringFilter;
  @FilterField(() => ActivityTypeFilter, { property: 'type' }) typeIs?: InstanceType<
    typeof ActivityTypeFilter
  >;
  @FilterField(() => IdFilter, { property: 'customerId' }) customerIdIs?: IdFilter;
  @FilterField(() => IdFilter) ownerId?: IdFilter;
  @FilterField(() => IdFilter, OWNER_TEAM_FILTER) teamId?: IdFilter;
  @FilterField(() => DateTimeFilter) occurredAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter) dueAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum ActivityOrderField {
  OCCURRED_AT = 'occurredAt',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(ActivityOrderField, {
  name: 'ActivityOrderField',
  description: 'What a list of activities can be ordered by.',
  valuesConfig: {
    OCCURRED_AT: { description: 'When the activity happened.' },
    CREATED_AT: { description: 'When the activity was logged.' },
    UPDATED_AT: { description: 'When the activity last changed (for incremental sync).' },
  },
});
export const ActivityOrder = orderByInput('Activity', ActivityOrderField);

/** What `activities(search:)` looks in. */
export const ACTIVITY_SEARCH = ['subject'];
