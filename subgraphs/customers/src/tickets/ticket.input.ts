import { Field, ID, InputType } from 'type-graphql';
import { TicketPriority } from './ticket.entity';

@InputType({ description: 'A new support ticket (SUPPORT and ADMIN).' })
export class OpenTicketInput {
  @Field(() => ID, { description: 'The customer who raised it.' })
  customerId: string;

  @Field(() => String, { description: 'One-line summary of the problem.' })
  subject: string;

  @Field(() => String, { description: 'The problem in detail.', nullable: true })
  description?: string | null;

  @Field(() => TicketPriority, {
    description: 'How urgent it is; MEDIUM by default.',
    nullable: true,
    defaultValue: TicketPriority.MEDIUM,
  })
  priority?: TicketPriority;

  @Field(() => ID, { nullable: true, description: 'The contact who raised it; must belong to the customer.' })
  contactId?: string | null;

  @Field(() => String, { nullable: true, description: 'Support agent user id.' })
  assigneeId?: string | null;
}

/** The list filter (with `and` / `or` / `not` and operator fields) lives in ticket.filter.ts. */
export { TicketFilter } from './ticket.filter';
