import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '@sales-graph/shared/graphql/pagination';

export enum TimelineEntryType {
  ACTIVITY = 'ACTIVITY',
  DEAL_STAGE_CHANGE = 'DEAL_STAGE_CHANGE',
  TICKET_OPENED = 'TICKET_OPENED',
  ORDER_PLACED = 'ORDER_PLACED',
  CAMPAIGN_TOUCH = 'CAMPAIGN_TOUCH',
}
registerEnumType(TimelineEntryType, {
  name: 'TimelineEntryType',
  description: "The kinds of events in a customer's timeline.",
  valuesConfig: {
    ACTIVITY: { description: 'An activity was logged.' },
    DEAL_STAGE_CHANGE: { description: 'A deal moved stage.' },
    TICKET_OPENED: { description: 'A support ticket was opened.' },
    ORDER_PLACED: { description: 'An order was placed.' },
    CAMPAIGN_TOUCH: { description: "A campaign reached one of the customer's contacts or leads." },
  },
});

/** One event in a customer's history; the record it came from is linked. */
@ObjectType({
  description:
    "One event in a customer's history: an activity, a deal stage change, a ticket, an order or a campaign touch (internal roles).",
})
export class TimelineEntry {
  @Field(() => ID, {
    description:
      'Unique, stable id of the entry: its type and the id of the record it comes from (activity, stage ' +
      'change, ticket, order, campaign membership), e.g. "ACTIVITY:<id>"; a campaign touch adds ' +
      '":ENROLLED" or ":RESPONDED".',
  })
  id: string;

  /** The id of the record the entry comes from. */
  sourceId: string;

  @Field(() => TimelineEntryType, { description: 'What kind of event.' })
  type: TimelineEntryType;

  @Field(() => Date, { description: 'When it happened.' })
  occurredAt: Date;

  @Field(() => String, { description: 'The event in one line.' })
  title: string;

  @Field(() => String, { description: 'More detail, when there is some.', nullable: true })
  summary: string | null;

  activityId: string | null;
  dealId: string | null;
  ticketId: string | null;
  orderId: string | null;
}

export const TimelineEntryConnection = connectionType('TimelineEntry', TimelineEntry);
