import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';

export enum TicketPriority {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  URGENT = 'URGENT',
}
registerEnumType(TicketPriority, {
  name: 'TicketPriority',
  description: 'How urgent a ticket is.',
  valuesConfig: {
    LOW: { description: 'Low.' },
    MEDIUM: { description: 'Medium.' },
    HIGH: { description: 'High.' },
    URGENT: { description: 'Urgent: the shortest SLA.' },
  },
});

export enum TicketStatus {
  OPEN = 'OPEN',
  PENDING = 'PENDING',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}
registerEnumType(TicketStatus, {
  name: 'TicketStatus',
  description: 'Where a support ticket stands.',
  valuesConfig: {
    OPEN: { description: 'Waiting on support.' },
    PENDING: { description: 'Waiting on the customer.' },
    RESOLVED: { description: 'Solved; can still be reopened.' },
    CLOSED: { description: 'Final.' },
  },
});

/** A customer's support request, with a resolution SLA set from its priority when it is opened. */
@ObjectType({
  description:
    "A customer's support request, worked by support until closed (SUPPORT and ADMIN write tickets; other internal roles read them; partner users see none).",
})
@Entity({ name: 'tickets' })
export class Ticket extends BusinessRecord {
  @Field(() => String, { description: 'One-line summary of the problem.' })
  @Column({ type: 'text' })
  subject: string;

  @Field(() => String, { description: 'The problem in detail.', nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => TicketPriority, { description: 'How urgent it is; sets the SLA due time.' })
  @Column({ type: 'text' })
  priority: TicketPriority;

  @Field(() => TicketStatus, { description: 'Where the ticket stands.' })
  @Column({ type: 'text' })
  status: TicketStatus;

  @Field(() => Date, { description: 'When the ticket was opened.' })
  @Column({ type: 'timestamptz', precision: 3 })
  openedAt: Date;

  @Field(() => Date, {
    description: 'When the ticket must be resolved by, set from its priority when opened.',
  })
  @Column({ type: 'timestamptz', precision: 3 })
  slaDueAt: Date;

  @Field(() => Date, { description: 'When it was last resolved.', nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt: Date | null;

  @Field(() => Date, { description: 'When it was closed.', nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'User id of the support agent working the ticket.' })
  @Column({ type: 'text', nullable: true })
  assigneeId: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The user accountable for the ticket (their `sub`, see `owner`): the assignee works it, the owner answers for it.',
  })
  @Column({ type: 'text', nullable: true })
  ownerId: string | null;

  @Column({ type: 'uuid' })
  customerId: string;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;
}

/** A message on a ticket. */
@ObjectType({ description: 'A comment on a support ticket.' })
@Entity({ name: 'ticket_comments' })
export class TicketComment extends BusinessRecord {
  @Column({ type: 'uuid' })
  ticketId: string;

  @Field(() => String, { description: 'The comment text.' })
  @Column({ type: 'text' })
  body: string;

  @Field(() => String, { nullable: true, description: 'User id of the author.' })
  @Column({ type: 'text' })
  authorId: string;
}

export const TicketConnection = connectionType('Ticket', Ticket);
export const TicketCommentConnection = connectionType('TicketComment', TicketComment);
