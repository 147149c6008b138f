import { registerEnumType } from 'type-graphql';
import {
  DateFilter,
  DateTimeFilter,
  FilterField,
  FilterInput,
  orderByInput,
  StringFilter,
} from '@sales-graph/shared/graphql/filters';

@FilterInput()
export class ExchangeRateFilter {
  @FilterField(() => StringFilter) currency?: StringFilter;
  @FilterField(() => DateFilter) effectiveDate?: DateFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum ExchangeRateOrderField {
  EFFECTIVE_DATE = 'effectiveDate',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(ExchangeRateOrderField, {
  name: 'ExchangeRateOrderField',
  description: 'What a list of exchange rates can be ordered by.',
  valuesConfig: {
    EFFECTIVE_DATE: { description: 'The first day a rate applies.' },
    CREATED_AT: { description: 'When the rate was entered.' },
    UPDATED_AT: { description: 'When the rate last changed (for incremental sync).' },
  },
});
export const ExchangeRateOrder = orderByInput('ExchangeRate', ExchangeRateOrderField);

/** What `exchangeRates(search:)` looks in. */
export const EXCHANGE_RATE_SEARCH = ['source'];
