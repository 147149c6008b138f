import { Field, InputType } from 'type-graphql';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';
import { CampaignChannel } from './campaign.entity';

@InputType({ description: 'A new campaign, created as DRAFT (MARKETING and ADMIN).' })
export class CreateCampaignInput {
  @Field(() => String, { description: 'Name of the campaign.' })
  name: string;

  @Field(() => CampaignChannel, { description: 'How the campaign reaches people.' })
  channel: CampaignChannel;

  @Field(() => Date, { description: 'When it starts.', nullable: true })
  startsAt?: Date | null;

  @Field(() => Date, { description: 'When it ends.', nullable: true })
  endsAt?: Date | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Exact amount, e.g. "5000.00"; needs currency.',
  })
  budget?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency code of the budget.' })
  currency?: string | null;
}
