import { ID, registerEnumType } from 'type-graphql';
import {
  DateFilter,
  DateTimeFilter,
  DecimalFilter,
  enumFilter,
  FilterField,
  FilterInput,
  IdFilter,
  orderByInput,
  StringFilter,
} from '@sales-graph/shared/graphql/filters';
import { OWNER_TEAM_FILTER } from '../users';
import { DealStage } from './deal.entity';

export const DealStageFilter = enumFilter('DealStage', DealStage);

@FilterInput()
export class DealFilter {
  @FilterField(() => DealStage, { op: 'eq', description: 'Shorthand for `stageIs: { eq }`.' })
  stage?: DealStage | null;
  @FilterField(() => ID, { op: 'eq', description: 'Shorthand for `customerIdIs: { eq }`.' })
  customerId?: string | null;
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) title?: StringFilter;
  @FilterField(() => DecimalFilter) amount?: DecimalFilter;
  @FilterField(() => DealStageFilter, { property: 'stage' }) stageIs?: InstanceType<typeof DealStageFilter>;
  @FilterField(() => IdFilter, { property: 'customerId' }) customerIdIs?: IdFilter;
  @FilterField(() => IdFilter) ownerId?: IdFilter;
  @FilterField(() => IdFilter, OWNER_TEAM_FILTER) teamId?: IdFilter;
  @FilterField(() => DateFilter) expectedCloseDate?: DateFilter;
  @FilterField(() => DateTimeFilter) closedAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum DealOrderField {
  AMOUNT = 'amount',
  EXPECTED_CLOSE_DATE = 'expectedCloseDate',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(DealOrderField, {
  name: 'DealOrderField',
  description: 'What a list of deals can be ordered by.',
  valuesConfig: {
    AMOUNT: { description: 'The deal amount (within one currency; amounts are not converted).' },
    CREATED_AT: { description: 'When the deal was created.' },
    UPDATED_AT: { description: 'When the deal last changed (for incremental sync).' },
    EXPECTED_CLOSE_DATE: { description: 'Deals without a date come last ascending.' },
  },
});
export const DealOrder = orderByInput('Deal', DealOrderField);

/** What `deals(search:)` looks in. */
export const DEAL_SEARCH = ['title'];
