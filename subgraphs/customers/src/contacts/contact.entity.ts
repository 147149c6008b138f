import { Field, ObjectType } from 'type-graphql';
import { connectionType } from '../../../../shared/src/graphql/pagination';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '../../../../shared/src/db/record';

/** A person at a customer. */
@ObjectType()
@Entity({ name: 'contacts' })
export class Contact extends BusinessRecord {
  @Column({ type: 'uuid' })
  customerId: string;

  @Field(() => String)
  @Column({ type: 'text' })
  firstName: string;

  @Field(() => String)
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
}

export const ContactConnection = connectionType('Contact', Contact);
