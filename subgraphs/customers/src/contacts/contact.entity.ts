import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';

export enum ContactRole {
  DECISION_MAKER = 'DECISION_MAKER',
  CHAMPION = 'CHAMPION',
  INFLUENCER = 'INFLUENCER',
  USER = 'USER',
  BILLING = 'BILLING',
  TECHNICAL = 'TECHNICAL',
}
registerEnumType(ContactRole, {
  name: 'ContactRole',
  description: 'The part a contact plays in buying.',
  valuesConfig: {
    DECISION_MAKER: { description: 'Signs off the purchase.' },
    CHAMPION: { description: 'Pushes for us inside the customer.' },
    INFLUENCER: { description: 'Shapes the decision.' },
    USER: { description: 'Uses the product.' },
    BILLING: { description: 'Handles invoices and payment.' },
    TECHNICAL: { description: 'Evaluates or runs the product technically.' },
  },
});

/** A person at a customer. */
@ObjectType({
  description: 'A person at a customer. Internal roles only; names, email and phone are personal data.',
})
@Entity({ name: 'contacts' })
export class Contact extends BusinessRecord {
  @Column({ type: 'uuid' })
  customerId: string;

  @Field(() => String, { description: 'First name (personal data).', nullable: true })
  @Column({ type: 'text' })
  firstName: string;

  @Field(() => String, { description: 'Last name (personal data).', nullable: true })
  @Column({ type: 'text' })
  lastName: string;

  @Field(() => String, { description: 'Email address (personal data).', nullable: true })
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Field(() => String, { description: 'Phone number (personal data).', nullable: true })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true, description: 'Job title.' })
  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Field(() => [ContactRole], { description: 'Buying roles this person plays; may be several.' })
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  roles: ContactRole[];

  @Field(() => String, {
    nullable: true,
    description: 'Subject (user id) of whoever last changed the record.',
  })
  @Column({ type: 'text', nullable: true })
  updatedBy: string | null;
}

export const ContactConnection = connectionType('Contact', Contact);
