import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, MoneyField } from '../../../../shared/src/db/record';
import { connectionType } from '../../../../shared/src/graphql/pagination';

export enum CampaignChannel {
  EMAIL = 'EMAIL',
  EVENT = 'EVENT',
  WEBINAR = 'WEBINAR',
  ADS = 'ADS',
  CONTENT = 'CONTENT',
}
registerEnumType(CampaignChannel, { name: 'CampaignChannel' });

export enum CampaignStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(CampaignStatus, { name: 'CampaignStatus' });

export enum CampaignMemberStatus {
  ENROLLED = 'ENROLLED',
  SENT = 'SENT',
  OPENED = 'OPENED',
  CLICKED = 'CLICKED',
  RESPONDED = 'RESPONDED',
  BOUNCED = 'BOUNCED',
  UNSUBSCRIBED = 'UNSUBSCRIBED',
}
registerEnumType(CampaignMemberStatus, { name: 'CampaignMemberStatus' });

/** A marketing campaign: one channel, a lifecycle, an optional time window and budget. */
@ObjectType()
@Entity({ name: 'campaigns' })
export class Campaign extends BusinessRecord {
  @Field(() => String)
  @Column({ type: 'text' })
  name: string;

  @Field(() => CampaignChannel)
  @Column({ type: 'text' })
  channel: CampaignChannel;

  @Field(() => CampaignStatus)
  @Column({ type: 'text' })
  status: CampaignStatus;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startsAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endsAt: Date | null;

  @MoneyField({ nullable: true, description: 'Exact budget in `currency`.' })
  budget: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency code of the budget.' })
  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;
}

/** A contact or a lead (exactly one) taking part in a campaign, with how they responded. */
@ObjectType()
@Entity({ name: 'campaign_members' })
export class CampaignMember extends BusinessRecord {
  @Column({ type: 'uuid' })
  campaignId: string;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  @Field(() => CampaignMemberStatus)
  @Column({ type: 'text' })
  status: CampaignMemberStatus;

  @Field(() => Date, { nullable: true, description: 'When the member responded, if they did.' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  respondedAt: Date | null;
}

export const CampaignConnection = connectionType('Campaign', Campaign);
export const CampaignMemberConnection = connectionType('CampaignMember', CampaignMember);

export enum EnrolmentSkipReason {
  UNSUBSCRIBED = 'UNSUBSCRIBED',
  NO_CONSENT = 'NO_CONSENT',
}
registerEnumType(EnrolmentSkipReason, { name: 'EnrolmentSkipReason' });

/** Someone a bulk enrolment left out, and why. */
@ObjectType()
export class EnrolmentSkip {
  @Field(() => ID, { nullable: true })
  contactId: string | null;

  @Field(() => ID, { nullable: true })
  leadId: string | null;

  @Field(() => EnrolmentSkipReason)
  reason: EnrolmentSkipReason;

  @Field(() => String)
  message: string;
}

/** The outcome of a bulk enrolment: who joined, who already was a member, who was left out. */
@ObjectType()
export class EnrolmentResult {
  @Field(() => Campaign)
  campaign: Campaign;

  @Field(() => [CampaignMember])
  enrolled: CampaignMember[];

  @Field(() => [CampaignMember], { description: 'Already members: reported, not enrolled twice.' })
  alreadyEnrolled: CampaignMember[];

  @Field(() => [EnrolmentSkip])
  skipped: EnrolmentSkip[];
}
