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
import { PartnerStatus, PartnerTier, PartnerType } from './partner.entity';

export const PartnerTypeFilter = enumFilter('PartnerType', PartnerType);
export const PartnerTierFilter = enumFilter('PartnerTier', PartnerTier);
export const PartnerStatusFilter = enumFilter('PartnerStatus', PartnerStatus);

/** Conditions on partners: the `partners` list and the tier lists that answer a PartnerConnection. */
@FilterInput()
export class PartnerFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) name?: StringFilter;
  @FilterField(() => PartnerTypeFilter) type?: InstanceType<typeof PartnerTypeFilter>;
  @FilterField(() => PartnerTierFilter) tier?: InstanceType<typeof PartnerTierFilter>;
  @FilterField(() => PartnerStatusFilter) status?: InstanceType<typeof PartnerStatusFilter>;
  @FilterField(() => StringFilter) region?: StringFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum PartnerOrderField {
  NAME = 'name',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(PartnerOrderField, {
  name: 'PartnerOrderField',
  description: 'What a list of partners can be ordered by.',
  valuesConfig: {
    NAME: { description: 'The company name.' },
    CREATED_AT: { description: 'When the partner was created.' },
    UPDATED_AT: { description: 'When the partner last changed (for incremental sync).' },
  },
});
export const PartnerOrder = orderByInput('Partner', PartnerOrderField);

/** What `partners(search:)` looks in. */
export const PARTNER_SEARCH = ['name'];

/** The partner lists' filter, search and order, as `applyListQuery` takes them. */
export const PARTNER_LIST = { typeName: 'Partner', filterType: PartnerFilter, searchIn: PARTNER_SEARCH };
