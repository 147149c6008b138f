import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { RegistrationProductLine } from './registration-product-line';
import { BusinessRecord, CurrencyField, MoneyField } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { EngagementConflict } from './engagement.rules';

export enum DealRegistrationStatus {
  SUBMITTED = 'SUBMITTED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  RETURNED = 'RETURNED',
  WITHDRAWN = 'WITHDRAWN',
  EXPIRED = 'EXPIRED',
}
registerEnumType(DealRegistrationStatus, {
  name: 'DealRegistrationStatus',
  description: 'Where a deal registration is in its review.',
  valuesConfig: {
    SUBMITTED: { description: 'Sent by the partner, waiting for review.' },
    UNDER_REVIEW: { description: 'A channel manager is reviewing it.' },
    APPROVED: {
      description: 'Approved: the partner is protected until the expiry and the CRM deal is created.',
    },
    REJECTED: { description: 'Rejected, with a reason.' },
    RETURNED: { description: 'Sent back to the partner to correct and resubmit.' },
    WITHDRAWN: { description: 'Withdrawn by the partner.' },
    EXPIRED: { description: "The approval's protection ended." },
  },
});

/** What the CRM conflict check found when the registration was approved. */
export enum CrmConflictCheck {
  /** No open CRM deal for the same customer. */
  CLEAR = 'CLEAR',
  /** Open CRM deals were found and the approver overrode them, with a reason. */
  OVERRIDDEN = 'OVERRIDDEN',
  /** The CRM could not be reached; the approval went ahead unchecked. */
  UNAVAILABLE = 'UNAVAILABLE',
}
registerEnumType(CrmConflictCheck, {
  name: 'CrmConflictCheck',
  description:
    'Whether the CRM was checked for open deals of the same customer when a registration was approved.',
  valuesConfig: {
    CLEAR: { description: 'The CRM had no conflicting open deal.' },
    OVERRIDDEN: {
      description: 'The CRM had conflicting deals and a channel manager approved anyway, with a reason.',
    },
    UNAVAILABLE: { description: 'The CRM could not be reached; the approval went ahead without the check.' },
  },
});

/** Where the CRM deal of an approved registration stands. */
export enum DealRegistrationDealStatus {
  /** Approved; the CRM deal is being created (delivered through the outbox, retried until it is). */
  PENDING = 'PENDING',
  /** The CRM deal exists and is attributed to the partner. */
  CREATED = 'CREATED',
}
registerEnumType(DealRegistrationDealStatus, {
  name: 'DealRegistrationDealStatus',
  description: 'Whether the CRM deal of an approved registration exists yet.',
  valuesConfig: {
    PENDING: { description: 'Approved; the CRM deal is being created.' },
    CREATED: { description: 'The CRM deal exists (see `deal`).' },
  },
});

/**
 * A partner's claim on an opportunity: once approved, the partner is protected on that prospect
 * until `protectedUntil`.
 */
@ObjectType({
  description:
    "A partner's claim on a prospect it is working: when a channel manager approves it, the partner is protected on that prospect for a time and a CRM deal sourced by it is created. Partners register, edit and withdraw their own; CHANNEL_MANAGER and ADMIN review them.",
})
@Entity({ name: 'deal_registrations' })
export class DealRegistration extends BusinessRecord {
  @Field(() => ID, { description: 'The partner that registered the deal.' })
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => String, { description: "The prospect's company name." })
  @Column({ type: 'text' })
  prospectCompanyName: string;

  /** The company name normalised for conflict detection ("ACME, Inc." → "acme"). */
  @Column({ type: 'text' })
  prospectCompanyKey: string;

  @Field(() => String, { nullable: true, description: 'Normalised web domain of the prospect.' })
  @Column({ type: 'text', nullable: true })
  prospectDomain: string | null;

  @MoneyField({ description: "The partner's estimate of the deal's value." })
  estimatedAmount: string;

  @CurrencyField()
  currency: string;

  @Field(() => LocalDateScalar, { description: 'When the partner expects the deal to close.' })
  @Column({ type: 'date' })
  expectedCloseDate: string;

  @Field(() => [String], { description: 'The products the partner is selling.' })
  @Column({ type: 'text', array: true })
  products: string[];

  @Field(() => [RegistrationProductLine], {
    nullable: true,
    description:
      'The catalogue products the partner registered, with quantity and unit price; null when it named none. The CRM deal gets them as line items on approval.',
  })
  @Column({ type: 'jsonb', nullable: true })
  productLines: RegistrationProductLine[] | null;

  @Field(() => DealRegistrationStatus, { description: 'Where the registration is in review.' })
  @Column({ type: 'text' })
  status: DealRegistrationStatus;

  @Field(() => Date, { nullable: true, description: 'When it was last submitted.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  submittedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who took it into review.' })
  @Column({ type: 'text', nullable: true })
  reviewedBy: string | null;

  @Field(() => Date, {
    description: 'When the registration was approved; null unless approved.',
    nullable: true,
  })
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

  @Field(() => Date, { description: 'When it was approved or rejected.', nullable: true })
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

  @Field(() => EngagementConflict, {
    nullable: true,
    description:
      'The rules-of-engagement flag stored at submission (OWNED_DIRECT / OWNED_BY_ANOTHER_PARTNER: approving needs an override with a reason); null when it could not be checked.',
  })
  @Column({ type: 'text', nullable: true })
  engagementConflict: EngagementConflict | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who overrode the flag to approve (internal roles only).',
  })
  @Column({ type: 'text', nullable: true })
  engagementOverriddenBy: string | null;

  @Field(() => Date, { nullable: true, description: 'When the flag was overridden to approve.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  engagementOverriddenAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the flag was overridden (internal roles only).' })
  @Column({ type: 'text', nullable: true })
  engagementOverrideReason: string | null;

  @Field(() => Date, { nullable: true, description: 'When its protection was last extended.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  extendedAt: Date | null;

  @Field(() => String, {
    description: 'User id of whoever extended the protection (internal roles only).',
    nullable: true,
  })
  @Column({ type: 'text', nullable: true })
  extendedBy: string | null;

  @Field(() => String, {
    description: 'Why the protection was extended.',
    nullable: true,
  })
  @Column({ type: 'text', nullable: true })
  extensionReason: string | null;
}

export const DealRegistrationConnection = connectionType('DealRegistration', DealRegistration);
