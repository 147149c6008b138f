import { Field, ID, InputType } from 'type-graphql';
import { TicketPriority } from './ticket.entity';

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

/** The list filter (with `and` / `or` / `not` and operator fields) lives in ticket.filter.ts. */
export { TicketFilter } from './ticket.filter';
