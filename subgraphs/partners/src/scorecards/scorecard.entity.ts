import { Field, Float, Int, ObjectType } from 'type-graphql';

/**
 * How a partner performs with the leads it is offered, and how certified it is. (Revenue and win
 * rate come from the sales-tracking side.)
 */
@ObjectType()
export class PartnerScorecard {
  @Field(() => Int, { description: 'Lead offers made to the partner, in any status.' })
  leadOffersReceived: number;

  @Field(() => Int)
  leadOffersAccepted: number;

  @Field(() => Int)
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
}
