import { registerEnumType } from 'type-graphql';
import {
  DateTimeFilter,
  enumFilter,
  FilterField,
  FilterInput,
  IdFilter,
  orderByInput,
  StringFilter,
} from '../graphql/filters';
import { AuditAction } from './audit.entity';

export const AuditActionFilter = enumFilter('AuditAction', AuditAction);

@FilterInput({
  description:
    'Conditions on audit entries (with the older `recordType` and `recordId` arguments, all must hold), combined with `and`, `or` and `not`.',
})
export class AuditEntryFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter, { description: 'Only entries on records of these types, e.g. "Deal".' })
  recordType?: StringFilter;
  @FilterField(() => IdFilter, { description: 'Only entries on these records.' })
  recordId?: IdFilter;
  @FilterField(() => AuditActionFilter) action?: InstanceType<typeof AuditActionFilter>;
  @FilterField(() => StringFilter, { description: 'Only changes made by these users or services.' })
  actorSub?: StringFilter;
  @FilterField(() => DateTimeFilter, {
    description: 'When the change was made (entries never change: the incremental-sync range).',
  })
  createdAt?: DateTimeFilter;
}

export enum AuditEntryOrderField {
  CREATED_AT = 'createdAt',
}
registerEnumType(AuditEntryOrderField, {
  name: 'AuditEntryOrderField',
  description: 'What an audit log can be ordered by (entries are never updated: there is no UPDATED_AT).',
  valuesConfig: {
    CREATED_AT: { description: 'When the change was made.' },
  },
});
export const AuditEntryOrder = orderByInput('AuditEntry', AuditEntryOrderField);
