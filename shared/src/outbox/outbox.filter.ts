import { registerEnumType } from 'type-graphql';
import {
  DateTimeFilter,
  FilterField,
  FilterInput,
  IdFilter,
  orderByInput,
  StringFilter,
} from '../graphql/filters';

@FilterInput({
  description:
    'Conditions on dead letters (with the older `topic` argument, all must hold), combined with `and`, `or` and `not`.',
})
export class OutboxMessageFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter, { description: 'Only messages of these topics.' }) topic?: StringFilter;
  @FilterField(() => DateTimeFilter, { description: 'When the message was recorded.' })
  createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'When the message was given up as a dead letter.' })
  deadAt?: DateTimeFilter;
}

export enum OutboxMessageOrderField {
  CREATED_AT = 'createdAt',
  DEAD_AT = 'deadAt',
}
registerEnumType(OutboxMessageOrderField, {
  name: 'OutboxMessageOrderField',
  description: 'What a list of outbox messages can be ordered by.',
  valuesConfig: {
    CREATED_AT: { description: 'When the message was recorded.' },
    DEAD_AT: { description: 'When the message was given up as a dead letter.' },
  },
});
export const OutboxMessageOrder = orderByInput('OutboxMessage', OutboxMessageOrderField);
