import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import { BeforeInsert, BeforeUpdate, Column, Entity } from 'typeorm';
import { BusinessRecord } from '../../../../shared/src/db/record';
import { connectionType } from '../../../../shared/src/graphql/pagination';
import { normaliseCompanyName } from '../registrations/registration.rules';

export enum PartnerType {
  RESELLER = 'RESELLER',
  DISTRIBUTOR = 'DISTRIBUTOR',
  REFERRAL = 'REFERRAL',
  MSP = 'MSP',
}
registerEnumType(PartnerType, { name: 'PartnerType' });

export enum PartnerTier {
  REGISTERED = 'REGISTERED',
  SILVER = 'SILVER',
  GOLD = 'GOLD',
  PLATINUM = 'PLATINUM',
}
registerEnumType(PartnerTier, { name: 'PartnerTier' });

export enum PartnerStatus {
  APPLIED = 'APPLIED',
  IN_REVIEW = 'IN_REVIEW',
  ONBOARDING = 'ONBOARDING',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  TERMINATED = 'TERMINATED',
  REJECTED = 'REJECTED',
}
registerEnumType(PartnerStatus, { name: 'PartnerStatus' });

/** A company that sells for us: reseller, distributor, referral partner or MSP. */
@Directive('@key(fields: "id")')
@ObjectType()
@Entity({ name: 'partners' })
export class Partner extends BusinessRecord {
  @Field(() => String)
  @Column({ type: 'text' })
  name: string;

  @Field(() => PartnerType)
  @Column({ type: 'text' })
  type: PartnerType;

  @Field(() => PartnerTier)
  @Column({ type: 'text' })
  tier: PartnerTier;

  @Field(() => PartnerStatus)
  @Column({ type: 'text' })
  status: PartnerStatus;

  @Field(() => String, { nullable: true })
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
