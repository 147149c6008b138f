import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { PartnerTier } from '../partners';

export enum LeadOfferStatus {
  OFFERED = 'OFFERED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  EXPIRED = 'EXPIRED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(LeadOfferStatus, {
  name: 'LeadOfferStatus',
  description: 'Where a lead offer stands.',
  valuesConfig: {
    OFFERED: { description: "Waiting for the partner's answer." },
    ACCEPTED: { description: 'Accepted by the partner.' },
    DECLINED: { description: 'Declined by the partner.' },
    EXPIRED: { description: 'Not answered in time.' },
    WITHDRAWN: { description: 'Withdrawn by a channel manager.' },
  },
});

export enum LeadOfferEventType {
  OFFERED = 'OFFERED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  EXPIRED = 'EXPIRED',
  /** A new offer made automatically after the previous one was declined or expired. */
  REROUTED = 'REROUTED',
  WITHDRAWN = 'WITHDRAWN',
  /** Re-routing found no eligible partner left: the lead is back with the channel managers. */
  UNROUTED = 'UNROUTED',
}
registerEnumType(LeadOfferEventType, {
  name: 'LeadOfferEventType',
  description: "The steps in a lead offer's life.",
  valuesConfig: {
    OFFERED: { description: 'The lead was offered to the partner.' },
    ACCEPTED: { description: 'The partner accepted; the lead is assigned to it.' },
    DECLINED: { description: 'The partner declined.' },
    EXPIRED: { description: 'The partner did not answer in time.' },
    REROUTED: { description: 'Offered on to another partner after a decline or expiry.' },
    WITHDRAWN: { description: 'A channel manager withdrew the offer.' },
    UNROUTED: { description: 'No partner was left to offer the lead to.' },
  },
});

/**
 * How leads are shared automatically: a lead matching the rule's region and industry goes to the
 * best ACTIVE partner of at least `minTier` in that region with room for another open offer.
 * Enabled rules are tried by ascending `priority`.
 */
@ObjectType({
  description:
    'A rule for routing new leads to partners by region, industry and tier (CHANNEL_MANAGER and ADMIN manage them).',
})
@Entity({ name: 'distribution_rules' })
export class DistributionRule extends BusinessRecord {
  @Field(() => String, { description: 'Name of the rule.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => Int, { description: 'Lower numbers are tried first.' })
  @Column({ type: 'int' })
  priority: number;

  @Field(() => Boolean, { description: 'Whether the rule routes leads.' })
  @Column({ type: 'boolean' })
  enabled: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Leads of this region, to partners of this region; null: any region.',
  })
  @Column({ type: 'text', nullable: true })
  region: string | null;

  @Field(() => String, { nullable: true, description: 'Leads of this industry; null: any industry.' })
  @Column({ type: 'text', nullable: true })
  industry: string | null;

  @Field(() => PartnerTier, { nullable: true, description: 'Lowest partner tier offered to; null: any.' })
  @Column({ type: 'text', nullable: true })
  minTier: PartnerTier | null;

  @Field(() => Int, { description: 'Hours a partner has to accept or decline.' })
  @Column({ type: 'int' })
  responseSlaHours: number;

  @Field(() => Int, { description: 'A partner with this many open offers gets no more.' })
  @Column({ type: 'int' })
  maxOpenOffersPerPartner: number;
}

export const DistributionRuleConnection = connectionType('DistributionRule', DistributionRule);

/** A CRM lead offered to one partner, who accepts or declines it before `respondBy`. */
@ObjectType({
  description:
    'A lead offered to one partner to work, which it accepts or declines before a deadline. Partners see and answer only their own offers; CHANNEL_MANAGER and ADMIN make them.',
})
@Entity({ name: 'lead_offers' })
export class LeadOffer extends BusinessRecord {
  @Column({ type: 'uuid' })
  leadId: string;

  @Column({ type: 'uuid' })
  partnerId: string;

  @Column({ type: 'uuid', nullable: true })
  ruleId: string | null;

  @Field(() => LeadOfferStatus, { description: 'Where the offer stands.' })
  @Column({ type: 'text' })
  status: LeadOfferStatus;

  @Field(() => Date, { description: 'When the lead was offered.' })
  @Column({ type: 'timestamptz', precision: 3 })
  offeredAt: Date;

  @Field(() => Date, { description: 'The offer expires (and is re-routed) when this passes.' })
  @Column({ type: 'timestamptz', precision: 3 })
  respondBy: Date;

  @Field(() => Date, { nullable: true, description: 'When the partner accepted or declined.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  respondedAt: Date | null;

  @Field(() => String, { description: 'Why the partner declined.', nullable: true })
  @Column({ type: 'text', nullable: true })
  declineReason: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who made the offer: a channel manager, or "routing:<rule id>".',
  })
  @Column({ type: 'text' })
  offeredBy: string;

  @Column({ type: 'uuid', nullable: true })
  previousOfferId: string | null;

  @Column({ type: 'uuid', nullable: true })
  nextOfferId: string | null;
}

export const LeadOfferConnection = connectionType('LeadOffer', LeadOffer);

/** One step in a lead offer's life: who did what, when. */
@ObjectType({ description: "One step in a lead offer's life (a history entry: kind, at, by, reason)." })
@Entity({ name: 'lead_offer_events' })
export class LeadOfferEvent extends BusinessRecord {
  /** Order of the steps (several can share a timestamp within one transaction). */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Field(() => ID, { description: 'The offer.' })
  @Column({ type: 'uuid' })
  offerId: string;

  @Field(() => ID, { description: 'The lead offered.' })
  @Column({ type: 'uuid' })
  leadId: string;

  @Field(() => ID, { description: 'The partner it was offered to.' })
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => LeadOfferEventType, {
    description: 'What happened to the offer.',
    deprecationReason: 'Use kind',
  })
  @Column({ type: 'text' })
  type: LeadOfferEventType;

  @Field(() => String, {
    nullable: true,
    description: 'Who acted: a user, or "system" for expiry and routing.',
    deprecationReason: 'Use by',
  })
  @Column({ type: 'text' })
  actor: string;

  // The history-entry shape every history type shares: kind, at, by, reason.
  @Field(() => LeadOfferEventType, { name: 'kind', description: 'What happened to the offer.' })
  get kind(): LeadOfferEventType {
    return this.type;
  }

  @Field(() => String, {
    name: 'by',
    nullable: true,
    description: 'Who acted: a user id, or "system" for expiry and routing (internal roles only).',
  })
  get by(): string {
    return this.actor;
  }

  @Field(() => Date, { description: 'When it happened.' })
  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  @Field(() => String, { nullable: true, description: 'Why, as given by whoever acted (a decline reason).' })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** For REROUTED: the offer that was declined or expired (exposed by LeadOfferEventResolver). */
  @Column({ type: 'uuid', nullable: true })
  relatedOfferId: string | null;
}

export enum LeadReferralStatus {
  PENDING = 'PENDING',
  COMPLETED = 'COMPLETED',
}

/**
 * A lead a partner referred. Recorded (PENDING, with the caller's idempotency key) before the CRM
 * lead is created, and COMPLETED once it exists, so a retry finishes a half-done referral.
 */
@Entity({ name: 'lead_referrals' })
export class LeadReferral extends BusinessRecord {
  @Column({ type: 'uuid' })
  partnerId: string;

  @Column({ type: 'text' })
  idempotencyKey: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  company: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', nullable: true })
  domain: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'text' })
  status: LeadReferralStatus;

  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;
}
