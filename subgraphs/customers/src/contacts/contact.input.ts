import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class CreateContactInput {
  @Field(() => ID)
  customerId: string;

  @Field(() => String)
  firstName: string;

  @Field(() => String)
  lastName: string;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;
}
