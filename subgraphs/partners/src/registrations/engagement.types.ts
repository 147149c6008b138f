import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '@sales-graph/shared/graphql/scalars';

@ObjectType({
  description: 'Channel-conflict figures (registrations flagged under the rules of engagement).',
})
export class ChannelConflictFigures {
  @Field(() => Int, { description: 'Registrations flagged when submitted.' })
  conflicts: number;

  @Field(() => Int, { description: 'Of those, on DIRECT accounts.' })
  directConflicts: number;

  @Field(() => Int, { description: "Of those, on another partner's CHANNEL account." })
  partnerConflicts: number;

  @Field(() => Int, { description: 'Flagged registrations approved with an override.' })
  overrides: number;

  @Field(() => Int, { description: 'Flagged registrations approved.' })
  approved: number;

  @Field(() => Int, { description: 'Flagged registrations rejected.' })
  rejected: number;

  @Field(() => Int, { description: 'Flagged registrations neither approved nor rejected (yet).' })
  unresolved: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Deals of approved flagged registrations that were won (null while the CRM cannot be reached).',
  })
  dealsWon: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Deals of approved flagged registrations that were lost (null while the CRM cannot be reached).',
  })
  dealsLost: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Average hours from submission to approval or rejection; null when none is resolved.',
  })
  averageHoursToResolve: number | null;
}

@ObjectType({ description: 'Channel-conflict figures of one partner in one calendar month (UTC).' })
export class ChannelConflictRow extends ChannelConflictFigures {
  @Field(() => ID, { description: 'The partner that registered.' })
  partnerId: string;

  @Field(() => String, { description: 'The month the registrations were submitted, "YYYY-MM".' })
  month: string;
}

@ObjectType({ description: 'Channel-conflict analytics of a period, by partner and month, with totals.' })
export class ChannelConflictAnalytics {
  @Field(() => LocalDateScalar, { description: 'First day of the period.' })
  from: string;

  @Field(() => LocalDateScalar, { description: 'Last day of the period.' })
  to: string;

  @Field(() => ID, { nullable: true, description: 'The partner asked about; null for every partner.' })
  partnerId: string | null;

  @Field(() => [ChannelConflictRow], { description: 'One row per partner and month with a conflict.' })
  rows: ChannelConflictRow[];

  @Field(() => ChannelConflictFigures, { description: 'The whole period.' })
  totals: ChannelConflictFigures;
}
