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
