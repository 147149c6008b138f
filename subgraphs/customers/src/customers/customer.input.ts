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

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Create it even if a live customer has the same normalised domain or name.',
  })
  allowDuplicate?: boolean | null;
}

/** Fields to change; an omitted field is left as it is, an explicit null clears an optional one. */
@InputType()
export class UpdateCustomerInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  domain?: string | null;

  @Field(() => String, { nullable: true })
  industry?: string | null;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => LifecycleStage, { nullable: true })
  lifecycleStage?: LifecycleStage | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  allowDuplicate?: boolean | null;
}
