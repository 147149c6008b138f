import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import { BeforeInsert, BeforeUpdate, Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { normaliseCompanyName } from '../registrations';

export enum PartnerType {
  RESELLER = 'RESELLER',
  DISTRIBUTOR = 'DISTRIBUTOR',
  REFERRAL = 'REFERRAL',
  MSP = 'MSP',
}
registerEnumType(PartnerType, {
  name: 'PartnerType',
  description: 'What kind of partner a company is.',
  valuesConfig: {
    RESELLER: { description: 'Buys and resells our products.' },
    DISTRIBUTOR: { description: 'Supplies resellers.' },
    REFERRAL: { description: 'Refers leads and earns on the deals.' },
    MSP: { description: 'A managed service provider running our products for its clients.' },
  },
});

export enum PartnerTier {
  REGISTERED = 'REGISTERED',
  SILVER = 'SILVER',
  GOLD = 'GOLD',
  PLATINUM = 'PLATINUM',
}
registerEnumType(PartnerTier, {
  name: 'PartnerTier',
  description: "The partner program's tiers, lowest first.",
  valuesConfig: {
    REGISTERED: { description: 'Entry tier.' },
    SILVER: { description: 'Second tier.' },
    GOLD: { description: 'Third tier.' },
    PLATINUM: { description: 'Top tier.' },
  },
});

export enum PartnerStatus {
  APPLIED = 'APPLIED',
  IN_REVIEW = 'IN_REVIEW',
  ONBOARDING = 'ONBOARDING',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  TERMINATED = 'TERMINATED',
  REJECTED = 'REJECTED',
}
registerEnumType(PartnerStatus, {
  name: 'PartnerStatus',
  description: 'Where a partner is in the partner program.',
  valuesConfig: {
    APPLIED: { description: 'Applied; waiting for review.' },
    IN_REVIEW: { description: 'A channel manager is reviewing the application.' },
    ONBOARDING: { description: 'Accepted; completing the onboarding checklist.' },
    ACTIVE: { description: 'A full partner: may register deals and receive leads.' },
    SUSPENDED: { description: 'Temporarily suspended.' },
    TERMINATED: { description: 'The partnership ended (final).' },
    REJECTED: { description: 'The application was rejected (final).' },
  },
});

/** A company that sells for us: reseller, distributor, referral partner or MSP. */
@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'A company that sells with us (reseller, distributor, referral partner or MSP), with its tier and status in the partner program. Everyone internal reads partners; CHANNEL_MANAGER and ADMIN manage them; a partner user sees only its own partner.',
})
@Entity({ name: 'partners' })
export class Partner extends BusinessRecord {
  @Field(() => String, { description: 'Company name of the partner.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => PartnerType, { description: 'What kind of partner it is.' })
  @Column({ type: 'text' })
  type: PartnerType;

  @Field(() => PartnerTier, { description: "The partner's tier in the program, which sets its commission." })
  @Column({ type: 'text' })
  tier: PartnerTier;

  @Field(() => PartnerStatus, { description: 'Where the partner is in the program.' })
  @Column({ type: 'text' })
  status: PartnerStatus;

  @Field(() => String, { description: 'The region the partner sells in.', nullable: true })
  @Column({ type: 'text', nullable: true })
  region: string | null;

  @Field(() => String, { nullable: true, description: 'Normalised web domain.' })
  @Column({ type: 'text', nullable: true })
  domain: string | null;

  /** The name as duplicate detection compares it (the one company-name normaliser), kept with the name. */
  @Column({ type: 'text' })
  nameKey: string;

  @BeforeInsert()
  @BeforeUpdate()
  protected keyName(): void {
    if (this.name !== undefined) this.nameKey = normaliseCompanyName(this.name);
  }
}

export const PartnerConnection = connectionType('Partner', Partner);
