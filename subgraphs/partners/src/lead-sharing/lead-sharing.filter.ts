import { ID, registerEnumType } from 'type-graphql';
import {
  DateTimeFilter,
  enumFilter,
  FilterField,
  FilterInput,
  IdFilter,
  IntFilter,
  orderByInput,
  StringFilter,
} from '@sales-graph/shared/graphql/filters';
import type { SortKey } from '@sales-graph/shared/graphql/pagination';
import { PartnerTierFilter } from '../partners';
import { LeadOfferStatus } from './lead-sharing.entity';

export const LeadOfferStatusFilter = enumFilter('LeadOfferStatus', LeadOfferStatus);

/**
 * Conditions on lead offers. `status`, `partnerId` and `leadId` are the list's first (plain)
 * fields, kept as they were; the operator fields beside them add lists and periods.
 */
@FilterInput()
export class LeadOfferFilter {
  @FilterField(() => LeadOfferStatus, { op: 'eq', description: 'Only offers in this status.' })
  status?: LeadOfferStatus | null;
  @FilterField(() => ID, { op: 'eq', description: 'Only offers to this partner (internal roles).' })
  partnerId?: string | null;
  @FilterField(() => ID, { op: 'eq', description: 'Only offers of this lead.' })
  leadId?: string | null;
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => LeadOfferStatusFilter, { property: 'status' })
  statusIs?: InstanceType<typeof LeadOfferStatusFilter>;
  @FilterField(() => IdFilter, { property: 'partnerId' }) partnerIdIs?: IdFilter;
  @FilterField(() => DateTimeFilter, { description: 'Only offers made in this period.' })
  offeredAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Only offers due for an answer in this period.' })
  respondBy?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Only offers answered (or closed) in this period.' })
  respondedAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum LeadOfferOrderField {
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
  OFFERED_AT = 'offeredAt',
  RESPOND_BY = 'respondBy',
}
registerEnumType(LeadOfferOrderField, {
  name: 'LeadOfferOrderField',
  description: 'What a list of lead offers can be ordered by.',
  valuesConfig: {
    CREATED_AT: { description: 'When the offer was created.' },
    UPDATED_AT: { description: 'When the offer last changed (for incremental sync).' },
    OFFERED_AT: { description: 'When the lead was offered.' },
    RESPOND_BY: { description: 'When the partner must answer by.' },
  },
});
export const LeadOfferOrder = orderByInput('LeadOffer', LeadOfferOrderField);

export const LEAD_OFFER_LIST = { typeName: 'LeadOffer', filterType: LeadOfferFilter, searchIn: [] };

@FilterInput()
export class DistributionRuleFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) name?: StringFilter;
  @FilterField(() => Boolean, { op: 'eq', description: 'Only rules that route leads (true) or not (false).' })
  enabled?: boolean | null;
  @FilterField(() => IntFilter) priority?: IntFilter;
  @FilterField(() => StringFilter) region?: StringFilter;
  @FilterField(() => StringFilter) industry?: StringFilter;
  @FilterField(() => PartnerTierFilter) minTier?: InstanceType<typeof PartnerTierFilter>;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum DistributionRuleOrderField {
  PRIORITY = 'priority',
  NAME = 'name',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(DistributionRuleOrderField, {
  name: 'DistributionRuleOrderField',
  description: 'What a list of distribution rules can be ordered by.',
  valuesConfig: {
    PRIORITY: { description: 'The order rules are tried in (lower first): the default.' },
    NAME: { description: 'The rule name.' },
    CREATED_AT: { description: 'When the rule was created.' },
    UPDATED_AT: { description: 'When the rule last changed (for incremental sync).' },
  },
});
export const DistributionRuleOrder = orderByInput('DistributionRule', DistributionRuleOrderField);

/** Rules are listed in the order they are tried unless `orderBy` says otherwise. */
const TRIED_ORDER: SortKey = { property: 'priority', direction: 'ASC' };

export const DISTRIBUTION_RULE_LIST = {
  typeName: 'DistributionRule',
  filterType: DistributionRuleFilter,
  searchIn: ['name'],
  defaultSort: TRIED_ORDER,
};
