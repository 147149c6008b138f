import { PERMISSIONS, fieldAllowed, isRedacted } from '@sales-graph/shared/auth/permissions';
import type { Subject } from '@sales-graph/shared/auth/permissions';
import { BadUserInputError } from '@sales-graph/shared/errors';
import type { CrmChangeEvent } from '../crm';
import type { FeedEvent } from './feed-source';

/** The record types of the PRM's change feed that endpoints may subscribe to. */
export const WEBHOOK_RECORD_TYPES = ['Partner', 'DealRegistration', 'LeadOffer'] as const;
export const WEBHOOK_OPS = ['CREATED', 'UPDATED', 'DELETED', 'RESTORED', 'MERGED'] as const;
const MAX_EVENT_TYPES = 50;

/**
 * The CRM feed's types (its `CrmChangeType`), each with its record type: an endpoint subscribes to
 * them as `crm.<TYPE>.<OP>` or `crm.<TYPE>.*` (the `crm.` prefix keeps them apart from the PRM's
 * types whatever the names), and the dispatcher reads them from the CRM (README "Webhooks").
 */
export const CRM_WEBHOOK_TYPES: Readonly<Record<string, string>> = {
  CUSTOMER: 'Customer',
  CONTACT: 'Contact',
  DEAL: 'Deal',
  LEAD: 'Lead',
  TICKET: 'Ticket',
  ACTIVITY: 'Activity',
};
export const CRM_EVENT_PREFIX = 'crm.';

/** Every event type, `<Type>.<OP>`, and each type's wildcard `<Type>.*`; the CRM's `crm.<TYPE>.…`. */
export const webhookEventTypes = (): string[] => [
  ...WEBHOOK_RECORD_TYPES.flatMap((type) => [...WEBHOOK_OPS.map((op) => `${type}.${op}`), `${type}.*`]),
  ...Object.keys(CRM_WEBHOOK_TYPES).flatMap((type) => [
    ...WEBHOOK_OPS.map((op) => `${CRM_EVENT_PREFIX}${type}.${op}`),
    `${CRM_EVENT_PREFIX}${type}.*`,
  ]),
];

/** The CRM feed types (DEAL, LEAD …) these event types subscribe to, each once. */
export const crmFeedTypes = (eventTypes: readonly string[]): string[] => [
  ...new Set(
    eventTypes
      .filter((type) => type.startsWith(CRM_EVENT_PREFIX))
      .map((type) => type.slice(CRM_EVENT_PREFIX.length, type.lastIndexOf('.'))),
  ),
];

/** The event type of a feed event. */
export const eventTypeOf = (event: Pick<FeedEvent, 'entityType' | 'op'>): string =>
  `${event.entityType}.${event.op}`;

/**
 * The event types an endpoint may subscribe to, checked: known types only, and for a partner's
 * endpoint only types a partner user may read. Deduplicated, in the order given.
 */
export function checkEventTypes(eventTypes: readonly string[], partnerOwned: boolean): string[] {
  const known = new Set(webhookEventTypes());
  const types = [...new Set(eventTypes.map((type) => String(type).trim()))];
  if (types.length === 0 || types.length > MAX_EVENT_TYPES)
    throw new BadUserInputError(`eventTypes must list 1 to ${MAX_EVENT_TYPES} event types`, 'eventTypes');
  for (const type of types) {
    if (!known.has(type))
      throw new BadUserInputError(
        `Unknown event type ${type.slice(0, 80)} (see webhookEventTypes)`,
        'eventTypes',
      );
    // A CRM type's grants are the CRM's: it answers whether the partner may read it (the service).
    if (type.startsWith(CRM_EVENT_PREFIX)) continue;
    const record = type.slice(0, type.indexOf('.'));
    if (partnerOwned && !(PERMISSIONS.PARTNER[record as Subject]?.includes('read') ?? false))
      throw new BadUserInputError(`A partner's endpoint cannot receive ${record} events`, 'eventTypes');
  }
  return types;
}

export interface EndpointAudience {
  eventTypes: readonly string[];
  /** The partner the endpoint is for; null for an ADMIN endpoint (every record). */
  partnerId: string | null;
}

/**
 * What an endpoint receives of one feed event, or null when nothing: the event must be of a
 * subscribed type, and for a partner's endpoint on a record of that partner (the feed's scope
 * column: another partner's record, or one of no partner, is never sent), with only the changed
 * fields a partner user may read (the field policy of `auth/permissions.ts`).
 */
export function audienceView(
  endpoint: EndpointAudience,
  event: FeedEvent,
): { type: string; changedFields: string[] } | null {
  const type = eventTypeOf(event);
  if (!endpoint.eventTypes.includes(type) && !endpoint.eventTypes.includes(`${event.entityType}.*`))
    return null;
  if (endpoint.partnerId === null) return { type, changedFields: event.changedFields };
  if (event.partnerId === null || event.partnerId !== endpoint.partnerId) return null;
  if (!(PERMISSIONS.PARTNER[event.entityType as Subject]?.includes('read') ?? false)) return null;
  const changedFields = event.changedFields.filter(
    (field) =>
      fieldAllowed('PARTNER', event.entityType, field) && !isRedacted('PARTNER', event.entityType, field),
  );
  return { type, changedFields };
}

/**
 * The body of a delivery (Standard Webhooks' `type` / `timestamp` / `data`): the record's id and
 * what changed, never its field values (the receiver reads the record through the graph, as the
 * caller it is, so what it reads is scoped and policed there).
 */
export function deliveryPayload(event: FeedEvent, view: { type: string; changedFields: string[] }) {
  return {
    type: view.type,
    timestamp: event.occurredAt.toISOString(),
    data: {
      recordType: event.entityType,
      id: event.entityId,
      op: event.op,
      changedFields: view.changedFields,
      mergedInto: event.mergedInto,
      occurredAt: event.occurredAt.toISOString(),
      position: event.position,
    },
  };
}

/**
 * The event type of a CRM event for this endpoint, or null when it is not subscribed to it. The
 * CRM already answered only what the endpoint's partner may read (its row scope and field policy).
 */
export function crmEventType(eventTypes: readonly string[], event: Pick<CrmChangeEvent, 'type' | 'op'>) {
  const type = `${CRM_EVENT_PREFIX}${event.type}.${event.op}`;
  return eventTypes.includes(type) || eventTypes.includes(`${CRM_EVENT_PREFIX}${event.type}.*`) ? type : null;
}

/** The body of a CRM event's delivery: as `deliveryPayload`, with `feed: "crm"`. */
export function crmDeliveryPayload(event: CrmChangeEvent, type: string) {
  const occurredAt = new Date(event.occurredAt).toISOString();
  return {
    type,
    timestamp: occurredAt,
    data: {
      feed: 'crm',
      recordType: CRM_WEBHOOK_TYPES[event.type] ?? event.type,
      id: event.id,
      op: event.op,
      changedFields: event.changedFields,
      mergedInto: event.mergedInto,
      occurredAt,
      position: event.position,
    },
  };
}
