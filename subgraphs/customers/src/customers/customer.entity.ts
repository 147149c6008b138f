import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '../../../../shared/src/graphql/pagination';
import { BeforeInsert, BeforeUpdate, Column, Entity } from 'typeorm';
import { normaliseCompanyName } from './customer.rules';
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

  @Field(() => String, {
    nullable: true,
    description: 'Subject (user id) of whoever last changed the record.',
  })
  @Column({ type: 'text', nullable: true })
  updatedBy: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The customer this one was merged into (then it is deleted).',
  })
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  /** Normalised name for duplicate detection, kept in step with `name` on every save. */
  @Column({ type: 'text', nullable: true })
  nameKey: string | null;

  @BeforeInsert()
  @BeforeUpdate()
  protected keepNameKey(): void {
    if (typeof this.name === 'string') this.nameKey = normaliseCompanyName(this.name);
  }
}

export const CustomerConnection = connectionType('Customer', Customer);
