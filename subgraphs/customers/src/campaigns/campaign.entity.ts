import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, CurrencyField, MoneyField } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';

export enum CampaignChannel {
  EMAIL = 'EMAIL',
  EVENT = 'EVENT',
  WEBINAR = 'WEBINAR',
  ADS = 'ADS',
  CONTENT = 'CONTENT',
}
registerEnumType(CampaignChannel, {
  name: 'CampaignChannel',
  description: 'How a campaign reaches people.',
  valuesConfig: {
    EMAIL: { description: 'Email.' },
    EVENT: { description: 'An in-person event or trade show.' },
    WEBINAR: { description: 'A webinar.' },
    ADS: { description: 'Paid advertising.' },
    CONTENT: { description: 'Content marketing (articles, downloads).' },
  },
});

export enum CampaignStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(CampaignStatus, {
  name: 'CampaignStatus',
  description: 'Where a campaign is in its life.',
  valuesConfig: {
    DRAFT: { description: 'Being prepared; nothing is sent.' },
    ACTIVE: { description: 'Running.' },
    COMPLETED: { description: 'Ran to its end.' },
    CANCELLED: { description: 'Stopped before its end.' },
  },
});

export enum CampaignMemberStatus {
  ENROLLED = 'ENROLLED',
  SENT = 'SENT',
  OPENED = 'OPENED',
  CLICKED = 'CLICKED',
  RESPONDED = 'RESPONDED',
  BOUNCED = 'BOUNCED',
  UNSUBSCRIBED = 'UNSUBSCRIBED',
}
registerEnumType(CampaignMemberStatus, {
  name: 'CampaignMemberStatus',
  description: 'How far a campaign member has engaged.',
  valuesConfig: {
    ENROLLED: { description: 'Enrolled, nothing sent yet.' },
    SENT: { description: 'The campaign reached the member.' },
    OPENED: { description: 'The member opened it.' },
    CLICKED: { description: 'The member clicked through.' },
    RESPONDED: { description: 'The member responded (replied, registered, attended).' },
    BOUNCED: { description: 'The message could not be delivered.' },
    UNSUBSCRIBED: { description: 'The member unsubscribed; nothing more is sent.' },
  },
});

/** A marketing campaign: one channel, a lifecycle, an optional time window and budget. */
@ObjectType({
  description:
    'A marketing campaign leads and contacts are enrolled in (MARKETING and ADMIN manage them; SALES and ANALYST read them).',
})
@Entity({ name: 'campaigns' })
export class Campaign extends BusinessRecord {
  @Field(() => String, { description: 'Name of the campaign.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => CampaignChannel, { description: 'How the campaign reaches people.' })
  @Column({ type: 'text' })
  channel: CampaignChannel;

  @Field(() => CampaignStatus, { description: 'Where the campaign is in its life.' })
  @Column({ type: 'text' })
  status: CampaignStatus;

  @Field(() => Date, { description: 'When the campaign starts; null until scheduled.', nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startsAt: Date | null;

  @Field(() => Date, { description: 'When the campaign ends; null while open-ended.', nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endsAt: Date | null;

  @MoneyField({ nullable: true, description: 'Exact budget in `currency`.' })
  budget: string | null;

  @CurrencyField({ nullable: true, description: 'ISO 4217 currency code of the budget.' })
  currency: string | null;
}

/** A contact or a lead (exactly one) taking part in a campaign, with how they responded. */
@ObjectType({ description: 'A lead or contact enrolled in a campaign, and how far it has engaged.' })
@Entity({ name: 'campaign_members' })
export class CampaignMember extends BusinessRecord {
  @Column({ type: 'uuid' })
  campaignId: string;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  @Field(() => CampaignMemberStatus, { description: 'How far the member has engaged.' })
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
registerEnumType(EnrolmentSkipReason, {
  name: 'EnrolmentSkipReason',
  description: 'Why a person was not enrolled in a campaign.',
  valuesConfig: {
    UNSUBSCRIBED: { description: 'They unsubscribed from the channel.' },
    NO_CONSENT: { description: 'They never agreed to be contacted on the channel.' },
  },
});

/** Someone a bulk enrolment left out, and why. */
@ObjectType({ description: 'A person not enrolled in a campaign, and why.' })
export class EnrolmentSkip {
  @Field(() => ID, { description: 'The contact skipped, if a contact.', nullable: true })
  contactId: string | null;

  @Field(() => ID, { description: 'The lead skipped, if a lead.', nullable: true })
  leadId: string | null;

  @Field(() => EnrolmentSkipReason, { description: 'Why they were skipped.' })
  reason: EnrolmentSkipReason;

  @Field(() => String, { description: 'The reason in words.' })
  message: string;
}

/** The outcome of a bulk enrolment: who joined, who already was a member, who was left out. */
@ObjectType({ description: 'What enrolling people in a campaign did.' })
export class EnrolmentResult {
  @Field(() => Campaign, { description: 'The campaign.' })
  campaign: Campaign;

  @Field(() => [CampaignMember], { description: 'The members enrolled now.' })
  enrolled: CampaignMember[];

  @Field(() => [CampaignMember], { description: 'Already members: reported, not enrolled twice.' })
  alreadyEnrolled: CampaignMember[];

  @Field(() => [EnrolmentSkip], { description: 'The people not enrolled, and why.' })
  skipped: EnrolmentSkip[];
}
