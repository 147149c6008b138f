import { Field, InputType } from 'type-graphql';
import { LifecycleStage } from './customer.entity';

@InputType()
export class CreateCustomerInput {
  @Field(() => String)
  name: string;

  @Field(() => String, {
    nullable: true,
    description: 'Web domain; normalised ("https://www.acme.com" → "acme.com").',
  })
  domain?: string | null;

  @Field(() => String, { nullable: true })
  industry?: string | null;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => LifecycleStage, { nullable: true, defaultValue: LifecycleStage.PROSPECT })
  lifecycleStage?: LifecycleStage;
}
