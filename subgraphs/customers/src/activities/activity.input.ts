import { Field, ID, InputType } from 'type-graphql';
import { ActivityType } from './activity.entity';

@InputType({ description: 'A new activity on a customer (SALES and ADMIN).' })
export class LogActivityInput {
  @Field(() => ActivityType, { description: 'What kind of activity.' })
  type: ActivityType;

  @Field(() => ID, { description: 'The customer.' })
  customerId: string;

  @Field(() => String, { description: 'One-line summary.' })
  subject: string;

  @Field(() => String, { description: 'Free-text notes.', nullable: true })
  body?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it happened; defaults to now. Not allowed in the future.',
  })
  occurredAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Tasks only.' })
  dueAt?: Date | null;

  @Field(() => ID, { nullable: true, description: 'A contact of the same customer.' })
  contactId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A lead of the same customer.' })
  leadId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A deal of the same customer.' })
  dealId?: string | null;

  @Field(() => String, { nullable: true, description: 'Owner user id; defaults to the caller.' })
  ownerId?: string | null;
}

/** The list filter (with `and` / `or` / `not` and operator fields) lives in activity.filter.ts. */
export { ActivityFilter } from './activity.filter';
