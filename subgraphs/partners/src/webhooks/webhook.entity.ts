import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { ShownOnce } from '@sales-graph/shared/idempotency/idempotency.result';

/**
 * An endpoint that receives the PRM's change events as signed webhooks. Its signing secret is a
 * column of the table that this entity does not map (written and read by SQL only), so it is in
 * no audit entry and no GraphQL answer after the one that created it.
 */
@ObjectType({
  description:
    "A URL that receives the PRM's change events (Standard Webhooks, signed): registered by ADMIN for any partner's records, or by a partner admin for its own partner's.",
})
@Entity({ name: 'webhook_endpoints' })
export class WebhookEndpoint extends BusinessRecord {
  @Field(() => String, { description: 'Where events are POSTed.' })
  @Column({ type: 'text' })
  url: string;

  @Field(() => [String], {
    description:
      'Event types delivered, e.g. DealRegistration.CREATED or DealRegistration.* (see webhookEventTypes).',
  })
  @Column({ type: 'text', array: true })
  eventTypes: string[];

  @Field(() => ID, {
    nullable: true,
    description:
      "The partner whose records (and readable fields) it receives; null for ADMIN's endpoints (every record).",
  })
  @Column({ type: 'uuid', nullable: true })
  partnerId: string | null;

  @Field(() => Boolean, { description: 'Whether events are delivered; false when deactivated or disabled.' })
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why it was disabled automatically (it kept failing).',
  })
  @Column({ type: 'text', nullable: true })
  disabledReason: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was disabled automatically.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  disabledAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Its last successful delivery.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastSuccessAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Since when every attempt has failed; null after a success.',
  })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  failingSince: Date | null;

  @Field(() => Int, { description: 'Deliveries dead-lettered in a row since the last success.' })
  @Column({ type: 'int', default: 0 })
  consecutiveDeadLetters: number;

  /** The last change-feed position turned into deliveries (or passed over); the dispatcher's cursor. */
  @Column({ type: 'bigint', default: '0' })
  cursorPosition: string;

  /** The same on the CRM's change feed (its `crm.…` event types, read through the CRM). */
  @Column({ type: 'bigint', default: '0' })
  crmCursorPosition: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  leasedUntil: Date | null;
}

export const WebhookEndpointConnection = connectionType('WebhookEndpoint', WebhookEndpoint);

@ObjectType({ description: 'A new webhook endpoint and its signing secret, shown this once only.' })
@ShownOnce()
export class CreatedWebhookEndpoint {
  @Field(() => WebhookEndpoint, { description: "The endpoint's record." })
  endpoint: WebhookEndpoint;

  @Field(() => String, {
    description: 'The signing secret (whsec_<base64>) to verify deliveries with. Shown this once.',
  })
  secret: string;
}

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  DEAD = 'DEAD',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a webhook delivery stands.',
  valuesConfig: {
    PENDING: { description: 'Not delivered yet: waiting its turn or its next attempt.' },
    DELIVERED: { description: 'The endpoint answered 2xx.' },
    DEAD: { description: 'Given up after the retry schedule; replayable.' },
  },
});

/** One event for one endpoint: the delivery queue and its log (written by the dispatcher only). */
@ObjectType({
  description: 'One event delivered (or to be delivered) to one webhook endpoint, with its attempts.',
})
@Entity({ name: 'webhook_deliveries' })
export class WebhookDelivery {
  @Field(() => ID, {
    description: 'The delivery id, sent as webhook-id (the same on every retry and replay).',
  })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The endpoint.' })
  @Column({ type: 'uuid' })
  endpointId: string;

  @Column({ type: 'uuid', nullable: true })
  partnerId: string | null;

  @Field(() => String, {
    description: 'Position of the event in its change feed (deliveries go out in this order).',
  })
  @Column({ type: 'bigint' })
  feedPosition: string;

  /** Which feed the event is of: `prm` or `crm` (positions of the two are unrelated). */
  @Column({ type: 'text', default: 'prm' })
  feed: string;

  @Field(() => String, { description: 'The event type, e.g. DealRegistration.UPDATED.' })
  @Column({ type: 'text' })
  eventType: string;

  @Field(() => ID, { description: 'The record the event is about.' })
  @Column({ type: 'text' })
  recordId: string;

  @Field(() => WebhookDeliveryStatus, { description: 'Where the delivery stands.' })
  @Column({ type: 'text' })
  status: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts made.' })
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Field(() => Date, { nullable: true, description: 'When it is tried next (PENDING).' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was last tried.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' })
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last answer, if any.' })
  @Column({ type: 'int', nullable: true })
  responseStatus: number | null;

  @Field(() => Date, { nullable: true, description: 'When the endpoint accepted it.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was dead-lettered.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deadAt: Date | null;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Field(() => Date, { description: 'When the delivery was queued.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Field(() => Date, { description: 'When it last changed.' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

export const WebhookDeliveryConnection = connectionType('WebhookDelivery', WebhookDelivery);
