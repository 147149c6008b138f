import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';

/** One domain hash a partner uploaded (sha256 hex of a normalised domain, README "Account mapping"). */
@Entity({ name: 'account_mapping_hashes' })
export class AccountMappingHash {
  @PrimaryColumn({ type: 'uuid' })
  partnerId: string;

  @PrimaryColumn({ type: 'text' })
  hash: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** One upload of a partner's mapping: the audit trail, and what the daily upload limit counts. */
@Entity({ name: 'account_mapping_uploads' })
export class AccountMappingUpload {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  partnerId: string;

  @Column({ type: 'text' })
  uploadedBy: string;

  @Column({ type: 'timestamptz', precision: 3 })
  uploadedAt: Date;

  @Column({ type: 'int' })
  hashes: number;

  @Column({ type: 'boolean' })
  replaced: boolean;

  @Column({ type: 'int' })
  total: number;
}

@ObjectType({ description: "Open pipeline of one currency in a partner's overlap." })
export class AccountOverlapPipeline {
  @Field(() => String, { description: 'ISO 4217 currency code.' })
  currency: string;

  @Field(() => DecimalScalar, { description: 'Sum of the open deals of the listed (allowed) accounts.' })
  amount: string;
}

@ObjectType({
  description:
    'An overlapping account the rules of engagement let this partner work: SHARED, or CHANNEL owned by this partner.',
})
export class OverlapAccount {
  @Field(() => ID, { description: 'The CRM customer.' })
  customerId: string;

  @Field(() => String, { description: 'Its name.' })
  name: string;

  @Field(() => String, { description: 'SHARED or CHANNEL (owned by this partner).' })
  ownership: string;

  @Field(() => Int, { description: 'Its open deals.' })
  openDeals: number;
}

@ObjectType({
  description:
    'How a partner\'s uploaded accounts overlap our customers. For a partner user, counts of segments it may not work (DIRECT, another partner\'s CHANNEL) and the totals that include them are rounded down to a multiple of 5 and null below 5; nothing is answered before the mapping holds the minimum number of hashes (README "Account mapping").',
})
export class AccountOverlap {
  @Field(() => Boolean, {
    description: 'False until the mapping holds `minimumHashes` hashes: then every count is null.',
  })
  ready: boolean;

  @Field(() => Int, { description: 'Hashes a mapping needs before any result.' })
  minimumHashes: number;

  @Field(() => Int, { nullable: true, description: 'Overlapping live customers.' })
  overlappingCustomers: number | null;

  @Field(() => Int, { nullable: true, description: 'Overlapping customers with at least one open deal.' })
  withOpenDeals: number | null;

  @Field(() => Int, { nullable: true, description: 'Overlapping DIRECT customers (ours; never listed).' })
  direct: number | null;

  @Field(() => Int, { nullable: true, description: 'Overlapping CHANNEL customers owned by this partner.' })
  channelThisPartner: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Overlapping CHANNEL customers owned by another partner (never listed).',
  })
  channelOtherPartners: number | null;

  @Field(() => Int, { nullable: true, description: 'Overlapping SHARED customers.' })
  shared: number | null;

  @Field(() => [AccountOverlapPipeline], {
    description: 'Open pipeline per currency of the listed accounts.',
  })
  openPipeline: AccountOverlapPipeline[];

  @Field(() => [OverlapAccount], {
    description:
      'The overlapping accounts this partner may work (SHARED, or CHANNEL of this partner), by name.',
  })
  accounts: OverlapAccount[];
}

@ObjectType({ description: "A partner's account mapping: the hashed domains of its accounts it uploaded." })
export class AccountMapping {
  @Field(() => ID, { description: 'The partner.' })
  partnerId: string;

  @Field(() => Int, { description: 'Distinct hashes stored.' })
  hashCount: number;

  @Field(() => Date, { nullable: true, description: 'When it last uploaded (null: never).' })
  lastUploadedAt: Date | null;

  @Field(() => Int, { description: 'Uploads in the 24 hours before now (the limit is `uploadsPerDay`).' })
  uploadsToday: number;

  @Field(() => Int, { description: 'Uploads allowed in any 24 hours.' })
  uploadsPerDay: number;
}
