import { registerEnumType } from 'type-graphql';
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
import { LifecycleStage } from './customer.entity';

export const LifecycleStageFilter = enumFilter('LifecycleStage', LifecycleStage);

@FilterInput()
export class CustomerFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) name?: StringFilter;
  @FilterField(() => StringFilter) domain?: StringFilter;
  @FilterField(() => StringFilter) industry?: StringFilter;
  @FilterField(() => StringFilter) region?: StringFilter;
  @FilterField(() => LifecycleStageFilter) lifecycleStage?: InstanceType<typeof LifecycleStageFilter>;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => IdFilter, {
    description: 'Only records owned by these users (their `sub`, as `ownerId` holds it).',
  })
  ownerId?: IdFilter;
  @FilterField(() => IdFilter, OWNER_TEAM_FILTER) teamId?: IdFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum CustomerOrderField {
  NAME = 'name',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(CustomerOrderField, {
  name: 'CustomerOrderField',
  description: 'What a list of customers can be ordered by.',
  valuesConfig: {
    NAME: { description: 'Company name.' },
    CREATED_AT: { description: 'When the customer was created.' },
    UPDATED_AT: { description: 'When the customer last changed (for incremental sync).' },
  },
});
export const CustomerOrder = orderByInput('Customer', CustomerOrderField);

/** What `customers(search:)` looks in. */
export const CUSTOMER_SEARCH = ['name', 'domain'];
