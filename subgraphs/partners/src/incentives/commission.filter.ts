import { registerEnumType } from 'type-graphql';
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
import { PartnerTier } from '../partners';

export const CommissionPlanTierFilter = enumFilter('CommissionPlanTier', PartnerTier);

@FilterInput()
export class CommissionPlanFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => CommissionPlanTierFilter, { property: 'tier' }) tier?: InstanceType<
    typeof CommissionPlanTierFilter
  >;
  @FilterField(() => StringFilter) currency?: StringFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum CommissionPlanOrderField {
  TIER = 'tier',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(CommissionPlanOrderField, {
  name: 'CommissionPlanOrderField',
  description: 'What a list of commission plans can be ordered by.',
  valuesConfig: {
    TIER: { description: 'The tier name (alphabetical).' },
    CREATED_AT: { description: 'When the plan was set.' },
    UPDATED_AT: { description: 'When the plan last changed (for incremental sync).' },
  },
});
export const CommissionPlanOrder = orderByInput('CommissionPlan', CommissionPlanOrderField);

/**
 * Conditions on commission payouts. A partner user's filter only narrows its row scope: naming
 * another partner's id answers no rows, as if that partner had none.
 */
@FilterInput()
export class CommissionPayoutFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => IdFilter, { description: "Only these partners' payouts." }) partnerId?: IdFilter;
  @FilterField(() => DateFilter, { description: 'The period paid: its first day.' })
  periodFrom?: DateFilter;
  @FilterField(() => DateFilter, { description: 'The period paid: its last day.' })
  periodTo?: DateFilter;
  @FilterField(() => DecimalFilter) amount?: DecimalFilter;
  @FilterField(() => StringFilter) currency?: StringFilter;
  @FilterField(() => DateTimeFilter, { description: 'When the payout was recorded.' })
  createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum CommissionPayoutOrderField {
  PERIOD_FROM = 'periodFrom',
  AMOUNT = 'amount',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(CommissionPayoutOrderField, {
  name: 'CommissionPayoutOrderField',
  description: 'What a list of commission payouts can be ordered by.',
  valuesConfig: {
    PERIOD_FROM: { description: 'The first day of the period paid.' },
    AMOUNT: { description: 'The amount paid (within one currency; amounts are not converted).' },
    CREATED_AT: { description: 'When the payout was recorded.' },
    UPDATED_AT: { description: 'When the payout last changed (for incremental sync).' },
  },
});
export const CommissionPayoutOrder = orderByInput('CommissionPayout', CommissionPayoutOrderField);

/** Payouts have no text to search. */
export const COMMISSION_PAYOUT_LIST = {
  typeName: 'CommissionPayout',
  filterType: CommissionPayoutFilter,
  searchIn: [] as string[],
};
