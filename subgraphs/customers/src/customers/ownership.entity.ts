import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { CustomerOwnership } from './customer.entity';

/** One change of a customer's ownership (the rules of engagement's history: who, when, from, to, why). */
@ObjectType({
  description:
    "One change of a customer's ownership under the rules of engagement: from, to, who, when and why. Roles: ADMIN, SALES, CHANNEL_MANAGER, ANALYST.",
})
@Entity({ name: 'customer_ownership_changes' })
export class CustomerOwnershipChange extends BusinessRecord {
  @Field(() => ID, { description: 'The customer.' })
  @Column({ type: 'uuid' })
  customerId: string;

  @Field(() => CustomerOwnership, { description: 'The ownership before the change.' })
  @Column({ type: 'text' })
  fromOwnership: CustomerOwnership;

  @Field(() => ID, { nullable: true, description: 'The owning partner before the change (CHANNEL only).' })
  @Column({ type: 'uuid', nullable: true })
  fromPartnerId: string | null;

  @Field(() => CustomerOwnership, { description: 'The ownership after the change.' })
  @Column({ type: 'text' })
  toOwnership: CustomerOwnership;

  @Field(() => ID, { nullable: true, description: 'The owning partner after the change (CHANNEL only).' })
  @Column({ type: 'uuid', nullable: true })
  toPartnerId: string | null;

  @Field(() => String, { nullable: true, description: 'Why it changed (internal).' })
  @Column({ type: 'text' })
  reason: string;

  @Field(() => String, { nullable: true, description: 'Who changed it (internal).' })
  @Column({ type: 'text' })
  changedBy: string;

  @Field(() => Date, { description: 'When it changed.' })
  @Column({ type: 'timestamptz', precision: 3 })
  changedAt: Date;
}

export const CustomerOwnershipChangeConnection = connectionType(
  'CustomerOwnershipChange',
  CustomerOwnershipChange,
);
