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
import { MdfClaimStatus, MdfRequestStatus } from './mdf.entity';

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

export const MdfRequestStatusFilter = enumFilter('MdfRequestStatus', MdfRequestStatus);
export const MdfClaimStatusFilter = enumFilter('MdfClaimStatus', MdfClaimStatus);

/**
 * Conditions on MDF requests. A partner user's filter only narrows its row scope: naming another
 * partner's id answers no rows, as if that partner had none.
 */
@FilterInput()
export class MdfRequestFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => IdFilter, { description: "Only these partners' requests." }) partnerId?: IdFilter;
  @FilterField(() => IdFilter, { description: 'Only requests against these allocations.' })
  allocationId?: IdFilter;
  @FilterField(() => MdfRequestStatusFilter, { property: 'status' }) status?: InstanceType<
    typeof MdfRequestStatusFilter
  >;
  @FilterField(() => StringFilter) activity?: StringFilter;
  @FilterField(() => DecimalFilter) amount?: DecimalFilter;
  @FilterField(() => StringFilter) currency?: StringFilter;
  @FilterField(() => DateTimeFilter, { description: 'The period: when the request was submitted.' })
  createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Only requests decided in this period.' })
  reviewedAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum MdfRequestOrderField {
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
  REVIEWED_AT = 'reviewedAt',
  AMOUNT = 'amount',
}
registerEnumType(MdfRequestOrderField, {
  name: 'MdfRequestOrderField',
  description: 'What a list of MDF requests can be ordered by.',
  valuesConfig: {
    CREATED_AT: { description: 'When the request was submitted.' },
    UPDATED_AT: { description: 'When the request last changed (for incremental sync).' },
    REVIEWED_AT: { description: 'When it was decided; undecided ones come last ascending.' },
    AMOUNT: { description: 'The amount requested (within one currency; amounts are not converted).' },
  },
});
export const MdfRequestOrder = orderByInput('MdfRequest', MdfRequestOrderField);

/** What `mdfRequests(search:)` looks in: the marketing activity. */
export const MDF_REQUEST_LIST = {
  typeName: 'MdfRequest',
  filterType: MdfRequestFilter,
  searchIn: ['activity'],
};

/** Conditions on MDF claims; like requests, a partner's filter only narrows its row scope. */
@FilterInput()
export class MdfClaimFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => IdFilter, { description: "Only these partners' claims." }) partnerId?: IdFilter;
  @FilterField(() => IdFilter, { description: 'Only claims against these MDF requests.' })
  requestId?: IdFilter;
  @FilterField(() => MdfClaimStatusFilter, { property: 'status' }) status?: InstanceType<
    typeof MdfClaimStatusFilter
  >;
  @FilterField(() => DecimalFilter) amount?: DecimalFilter;
  @FilterField(() => StringFilter) currency?: StringFilter;
  @FilterField(() => DateTimeFilter, { description: 'The period: when the claim was submitted.' })
  createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Only claims paid in this period.' })
  paidAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum MdfClaimOrderField {
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
  PAID_AT = 'paidAt',
  AMOUNT = 'amount',
}
registerEnumType(MdfClaimOrderField, {
  name: 'MdfClaimOrderField',
  description: 'What a list of MDF claims can be ordered by.',
  valuesConfig: {
    CREATED_AT: { description: 'When the claim was submitted.' },
    UPDATED_AT: { description: 'When the claim last changed (for incremental sync).' },
    PAID_AT: { description: 'When it was paid; unpaid ones come last ascending.' },
    AMOUNT: { description: 'The amount claimed (within one currency; amounts are not converted).' },
  },
});
export const MdfClaimOrder = orderByInput('MdfClaim', MdfClaimOrderField);

/** Claims have no text to search (their proof is a list of references). */
export const MDF_CLAIM_LIST = { typeName: 'MdfClaim', filterType: MdfClaimFilter, searchIn: [] as string[] };
