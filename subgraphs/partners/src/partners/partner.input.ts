import { Field, InputType } from 'type-graphql';
import { PartnerType } from './partner.entity';

/**
 * What the caller may set on a new partner. It starts APPLIED at the REGISTERED tier: status
 * moves only through onboarding (startPartnerReview, approvePartnerApplication …) and the tier only
 * through the tier rules.
 */
@InputType()
export class CreatePartnerInput {
  @Field(() => String)
  name: string;

  @Field(() => PartnerType)
  type: PartnerType;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true })
  domain?: string | null;
}
