import { registerEnumType } from 'type-graphql';
import {
  DateFilter,
  DateTimeFilter,
  DecimalFilter,
  FilterField,
  FilterInput,
  IdFilter,
  orderByInput,
} from '@sales-graph/shared/graphql/filters';

@FilterInput()
export class QuotaFilter {
  @FilterField(() => IdFilter) userId?: IdFilter;
  @FilterField(() => IdFilter) teamId?: IdFilter;
  @FilterField(() => DateFilter) periodStart?: DateFilter;
  @FilterField(() => DecimalFilter) amount?: DecimalFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum QuotaOrderField {
  PERIOD_START = 'periodStart',
  AMOUNT = 'amount',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(QuotaOrderField, {
  name: 'QuotaOrderField',
  description: 'What a list of quotas can be ordered by.',
  valuesConfig: {
    PERIOD_START: { description: 'The first day of the period.' },
    AMOUNT: { description: 'The target amount (within one currency; amounts are not converted).' },
    CREATED_AT: { description: 'When the quota was set.' },
    UPDATED_AT: { description: 'When the quota last changed (for incremental sync).' },
  },
});
export const QuotaOrder = orderByInput('Quota', QuotaOrderField);
