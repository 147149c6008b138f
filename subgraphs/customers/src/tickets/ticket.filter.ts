import { ID, registerEnumType } from 'type-graphql';
import {
  DateTimeFilter,
  enumFilter,
  FilterField,
  FilterInput,
  IdFilter,
  orderByInput,
  StringFilter,
} from '@sales-graph/shared/graphql/filters';
import { OWNER_TEAM_FILTER } from '../users';
import { TicketPriority, TicketStatus } from './ticket.entity';

export const TicketStatusFilter = enumFilter('TicketStatus', TicketStatus);
export const TicketPriorityFilter = enumFilter('TicketPriority', TicketPriority);

@FilterInput()
export class TicketFilter {
  @FilterField(() => ID, { op: 'eq', description: 'Shorthand for `customerIdIs: { eq }`.' })
  customerId?: string | null;
  @FilterField(() => TicketStatus, { op: 'eq', description: 'Shorthand for `statusIs: { eq }`.' })
  status?: TicketStatus | null;
  @FilterField(() => TicketPriority, { op: 'eq', description: 'Shorthand for `priorityIs: { eq }`.' })
  priority?: TicketPriority | null;
  @FilterField(() => String, { op: 'eq', description: 'Shorthand for `assigneeIdIs: { eq }`.' })
  assigneeId?: string | null;
  @FilterField(() => Date, {
    property: 'updatedAt',
    op: 'gte',
    description: 'Only records updated at or after this instant (`updatedAt: { gte }`).',
  })
  updatedSince?: Date | null;
  @FilterField(() => Date, {
    property: 'updatedAt',
    op: 'lt',
    description: 'Only records updated before this instant (`updatedAt: { lt }`).',
  })
  updatedBefore?: Date | null;
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) subject?: StringFilter;
  @FilterField(() => TicketStatusFilter, { property: 'status' }) statusIs?: InstanceType<
    typeof TicketStatusFilter
  >;
  @FilterField(() => TicketPriorityFilter, { property: 'priority' }) priorityIs?: InstanceType<
    typeof TicketPriorityFilter
  >;
  @FilterField(() => IdFilter, { property: 'customerId' }) customerIdIs?: IdFilter;
  @FilterField(() => IdFilter, { property: 'assigneeId' }) assigneeIdIs?: IdFilter;
  @FilterField(() => DateTimeFilter) openedAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter) slaDueAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => IdFilter, {
    description: 'Only records owned by these users (their `sub`, as `ownerId` holds it).',
  })
  ownerId?: IdFilter;
  @FilterField(() => IdFilter, OWNER_TEAM_FILTER) teamId?: IdFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum TicketOrderField {
  OPENED_AT = 'openedAt',
  SLA_DUE_AT = 'slaDueAt',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(TicketOrderField, {
  name: 'TicketOrderField',
  description: 'What a list of tickets can be ordered by.',
  valuesConfig: {
    OPENED_AT: { description: 'When the ticket was opened.' },
    SLA_DUE_AT: { description: "When the ticket's SLA falls due." },
    CREATED_AT: { description: 'When the ticket was created.' },
    UPDATED_AT: { description: 'When the ticket last changed (for incremental sync).' },
  },
});
export const TicketOrder = orderByInput('Ticket', TicketOrderField);

/** What `tickets(search:)` looks in. */
export const TICKET_SEARCH = ['subject'];
