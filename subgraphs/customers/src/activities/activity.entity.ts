import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';

export enum ActivityType {
  CALL = 'CALL',
  EMAIL = 'EMAIL',
  MEETING = 'MEETING',
  NOTE = 'NOTE',
  TASK = 'TASK',
}
registerEnumType(ActivityType, {
  name: 'ActivityType',
  description: 'The kinds of customer activity sales logs.',
  valuesConfig: {
    CALL: { description: 'A phone or video call.' },
    EMAIL: { description: 'An email sent or received.' },
    MEETING: { description: 'A meeting with the customer.' },
    NOTE: { description: 'An internal note.' },
    TASK: { description: 'A to-do for the owner; open until completed with completeTask.' },
  },
});

/** Something that happened with a customer (a call, an email, a meeting, a note) or a task to do. */
@ObjectType({
  description:
    'A call, email, meeting, note or task logged against a customer (and optionally one of its contacts, leads or deals). Internal roles only: partner users see no activities.',
})
@Entity({ name: 'activities' })
export class Activity extends BusinessRecord {
  @Field(() => ActivityType, { description: 'What kind of activity this is.' })
  @Column({ type: 'text' })
  type: ActivityType;

  @Field(() => String, { description: 'One-line summary, e.g. "Discovery call".' })
  @Column({ type: 'text' })
  subject: string;

  @Field(() => String, { description: 'Free-text notes of the activity.', nullable: true })
  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Field(() => Date, { description: 'When it happened; for a task, when it was logged.' })
  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @Field(() => Date, { nullable: true, description: 'Tasks only: when the task is due.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  dueAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Tasks only: when the task was completed.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'User id of the owner.' })
  @Column({ type: 'text', nullable: true })
  ownerId: string | null;

  @Column({ type: 'uuid' })
  customerId: string;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  @Column({ type: 'uuid', nullable: true })
  dealId: string | null;
}

export const ActivityConnection = connectionType('Activity', Activity);
