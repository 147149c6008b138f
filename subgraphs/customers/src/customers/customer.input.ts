import { Field, InputType } from 'type-graphql';
import { LifecycleStage } from './customer.entity';

@InputType({ description: 'A new customer account (SALES and ADMIN).' })
export class CreateCustomerInput {
  @Field(() => String, { description: 'Company name.' })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: 'Web domain; normalised ("https://www.acme.com" → "acme.com").',
  })
  domain?: string | null;

  @Field(() => String, { description: "The customer's industry.", nullable: true })
  industry?: string | null;

  @Field(() => String, { description: 'The sales region the customer belongs to.', nullable: true })
  region?: string | null;

  @Field(() => LifecycleStage, {
    description: 'Where the customer is in its life with us; PROSPECT by default.',
    nullable: true,
    defaultValue: LifecycleStage.PROSPECT,
  })
  lifecycleStage?: LifecycleStage;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Create it even if a live customer has the same normalised domain or name.',
  })
  allowDuplicate?: boolean | null;
}

/** Fields to change; an omitted field is left as it is, an explicit null clears an optional one. */
@InputType({ description: 'Changes to a customer; omitted fields keep their value.' })
export class UpdateCustomerInput {
  @Field(() => String, { description: 'New company name.', nullable: true })
  name?: string | null;

  @Field(() => String, { description: 'New web domain.', nullable: true })
  domain?: string | null;

  @Field(() => String, { description: 'New industry.', nullable: true })
  industry?: string | null;

  @Field(() => String, { description: 'New sales region.', nullable: true })
  region?: string | null;

  @Field(() => LifecycleStage, { description: 'New lifecycle stage.', nullable: true })
  lifecycleStage?: LifecycleStage | null;

  @Field(() => Boolean, {
    description: 'Save even when another live customer has the same name or domain.',
    nullable: true,
    defaultValue: false,
  })
  allowDuplicate?: boolean | null;
}
