import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '../../../../shared/src/graphql/pagination';

export enum TimelineEntryType {
  ACTIVITY = 'ACTIVITY',
  DEAL_STAGE_CHANGE = 'DEAL_STAGE_CHANGE',
  TICKET_OPENED = 'TICKET_OPENED',
  ORDER_PLACED = 'ORDER_PLACED',
  CAMPAIGN_TOUCH = 'CAMPAIGN_TOUCH',
}
registerEnumType(TimelineEntryType, { name: 'TimelineEntryType' });

/** One event in a customer's history; the record it came from is linked. */
@ObjectType()
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

  @Field(() => TimelineEntryType)
  type: TimelineEntryType;

  @Field(() => Date)
  occurredAt: Date;

  @Field(() => String)
  title: string;

  @Field(() => String, { nullable: true })
  summary: string | null;

  activityId: string | null;
  dealId: string | null;
  ticketId: string | null;
  orderId: string | null;
}

export const TimelineEntryConnection = connectionType('TimelineEntry', TimelineEntry);
