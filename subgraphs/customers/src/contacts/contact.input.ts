import { Field, ID, InputType } from 'type-graphql';
import { ContactRole } from './contact.entity';

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

  @Field(() => [ContactRole], { nullable: true, description: 'Buying roles; several allowed.' })
  roles?: ContactRole[] | null;
}

/** Fields to change; an omitted field is left as it is, an explicit null clears an optional one. */
@InputType()
export class UpdateContactInput {
  @Field(() => String, { nullable: true })
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  lastName?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => [ContactRole], { nullable: true, description: 'Replaces the roles.' })
  roles?: ContactRole[] | null;
}
