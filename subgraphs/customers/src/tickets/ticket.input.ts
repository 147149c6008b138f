import { Field, ID, InputType } from 'type-graphql';
import { TicketPriority, TicketStatus } from './ticket.entity';

@InputType()
export class OpenTicketInput {
  @Field(() => ID)
  customerId: string;

  @Field(() => String)
  subject: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => TicketPriority, { nullable: true, defaultValue: TicketPriority.MEDIUM })
  priority?: TicketPriority;

  @Field(() => ID, { nullable: true, description: 'The contact who raised it; must belong to the customer.' })
  contactId?: string | null;

  @Field(() => String, { nullable: true, description: 'Support agent user id.' })
  assigneeId?: string | null;
}

@InputType()
export class TicketFilter {
  @Field(() => ID, { nullable: true })
  customerId?: string | null;

  @Field(() => TicketStatus, { nullable: true })
  status?: TicketStatus | null;

  @Field(() => TicketPriority, { nullable: true })
  priority?: TicketPriority | null;

  @Field(() => String, { nullable: true })
  assigneeId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only records updated at or after this instant.' })
  updatedSince?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only records updated before this instant.' })
  updatedBefore?: Date | null;
}
