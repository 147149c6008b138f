import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, MoneyField } from '../../../../shared/src/db/record';
import { connectionType } from '../../../../shared/src/graphql/pagination';
import { LocalDateScalar } from '../../../../shared/src/graphql/scalars';
import { Partner, PartnerTier } from '../partners/partner.entity';

export enum TierMeasure {
  REVENUE = 'REVENUE',
  WIN_RATE = 'WIN_RATE',
  LEAD_ACCEPTANCE_RATE = 'LEAD_ACCEPTANCE_RATE',
  ACTIVE_CERTIFICATIONS = 'ACTIVE_CERTIFICATIONS',
  REQUIRED_COURSE = 'REQUIRED_COURSE',
}
registerEnumType(TierMeasure, { name: 'TierMeasure' });

export enum TierChangeKind {
  PROMOTED = 'PROMOTED',
  DEMOTED = 'DEMOTED',
  FLAGGED_AT_RISK = 'FLAGGED_AT_RISK',
  UNFLAGGED = 'UNFLAGGED',
}
registerEnumType(TierChangeKind, { name: 'TierChangeKind' });

/** What a partner must meet to hold a tier, measured over the trailing review period. */
@ObjectType()
@Entity({ name: 'tier_rules' })
export class TierRule extends BusinessRecord {
  @Field(() => PartnerTier)
  @Column({ type: 'text' })
  tier: PartnerTier;

  @MoneyField({
    nullable: true,
    description: 'Won partner-sourced revenue in `currency` over the review period.',
  })
  minRevenue: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Field(() => String, { nullable: true, description: 'Lowest win rate, 0 to 1 (e.g. "0.3000").' })
  @Column({ type: 'numeric', precision: 5, scale: 4, nullable: true })
  minWinRate: string | null;

  @Field(() => String, { nullable: true, description: 'Lowest lead acceptance rate, 0 to 1.' })
  @Column({ type: 'numeric', precision: 5, scale: 4, nullable: true })
  minAcceptanceRate: string | null;

  @Field(() => [ID], { description: 'Courses the partner must hold an active certification of.' })
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  requiredCourseIds: string[];

  @Field(() => Int, { description: 'Fewest active certifications of the partner’s users.' })
  @Column({ type: 'int', default: 0 })
  minCertifications: number;

  @Field(() => Int, { description: 'Trailing months the sales and lead figures are measured over.' })
  @Column({ type: 'int' })
  reviewPeriodMonths: number;

  @Field(() => Int, { description: 'Days a partner failing the rule keeps the tier before it drops.' })
  @Column({ type: 'int' })
  graceDays: number;
}

/** One measure of a tier rule a partner falls short of. */
@ObjectType()
export class TierShortfall {
  @Field(() => TierMeasure)
  measure: TierMeasure;

  @Field(() => String, { description: 'What the partner has, e.g. "12000.00 EUR", "0.2500", "none".' })
  actual: string;

  @Field(() => String, { description: 'What the rule asks for.' })
  required: string;
}

/** The live at-risk flag of a partner that no longer meets its tier's rule (at most one). */
@Entity({ name: 'partner_tier_flags' })
export class PartnerTierFlag extends BusinessRecord {
  @Column({ type: 'uuid' })
  partnerId: string;

  @Column({ type: 'text' })
  tier: PartnerTier;

  @Column({ type: 'jsonb' })
  reasons: TierShortfall[];

  @Column({ type: 'date' })
  flaggedOn: string;

  @Column({ type: 'date' })
  dropsOn: string;
}

@ObjectType({ description: 'Whether the partner is at risk of dropping a tier, why, and when.' })
export class PartnerTierStatus {
  @Field(() => Boolean)
  atRisk: boolean;

  @Field(() => [TierShortfall])
  reasons: TierShortfall[];

  @Field(() => LocalDateScalar, { nullable: true, description: 'When the partner drops if it still fails.' })
  dropsOn: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  flaggedOn: string | null;
}

/** One tier change or at-risk flag of a partner. */
@ObjectType()
@Entity({ name: 'partner_tier_changes' })
export class PartnerTierChange extends BusinessRecord {
  @Field(() => ID)
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => TierChangeKind)
  @Column({ type: 'text' })
  kind: TierChangeKind;

  @Field(() => PartnerTier, { name: 'from' })
  @Column({ type: 'text' })
  fromTier: PartnerTier;

  @Field(() => PartnerTier, { name: 'to' })
  @Column({ type: 'text' })
  toTier: PartnerTier;

  @Field(() => String)
  @Column({ type: 'text' })
  reason: string;

  @Field(() => Date, { name: 'at' })
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  changedAt: Date;

  @Field(() => String, {
    name: 'by',
    nullable: true,
    description: 'Subject (user id) who ran the recompute.',
  })
  @Column({ type: 'text', nullable: true })
  changedBy: string | null;
}

export const PartnerTierChangeConnection = connectionType('PartnerTierChange', PartnerTierChange);

@ObjectType()
export class TierRecomputeResult {
  @Field(() => Int, { description: 'ACTIVE partners evaluated.' })
  evaluated: number;

  @Field(() => [PartnerTierChange], { description: 'The changes and flags this run recorded.' })
  changes: PartnerTierChange[];

  @Field(() => [Partner], { description: 'Partners at risk after the run.' })
  atRisk: Partner[];
}
