import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { ForecastCategory } from '../pipelines';
import { ForecastChangeKind } from './forecast.rules';
import { ForecastPeriodInput } from './quota.input';
import { ForecastSnapshot } from './snapshot.entity';
import { registerEnumType } from 'type-graphql';

registerEnumType(ForecastChangeKind, {
  name: 'ForecastChangeKind',
  description: 'How a deal changed in a forecast between a snapshot and now.',
  valuesConfig: {
    ADDED: { description: 'In the period now, not in the snapshot (new, or newly in scope).' },
    REMOVED: { description: 'In the period then, gone now (deleted, or out of the scope).' },
    PULLED_IN: { description: 'Open both times, its expected close date moved into the period.' },
    PUSHED_OUT: { description: 'Open both times, its expected close date moved out of the period.' },
    WON: { description: 'Open then, closed won now.' },
    LOST: { description: 'Open then, closed lost now.' },
    CATEGORY_CHANGED: { description: 'Its forecast category changed.' },
    STAGE_CHANGED: { description: 'Its stage (and so its weight) changed within the same category.' },
    AMOUNT_UP: { description: 'Its amount rose (same currency).' },
    AMOUNT_DOWN: { description: 'Its amount fell (same currency).' },
  },
});

@InputType({ description: 'The snapshot to compare with: by id, or the latest taken on or before a date.' })
export class SnapshotRefInput {
  @Field(() => ID, { nullable: true, description: 'A snapshot by id.' })
  snapshotId?: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'The latest snapshot taken on or before this day.',
  })
  at?: string | null;
}

@InputType({
  description:
    'What changed in a forecast (a user, a team, or the company) since a snapshot: the latest unless `since` names one.',
})
export class ForecastChangesInput {
  @Field(() => ID, { nullable: true, description: 'A user (`User.id`).' })
  userId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "A team: the snapshot's rows of the team then, against its members' deals now.",
  })
  teamId?: string | null;

  @Field(() => ForecastPeriodInput, { description: 'The period, as in `forecast`.' })
  period: ForecastPeriodInput;

  @Field(() => SnapshotRefInput, { nullable: true, description: 'The snapshot; the latest when omitted.' })
  since?: SnapshotRefInput | null;

  @Field(() => Int, { nullable: true, description: 'Changed deals per page (1 to 100, default 50).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: '`endCursor` of the previous page.' })
  after?: string | null;
}

@ObjectType({ description: 'How one forecast category moved in one currency between the snapshot and now.' })
export class ForecastCategoryDelta {
  @Field(() => ForecastCategory, { description: 'The forecast category.' })
  category: ForecastCategory;

  @Field(() => String, { description: 'ISO 4217 currency of the money figures.' })
  currency: string;

  @Field(() => Int, { description: 'Deals in the snapshot.' }) countBefore: number;
  @Field(() => Int, { description: 'Deals now.' }) countAfter: number;
  @Field(() => Int, { description: 'countAfter − countBefore.' }) countDelta: number;
  @Field(() => DecimalScalar, { description: 'Their amounts in the snapshot.' }) amountBefore: string;
  @Field(() => DecimalScalar, { description: 'Their amounts now.' }) amountAfter: string;
  @Field(() => DecimalScalar, { description: 'amountAfter − amountBefore.' }) amountDelta: string;
  @Field(() => DecimalScalar, {
    description: 'Weighted by the stage probabilities of the snapshot, rounded once.',
  })
  weightedBefore: string;
  @Field(() => DecimalScalar, { description: 'Weighted now, rounded once.' }) weightedAfter: string;
  @Field(() => DecimalScalar, { description: 'weightedAfter − weightedBefore.' }) weightedDelta: string;
}

@ObjectType({ description: 'A deal as a forecast saw it: in the snapshot, or now.' })
export class ForecastDealState {
  /** Internal (FIELD_CLASSES): the owner's sub. */
  @Field(() => String, { nullable: true, description: "The owner's user id (sub)." })
  ownerId: string | null;

  @Field(() => String, { description: 'The DealStage.' })
  stage: string;

  @Field(() => ForecastCategory, { nullable: true, description: "Its stage's forecast category." })
  forecastCategory: ForecastCategory | null;

  @Field(() => DecimalScalar, { description: 'Its amount.' }) amount: string;
  @Field(() => String, { description: 'Its currency.' }) currency: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Its expected close date.' })
  expectedCloseDate: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was closed won or lost.' })
  closedAt: Date | null;

  @Field(() => Boolean, { description: 'Whether it counted in the period.' })
  inPeriod: boolean;
}

@ObjectType({ description: 'One deal that changed in the forecast, before and after.' })
export class ForecastDealChange {
  @Field(() => ID, { description: 'The deal.' })
  dealId: string;

  @Field(() => [ForecastChangeKind], { description: 'What changed (one or more).' })
  kinds: ForecastChangeKind[];

  @Field(() => ForecastDealState, {
    nullable: true,
    description: 'In the snapshot; null when it was not there.',
  })
  before: ForecastDealState | null;

  @Field(() => ForecastDealState, {
    nullable: true,
    description: 'Now; null when deleted or out of the scope.',
  })
  after: ForecastDealState | null;
}

@ObjectType({ description: 'What changed in a forecast since a snapshot.' })
export class ForecastChanges {
  @Field(() => ForecastSnapshot, { description: 'The snapshot compared with.' })
  snapshot: ForecastSnapshot;

  @Field(() => LocalDateScalar, { description: 'First day of the period.' }) from: string;
  @Field(() => LocalDateScalar, { description: 'Last day of the period (inclusive).' }) to: string;

  @Field(() => [ForecastCategoryDelta], {
    description: 'Per category and currency (in that order) with a deal on either side.',
  })
  categories: ForecastCategoryDelta[];

  @Field(() => [ForecastDealChange], { description: 'The changed deals of this page, in deal id order.' })
  deals: ForecastDealChange[];

  @Field(() => Boolean, { description: 'Whether more changed deals follow (`after: endCursor`).' })
  hasMore: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last deal of this page.' })
  endCursor: string | null;
}
