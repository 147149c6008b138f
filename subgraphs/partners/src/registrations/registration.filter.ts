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
import { normaliseDomain } from '@sales-graph/shared/validation';
import { DealRegistrationStatus } from './registration.entity';

export const DealRegistrationStatusFilter = enumFilter('DealRegistrationStatus', DealRegistrationStatus);

/**
 * Conditions on deal registrations. `status`, `partnerId` and `prospectDomain` are the list's
 * first (plain) fields, kept as they were; the operator fields beside them add ranges and lists.
 */
@FilterInput()
export class DealRegistrationFilter {
  @FilterField(() => DealRegistrationStatus, { op: 'eq', description: 'Only registrations in this status.' })
  status?: DealRegistrationStatus | null;
  @FilterField(() => ID, {
    op: 'eq',
    description: "Only this partner's registrations (internal roles).",
  })
  partnerId?: string | null;
  @FilterField(() => String, {
    op: 'eq',
    description: 'Matched after normalisation.',
    normalise: (value) => normaliseDomain(String(value), 'prospectDomain'),
  })
  prospectDomain?: string | null;
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => DealRegistrationStatusFilter, { property: 'status' })
  statusIs?: InstanceType<typeof DealRegistrationStatusFilter>;
  @FilterField(() => IdFilter, { property: 'partnerId' }) partnerIdIs?: IdFilter;
  @FilterField(() => StringFilter) prospectCompanyName?: StringFilter;
  @FilterField(() => DecimalFilter) estimatedAmount?: DecimalFilter;
  @FilterField(() => DateFilter) expectedCloseDate?: DateFilter;
  @FilterField(() => DateTimeFilter, { description: 'Only registrations last submitted in this period.' })
  submittedAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, {
    description: 'Only registrations decided (approved, rejected or returned) in this period.',
  })
  decidedAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum DealRegistrationOrderField {
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
  SUBMITTED_AT = 'submittedAt',
  DECIDED_AT = 'decidedAt',
  EXPECTED_CLOSE_DATE = 'expectedCloseDate',
  ESTIMATED_AMOUNT = 'estimatedAmount',
  PROSPECT_COMPANY_NAME = 'prospectCompanyName',
}
registerEnumType(DealRegistrationOrderField, {
  name: 'DealRegistrationOrderField',
  description: 'What a list of deal registrations can be ordered by.',
  valuesConfig: {
    CREATED_AT: { description: 'When the registration was created.' },
    UPDATED_AT: { description: 'When the registration last changed (for incremental sync).' },
    SUBMITTED_AT: { description: 'When it was last submitted.' },
    DECIDED_AT: { description: 'When it was decided; undecided ones come last ascending.' },
    EXPECTED_CLOSE_DATE: { description: 'When the partner expects the deal to close.' },
    ESTIMATED_AMOUNT: { description: 'The estimate (within one currency; amounts are not converted).' },
    PROSPECT_COMPANY_NAME: { description: "The prospect's company name." },
  },
});
export const DealRegistrationOrder = orderByInput('DealRegistration', DealRegistrationOrderField);

/** What `dealRegistrations(search:)` looks in: the prospect's company name and domain. */
export const DEAL_REGISTRATION_SEARCH = ['prospectCompanyName', 'prospectDomain'];

export const DEAL_REGISTRATION_LIST = {
  typeName: 'DealRegistration',
  filterType: DealRegistrationFilter,
  searchIn: DEAL_REGISTRATION_SEARCH,
};
