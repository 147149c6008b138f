import { ID } from 'type-graphql';
import {
  DateTimeFilter,
  enumFilter,
  FilterField,
  FilterInput,
  IdFilter,
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
