import { Field, InputType } from 'type-graphql';
import { DecimalScalar } from '../../../../shared/src/graphql/scalars';
import { CampaignChannel, CampaignStatus } from './campaign.entity';

@InputType()
export class CreateCampaignInput {
  @Field(() => String)
  name: string;

  @Field(() => CampaignChannel)
  channel: CampaignChannel;

  @Field(() => Date, { nullable: true })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt?: Date | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Exact amount, e.g. "5000.00"; needs currency.',
  })
  budget?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency code of the budget.' })
  currency?: string | null;
}

@InputType()
export class CampaignFilter {
  @Field(() => CampaignStatus, { nullable: true })
  status?: CampaignStatus | null;

  @Field(() => CampaignChannel, { nullable: true })
  channel?: CampaignChannel | null;
}
