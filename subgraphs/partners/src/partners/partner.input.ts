import { Field, InputType } from 'type-graphql';
import { PartnerStatus, PartnerTier, PartnerType } from './partner.entity';

@InputType()
export class CreatePartnerInput {
  @Field(() => String)
  name: string;

  @Field(() => PartnerType)
  type: PartnerType;

  @Field(() => PartnerTier, { nullable: true, defaultValue: PartnerTier.REGISTERED })
  tier?: PartnerTier;

  @Field(() => PartnerStatus, { nullable: true, defaultValue: PartnerStatus.APPLIED })
  status?: PartnerStatus;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true })
  domain?: string | null;
}

/**
 * A partner's own profile, as its admins may edit it (partner ADMIN users, channel managers);
 * status, tier and type are the channel team's. An omitted field is left as it is.
 */
@InputType()
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
