import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, MoneyField } from '../../../../shared/src/db/record';
import { connectionType } from '../../../../shared/src/graphql/pagination';
import { LocalDateScalar } from '../../../../shared/src/graphql/scalars';

export enum DealRegistrationStatus {
  SUBMITTED = 'SUBMITTED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  RETURNED = 'RETURNED',
  WITHDRAWN = 'WITHDRAWN',
  EXPIRED = 'EXPIRED',
}
registerEnumType(DealRegistrationStatus, { name: 'DealRegistrationStatus' });

/** What the CRM conflict check found when the registration was approved. */
export enum CrmConflictCheck {
  /** No open CRM deal for the same customer. */
  CLEAR = 'CLEAR',
  /** Open CRM deals were found and the approver overrode them, with a reason. */
  OVERRIDDEN = 'OVERRIDDEN',
  /** The CRM could not be reached; the approval went ahead unchecked. */
  UNAVAILABLE = 'UNAVAILABLE',
}
registerEnumType(CrmConflictCheck, { name: 'CrmConflictCheck' });

/** Where the CRM deal of an approved registration stands. */
export enum DealRegistrationDealStatus {
  /** Approved; the CRM deal is being created (delivered through the outbox, retried until it is). */
  PENDING = 'PENDING',
  /** The CRM deal exists and is attributed to the partner. */
  CREATED = 'CREATED',
}
registerEnumType(DealRegistrationDealStatus, { name: 'DealRegistrationDealStatus' });

/**
 * A partner's claim on an opportunity: once approved, the partner is protected on that prospect
 * until `protectedUntil`.
 */
@ObjectType()
@Entity({ name: 'deal_registrations' })
export class DealRegistration extends BusinessRecord {
  @Field(() => ID)
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => String)
  @Column({ type: 'text' })
  prospectCompanyName: string;

  /** The company name normalised for conflict detection ("ACME, Inc." → "acme"). */
  @Column({ type: 'text' })
  prospectCompanyKey: string;

  @Field(() => String, { nullable: true, description: 'Normalised web domain of the prospect.' })
  @Column({ type: 'text', nullable: true })
  prospectDomain: string | null;

  @MoneyField()
  estimatedAmount: string;

  @Field(() => String, { description: 'ISO 4217 currency code.' })
  @Column({ type: 'char', length: 3 })
  currency: string;

  @Field(() => LocalDateScalar)
  @Column({ type: 'date' })
  expectedCloseDate: string;

  @Field(() => [String])
  @Column({ type: 'text', array: true })
  products: string[];

  @Field(() => DealRegistrationStatus)
  @Column({ type: 'text' })
  status: DealRegistrationStatus;

  @Field(() => Date, { nullable: true, description: 'When it was last submitted.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  submittedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who took it into review.' })
  @Column({ type: 'text', nullable: true })
  reviewedBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  approvedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who approved it.' })
  @Column({ type: 'text', nullable: true })
  approvedBy: string | null;

  @Field(() => Date, { nullable: true, description: 'End of the protection an approval gives.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  protectedUntil: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was last rejected or returned.' })
  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who last approved, rejected or returned it.' })
  @Column({ type: 'text', nullable: true })
  decidedBy: string | null;

  /** The CRM deal the approval created (exposed as `deal`). */
  @Column({ type: 'uuid', nullable: true })
  dealId: string | null;

  /** What the CRM conflict check found at approval (internal: see DealRegistrationDealResolver). */
  @Column({ type: 'text', nullable: true })
  crmConflictCheck: CrmConflictCheck | null;

  /** Open CRM deals the approver overrode (internal). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  overriddenDealIds: string[];

  /** Why the approver overrode them (internal). */
  @Column({ type: 'text', nullable: true })
  overrideReason: string | null;

  @Field(() => Date, { nullable: true, description: 'When its protection was last extended.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  extendedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  extendedBy: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  extensionReason: string | null;
}

export const DealRegistrationConnection = connectionType('DealRegistration', DealRegistration);
