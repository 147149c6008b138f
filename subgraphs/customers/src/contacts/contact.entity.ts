import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '../../../../shared/src/graphql/pagination';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '../../../../shared/src/db/record';

export enum ContactRole {
  DECISION_MAKER = 'DECISION_MAKER',
  CHAMPION = 'CHAMPION',
  INFLUENCER = 'INFLUENCER',
  USER = 'USER',
  BILLING = 'BILLING',
  TECHNICAL = 'TECHNICAL',
}
registerEnumType(ContactRole, { name: 'ContactRole' });

/** A person at a customer. */
@ObjectType()
@Entity({ name: 'contacts' })
export class Contact extends BusinessRecord {
  @Column({ type: 'uuid' })
  customerId: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text' })
  firstName: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text' })
  lastName: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
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
