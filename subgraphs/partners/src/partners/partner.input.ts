import { Field, InputType } from 'type-graphql';
import { PartnerType } from './partner.entity';

/**
 * What the caller may set on a new partner. It starts APPLIED at the REGISTERED tier: status
 * moves only through onboarding (startPartnerReview, approvePartnerApplication …) and the tier only
 * through the tier rules.
 */
@InputType({
  description: 'A new partner, created directly by the channel team (CHANNEL_MANAGER and ADMIN).',
})
export class CreatePartnerInput {
  @Field(() => String, { description: 'Company name of the partner.' })
  name: string;

  @Field(() => PartnerType, { description: 'What kind of partner it is.' })
  type: PartnerType;

  @Field(() => String, { description: 'The region the partner sells in.', nullable: true })
  region?: string | null;

  @Field(() => String, { description: 'The partner\'s web domain, e.g. "example.com".', nullable: true })
  domain?: string | null;
}

/**
 * A partner's own profile, as its admins may edit it (partner ADMIN users, channel managers);
 * status, tier and type are the channel team's. An omitted field is left as it is.
 */
@InputType({
  description:
    "A partner's own profile fields (name, region, domain); status, tier and type change only through their transitions.",
})
export class UpdatePartnerInput {
  @Field(() => String, { nullable: true, description: 'Company name (at most 200 characters).' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Region (at most 100 characters); null clears it.' })
  region?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Company web domain, e.g. "acme.com"; null clears it. Another partner\'s domain is refused.',
  })
  domain?: string | null;
}
