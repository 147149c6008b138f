import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, MoneyField } from '../../../../shared/src/db/record';
import { connectionType } from '../../../../shared/src/graphql/pagination';
import { LocalDateScalar } from '../../../../shared/src/graphql/scalars';

export enum MdfRequestStatus {
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(MdfRequestStatus, { name: 'MdfRequestStatus' });

export enum MdfClaimStatus {
  SUBMITTED = 'SUBMITTED',
  PAID = 'PAID',
  REJECTED = 'REJECTED',
}
registerEnumType(MdfClaimStatus, { name: 'MdfClaimStatus' });

/** Market development funds for a period, shared out to partners as allocations. */
@ObjectType()
@Entity({ name: 'mdf_budgets' })
export class MdfBudget extends BusinessRecord {
  @Field(() => String)
  @Column({ type: 'text' })
  name: string;

  @Field(() => LocalDateScalar)
  @Column({ type: 'date' })
  periodFrom: string;

  @Field(() => LocalDateScalar)
  @Column({ type: 'date' })
  periodTo: string;

  @MoneyField()
  amount: string;

  @Field(() => String)
  @Column({ type: 'char', length: 3 })
  currency: string;

  @MoneyField({ description: 'Sum of its allocations (never above the amount).' })
  allocated: string;
}

/** The part of a budget a partner may ask to spend. */
@ObjectType()
@Entity({ name: 'mdf_allocations' })
export class MdfAllocation extends BusinessRecord {
  @Field(() => ID)
  @Column({ type: 'uuid' })
  budgetId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  partnerId: string;

  @MoneyField()
  amount: string;

  @Field(() => String)
  @Column({ type: 'char', length: 3 })
  currency: string;

  @MoneyField({ description: 'Sum of its submitted and approved requests (never above the amount).' })
  requested: string;
}

/** A partner asking to spend part of its allocation on an activity. */
@ObjectType()
@Entity({ name: 'mdf_requests' })
export class MdfRequest extends BusinessRecord {
  @Field(() => ID)
  @Column({ type: 'uuid' })
  allocationId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => String)
  @Column({ type: 'text' })
  activity: string;

  @MoneyField()
  amount: string;

  @Field(() => String)
  @Column({ type: 'char', length: 3 })
  currency: string;

  @Field(() => MdfRequestStatus)
  @Column({ type: 'text' })
  status: MdfRequestStatus;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reviewedBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  reviewedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reviewNote: string | null;

  @MoneyField({ description: 'Sum of its submitted and paid claims (never above the amount).' })
  claimed: string;
}

/** A partner claiming money spent on an approved request, with proof of the spend. */
@ObjectType()
@Entity({ name: 'mdf_claims' })
export class MdfClaim extends BusinessRecord {
  @Field(() => ID)
  @Column({ type: 'uuid' })
  requestId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  partnerId: string;

  @MoneyField()
  amount: string;

  @Field(() => String)
  @Column({ type: 'char', length: 3 })
  currency: string;

  @Field(() => [String], { description: 'Proof of the spend: URLs or document references.' })
  @Column({ type: 'text', array: true })
  proof: string[];

  @Field(() => MdfClaimStatus)
  @Column({ type: 'text' })
  status: MdfClaimStatus;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reviewedBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  paidAt: Date | null;
}

export const MdfBudgetConnection = connectionType('MdfBudget', MdfBudget);
export const MdfAllocationConnection = connectionType('MdfAllocation', MdfAllocation);
export const MdfRequestConnection = connectionType('MdfRequest', MdfRequest);
export const MdfClaimConnection = connectionType('MdfClaim', MdfClaim);
