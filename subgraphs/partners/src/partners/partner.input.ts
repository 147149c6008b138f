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
