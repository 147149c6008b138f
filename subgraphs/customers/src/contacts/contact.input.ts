import { Field, ID, InputType } from 'type-graphql';
import { ContactRole } from './contact.entity';

@InputType({ description: 'A new contact at a customer (SALES, MARKETING, SUPPORT and ADMIN).' })
export class CreateContactInput {
  @Field(() => ID, { description: 'The customer the person works for.' })
  customerId: string;

  @Field(() => String, { description: 'First name.' })
  firstName: string;

  @Field(() => String, { description: 'Last name.' })
  lastName: string;

  @Field(() => String, { description: 'Email address.', nullable: true })
  email?: string | null;

  @Field(() => String, { description: 'Phone number.', nullable: true })
  phone?: string | null;

  @Field(() => String, { description: 'Job title.', nullable: true })
  title?: string | null;

  @Field(() => [ContactRole], { nullable: true, description: 'Buying roles; several allowed.' })
  roles?: ContactRole[] | null;
}

/** Fields to change; an omitted field is left as it is, an explicit null clears an optional one. */
@InputType({ description: 'Changes to a contact; omitted fields keep their value.' })
export class UpdateContactInput {
  @Field(() => String, { description: 'New first name.', nullable: true })
  firstName?: string | null;

  @Field(() => String, { description: 'New last name.', nullable: true })
  lastName?: string | null;

  @Field(() => String, { description: 'New email address.', nullable: true })
  email?: string | null;

  @Field(() => String, { description: 'New phone number.', nullable: true })
  phone?: string | null;

  @Field(() => String, { description: 'New job title.', nullable: true })
  title?: string | null;

  @Field(() => [ContactRole], { nullable: true, description: 'Replaces the roles.' })
  roles?: ContactRole[] | null;
}
