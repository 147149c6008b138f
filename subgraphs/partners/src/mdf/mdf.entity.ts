import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, CurrencyField, MoneyField } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { LocalDateScalar } from '@sales-graph/shared/graphql/scalars';

export enum MdfRequestStatus {
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(MdfRequestStatus, {
  name: 'MdfRequestStatus',
  description: 'Where an MDF request stands.',
  valuesConfig: {
    SUBMITTED: { description: 'Waiting for a decision.' },
    APPROVED: { description: 'Approved: the partner may claim against it.' },
    REJECTED: { description: 'Rejected.' },
  },
});

export enum MdfClaimStatus {
  SUBMITTED = 'SUBMITTED',
  PAID = 'PAID',
  REJECTED = 'REJECTED',
}
registerEnumType(MdfClaimStatus, {
  name: 'MdfClaimStatus',
  description: 'Where an MDF claim stands.',
  valuesConfig: {
    SUBMITTED: { description: 'Waiting for a decision.' },
    PAID: { description: 'Paid.' },
    REJECTED: { description: 'Rejected.' },
  },
});

/** Market development funds for a period, shared out to partners as allocations. */
@ObjectType({
  description:
    'A budget of market development funds (MDF) for a period, shared out to partners (CHANNEL_MANAGER and ADMIN; ANALYST reads).',
})
@Entity({ name: 'mdf_budgets' })
export class MdfBudget extends BusinessRecord {
  @Field(() => String, { description: 'Name of the budget.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => LocalDateScalar, { description: 'First day the budget covers.' })
  @Column({ type: 'date' })
  periodFrom: string;

  @Field(() => LocalDateScalar, { description: 'Last day the budget covers.' })
  @Column({ type: 'date' })
  periodTo: string;

  @MoneyField({ description: 'Total funds.' })
  amount: string;

  @CurrencyField({ description: 'ISO 4217 code of the amount.' })
  currency: string;

  @MoneyField({ description: 'Sum of its allocations (never above the amount).' })
  allocated: string;
}

/** The part of a budget a partner may ask to spend. */
@ObjectType({
  description:
    "A partner's share of an MDF budget, which it spends through MDF requests. Partners see only their own.",
})
@Entity({ name: 'mdf_allocations' })
export class MdfAllocation extends BusinessRecord {
  @Field(() => ID, { description: 'The budget it comes from.' })
  @Column({ type: 'uuid' })
  budgetId: string;

  @Field(() => ID, { description: 'The partner it was given to.' })
  @Column({ type: 'uuid' })
  partnerId: string;

  @MoneyField({ description: 'The funds allocated.' })
  amount: string;

  @CurrencyField({ description: 'ISO 4217 code of the amount.' })
  currency: string;

  @MoneyField({ description: 'Sum of its submitted and approved requests (never above the amount).' })
  requested: string;
}

/** A partner asking to spend part of its allocation on an activity. */
@ObjectType({
  description:
    "A partner's request to spend part of its MDF allocation on a marketing activity. Partners see and submit only their own; CHANNEL_MANAGER and ADMIN decide them.",
})
@Entity({ name: 'mdf_requests' })
export class MdfRequest extends BusinessRecord {
  @Field(() => ID, { description: 'The allocation the funds come from.' })
  @Column({ type: 'uuid' })
  allocationId: string;

  @Field(() => ID, { description: 'The partner requesting.' })
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => String, { description: 'The marketing activity the funds are for.' })
  @Column({ type: 'text' })
  activity: string;

  @MoneyField({ description: 'The amount requested.' })
  amount: string;

  @CurrencyField({ description: 'ISO 4217 code of the amount.' })
  currency: string;

  @Field(() => MdfRequestStatus, { description: 'Where the request stands.' })
  @Column({ type: 'text' })
  status: MdfRequestStatus;

  @Field(() => String, { description: 'User id of whoever decided (internal roles only).', nullable: true })
  @Column({ type: 'text', nullable: true })
  reviewedBy: string | null;

  @Field(() => Date, { description: 'When the request was decided.', nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  reviewedAt: Date | null;

  @Field(() => String, { description: "The reviewer's note to the partner.", nullable: true })
  @Column({ type: 'text', nullable: true })
  reviewNote: string | null;

  @MoneyField({ description: 'Sum of its submitted and paid claims (never above the amount).' })
  claimed: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The CRM campaign the funds are for, if named (by the partner while nothing is claimed, or by a channel manager).',
  })
  @Column({ type: 'uuid', nullable: true })
  campaignId: string | null;

  @Field(() => Boolean, {
    description:
      'Whether a channel manager set or confirmed the campaign (an approval confirms it); a partner sees the campaign return only then.',
  })
  @Column({ type: 'boolean', default: false })
  campaignConfirmed: boolean;
}

/** A partner claiming money spent on an approved request, with proof of the spend. */
@ObjectType({
  description:
    "A partner's claim for reimbursement of money spent on an approved MDF request. Partners see and submit only their own; CHANNEL_MANAGER and ADMIN decide them.",
})
@Entity({ name: 'mdf_claims' })
export class MdfClaim extends BusinessRecord {
  @Field(() => ID, { description: 'The MDF request claimed against.' })
  @Column({ type: 'uuid' })
  requestId: string;

  @Field(() => ID, { description: 'The partner claiming.' })
  @Column({ type: 'uuid' })
  partnerId: string;

  @MoneyField({ description: 'The amount claimed.' })
  amount: string;

  @CurrencyField({ description: 'ISO 4217 code of the amount.' })
  currency: string;

  @Field(() => [String], { description: 'Proof of the spend: URLs or document references.' })
  @Column({ type: 'text', array: true })
  proof: string[];

  @Field(() => MdfClaimStatus, { description: 'Where the claim stands.' })
  @Column({ type: 'text' })
  status: MdfClaimStatus;

  @Field(() => String, {
    description: 'User id of whoever decided the claim (internal roles only).',
    nullable: true,
  })
  @Column({ type: 'text', nullable: true })
  reviewedBy: string | null;

  @Field(() => Date, { description: 'When the claim was paid.', nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  paidAt: Date | null;
}

export const MdfBudgetConnection = connectionType('MdfBudget', MdfBudget);
export const MdfAllocationConnection = connectionType('MdfAllocation', MdfAllocation);
export const MdfRequestConnection = connectionType('MdfRequest', MdfRequest);
export const MdfClaimConnection = connectionType('MdfClaim', MdfClaim);
