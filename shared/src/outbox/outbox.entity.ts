import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { connectionType } from '../graphql/pagination';

/** Where an outbox message stands. */
export enum OutboxMessageState {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  DEAD = 'DEAD',
}
registerEnumType(OutboxMessageState, {
  name: 'OutboxMessageState',
  description: 'Where an outbox message stands.',
  valuesConfig: {
    PENDING: { description: 'Not delivered yet: due, being delivered, or waiting out a backoff.' },
    DELIVERED: { description: 'Delivered; it is never sent again.' },
    DEAD: {
      description:
        'Given up after OUTBOX_MAX_ATTEMPTS failed attempts (a dead letter): sent again only when an ADMIN replays it.',
    },
  },
});

/**
 * A row of a subgraph's `outbox` table (made by `outboxTableSql` and `outboxDeadLetterSql`), as
 * ADMIN reads and replays it. The dispatcher itself works on the table with SQL.
 */
@ObjectType('OutboxMessage', {
  description:
    'A delivery to another service that the PRM recorded with the change it belongs to (e.g. the CRM deal of an approved registration), delivered at least once with its idempotency key (ADMIN only).',
})
@Entity({ name: 'outbox' })
export class OutboxMessageRecord {
  @Field(() => ID, { description: 'Stable unique id of the message.' })
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => String, {
    description:
      'What the delivery does, e.g. "crm.createPartnerSourcedDeal" (its first part names the target).',
  })
  @Column({ type: 'text' })
  topic: string;

  @Field(() => String, {
    description: 'The key the target sees on every attempt, so that a repeated delivery changes nothing.',
  })
  @Column({ type: 'text' })
  idempotencyKey: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Field(() => Int, { description: 'Attempts since it was recorded or last replayed.' })
  @Column({ type: 'int' })
  attempts: number;

  @Field(() => Date, {
    description: 'When it is due next (while PENDING); the end of the lease while a dispatcher holds it.',
  })
  @Column({ type: 'timestamptz', precision: 3 })
  nextAttemptAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was delivered; null until then.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was given up as a dead letter; null otherwise.',
  })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deadAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  leasedUntil: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The error of the last failed attempt (one bounded line); null once delivered.',
  })
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Field(() => Date, { description: 'When it was recorded (with the change it belongs to).' })
  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Field(() => OutboxMessageState, { description: 'Where the message stands.' })
  get state(): OutboxMessageState {
    if (this.deliveredAt) return OutboxMessageState.DELIVERED;
    return this.deadAt ? OutboxMessageState.DEAD : OutboxMessageState.PENDING;
  }
}

export const OutboxMessageConnection = connectionType('OutboxMessage', OutboxMessageRecord);
