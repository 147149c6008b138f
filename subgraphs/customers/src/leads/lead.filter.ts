import { registerEnumType } from 'type-graphql';
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
import { OWNER_TEAM_FILTER } from '../users';
import { LeadSource, LeadStatus } from './lead.entity';

export const LeadStatusFilter = enumFilter('LeadStatus', LeadStatus);
export const LeadSourceFilter = enumFilter('LeadSource', LeadSource);

@FilterInput()
export class LeadFilter {
  @FilterField(() => LeadStatus, { op: 'eq', description: 'Shorthand for `statusIs: { eq }`.' })
  status?: LeadStatus | null;
  @FilterField(() => LeadSource, { op: 'eq', description: 'Shorthand for `sourceIs: { eq }`.' })
  source?: LeadSource | null;
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) name?: StringFilter;
  @FilterField(() => StringFilter) company?: StringFilter;
  @FilterField(() => StringFilter) email?: StringFilter;
  @FilterField(() => LeadStatusFilter, { property: 'status' }) statusIs?: InstanceType<
    typeof LeadStatusFilter
  >;
  @FilterField(() => LeadSourceFilter, { property: 'source' }) sourceIs?: InstanceType<
    typeof LeadSourceFilter
  >;
  @FilterField(() => IntFilter) score?: IntFilter;
  @FilterField(() => IdFilter) customerId?: IdFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => IdFilter, {
    description: 'Only records owned by these users (their `sub`, as `ownerId` holds it).',
  })
  ownerId?: IdFilter;
  @FilterField(() => IdFilter, OWNER_TEAM_FILTER) teamId?: IdFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum LeadOrderField {
  NAME = 'name',
  SCORE = 'score',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(LeadOrderField, {
  name: 'LeadOrderField',
  description: 'What a list of leads can be ordered by.',
  valuesConfig: {
    NAME: { description: "The person's name." },
    SCORE: { description: 'The lead score.' },
    CREATED_AT: { description: 'When the lead was created.' },
    UPDATED_AT: { description: 'When the lead last changed (for incremental sync).' },
  },
});
export const LeadOrder = orderByInput('Lead', LeadOrderField);

/** What `leads(search:)` looks in. */
export const LEAD_SEARCH = ['name', 'company', 'email'];
