import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';

@ObjectType({ description: 'An amount in one currency (amounts are never converted).' })
export class CurrencyAmount {
  @Field(() => String, { description: 'ISO 4217 currency code.' })
  currency: string;

  @Field(() => DecimalScalar, { description: 'The amount in that currency.' })
  amount: string;
}

/**
 * How a partner performs in a period: won revenue and win rate (from the CRM deals attributed to
 * it), lead acceptance and response time (offers made in the period), active certifications (now)
 * and engagement.
 */
@ObjectType({ description: 'How a partner did in a period: pipeline, wins and how it answered lead offers.' })
export class PartnerScorecard {
  /** Not exposed: what the sales figures are loaded for. */
  partnerId: string;

  @Field(() => LocalDateScalar, { description: 'First day of the period.' })
  from: string;

  @Field(() => LocalDateScalar, { description: 'Last day of the period.' })
  to: string;

  @Field(() => Int, { description: 'Lead offers made to the partner, in any status.' })
  leadOffersReceived: number;

  @Field(() => Int, { description: 'Lead offers it accepted in the period.' })
  leadOffersAccepted: number;

  @Field(() => Int, { description: 'Lead offers it declined in the period.' })
  leadOffersDeclined: number;

  @Field(() => Int, { description: 'Offers the partner let pass their respond-by time.' })
  leadOffersExpired: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Accepted / answered (accepted + declined), 0 to 1 to four decimals; null before any answer.',
  })
  leadAcceptanceRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Median hours from offer to answer over answered offers; null before any answer.',
  })
  medianResponseHours: number | null;

  @Field(() => Int, { description: 'Certifications of the partner’s users that have not expired.' })
  activeCertifications: number;

  /** Not exposed: courses the partner's users hold an active certification of. */
  certifiedCourseIds: string[];

  @Field(() => Int, { description: 'Deal registrations submitted in the period.' })
  registrationsSubmitted: number;

  @Field(() => Int, { description: 'Courses passed by the partner’s users in the period.' })
  trainingsCompleted: number;

  @Field(() => Int, {
    description:
      'Engagement 0-100: 4 per registration submitted (max 40) + 3 per offer answered (max 30) + 6 per course passed (max 30), in the period.',
  })
  engagement: number;
}
