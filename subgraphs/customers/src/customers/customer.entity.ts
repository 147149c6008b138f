import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '../../../../shared/src/graphql/pagination';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '../../../../shared/src/db/record';

export enum LifecycleStage {
  PROSPECT = 'PROSPECT',
  OPPORTUNITY = 'OPPORTUNITY',
  CUSTOMER = 'CUSTOMER',
  CHURNED = 'CHURNED',
}
registerEnumType(LifecycleStage, { name: 'LifecycleStage' });

/** A company we sell to: the one record sales, marketing and support share. */
@Directive('@key(fields: "id")')
@ObjectType()
@Entity({ name: 'customers' })
export class Customer extends BusinessRecord {
  @Field(() => String)
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Normalised web domain, e.g. "acme.com".' })
  @Column({ type: 'text', nullable: true })
  domain: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  industry: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  region: string | null;

  @Field(() => LifecycleStage)
  @Column({ type: 'text' })
  lifecycleStage: LifecycleStage;
}

export const CustomerConnection = connectionType('Customer', Customer);
