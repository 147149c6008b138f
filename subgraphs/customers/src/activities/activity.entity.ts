import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '../../../../shared/src/db/record';
import { connectionType } from '../../../../shared/src/graphql/pagination';

export enum ActivityType {
  CALL = 'CALL',
  EMAIL = 'EMAIL',
  MEETING = 'MEETING',
  NOTE = 'NOTE',
  TASK = 'TASK',
}
registerEnumType(ActivityType, { name: 'ActivityType' });

/** Something that happened with a customer (a call, an email, a meeting, a note) or a task to do. */
@ObjectType()
@Entity({ name: 'activities' })
export class Activity extends BusinessRecord {
  @Field(() => ActivityType)
  @Column({ type: 'text' })
  type: ActivityType;

  @Field(() => String)
  @Column({ type: 'text' })
  subject: string;

  @Field(() => String, { nullable: true })
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
