import { registerEnumType } from 'type-graphql';
import {
  DateFilter,
  DateTimeFilter,
  DecimalFilter,
  FilterField,
  FilterInput,
  IdFilter,
  orderByInput,
  StringFilter,
} from '@sales-graph/shared/graphql/filters';

@FilterInput()
export class MdfBudgetFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) name?: StringFilter;
  @FilterField(() => DateFilter, { description: 'The period: the first day the budget covers.' })
  periodFrom?: DateFilter;
  @FilterField(() => DateFilter, { description: 'The period: the last day the budget covers.' })
  periodTo?: DateFilter;
  @FilterField(() => DecimalFilter) amount?: DecimalFilter;
  @FilterField(() => StringFilter) currency?: StringFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum MdfBudgetOrderField {
  NAME = 'name',
  PERIOD_FROM = 'periodFrom',
  AMOUNT = 'amount',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(MdfBudgetOrderField, {
  name: 'MdfBudgetOrderField',
  description: 'What a list of MDF budgets can be ordered by.',
  valuesConfig: {
    NAME: { description: 'The budget name.' },
    PERIOD_FROM: { description: 'The first day the budget covers.' },
    AMOUNT: { description: 'Total funds (within one currency; amounts are not converted).' },
    CREATED_AT: { description: 'When the budget was created.' },
    UPDATED_AT: { description: 'When the budget last changed (for incremental sync).' },
  },
});
export const MdfBudgetOrder = orderByInput('MdfBudget', MdfBudgetOrderField);

/** What `mdfBudgets(search:)` looks in. */
export const MDF_BUDGET_SEARCH = ['name'];
