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
import { WebhookDeliveryStatus } from './webhook.entity';

@FilterInput()
export class WebhookEndpointFilter {
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => ID, { op: 'eq', description: "Only this partner's endpoints (ADMIN)." })
  partnerId?: string | null;
  @FilterField(() => Boolean, { op: 'eq', description: 'Only active (true) or inactive (false) endpoints.' })
  active?: boolean | null;
  @FilterField(() => StringFilter) url?: StringFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum WebhookEndpointOrderField {
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(WebhookEndpointOrderField, {
  name: 'WebhookEndpointOrderField',
  description: 'What a list of webhook endpoints can be ordered by.',
  valuesConfig: {
    CREATED_AT: { description: 'When the endpoint was registered.' },
    UPDATED_AT: { description: 'When the endpoint last changed (for incremental sync).' },
  },
});
export const WebhookEndpointOrder = orderByInput('WebhookEndpoint', WebhookEndpointOrderField);

export const WebhookDeliveryStatusFilter = enumFilter('WebhookDeliveryStatus', WebhookDeliveryStatus);

@FilterInput()
export class WebhookDeliveryFilter {
  @FilterField(() => WebhookDeliveryStatusFilter, { description: 'Only deliveries in this status.' })
  status?: InstanceType<typeof WebhookDeliveryStatusFilter>;
  @FilterField(() => StringFilter) eventType?: StringFilter;
  @FilterField(() => IdFilter) recordId?: IdFilter;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter) updatedAt?: DateTimeFilter;
}

export enum WebhookDeliveryOrderField {
  FEED_POSITION = 'feedPosition',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(WebhookDeliveryOrderField, {
  name: 'WebhookDeliveryOrderField',
  description: "What an endpoint's delivery log can be ordered by.",
  valuesConfig: {
    FEED_POSITION: { description: 'The order of the events in the change feed (the default).' },
    CREATED_AT: { description: 'When the delivery was queued.' },
    UPDATED_AT: { description: 'When the delivery last changed: an attempt, a retry, a dead letter.' },
  },
});
export const WebhookDeliveryOrder = orderByInput('WebhookDelivery', WebhookDeliveryOrderField);

export const WEBHOOK_ENDPOINT_LIST = {
  typeName: 'WebhookEndpoint',
  filterType: WebhookEndpointFilter,
  searchIn: ['url'],
};
export const WEBHOOK_DELIVERY_LIST = {
  typeName: 'WebhookDelivery',
  filterType: WebhookDeliveryFilter,
  searchIn: [] as string[],
  defaultSort: { property: 'feedPosition', direction: 'ASC' as const },
};
