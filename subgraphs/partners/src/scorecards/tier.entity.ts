import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, CurrencyField, MoneyField } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { Partner, PartnerTier } from '../partners';

export enum TierMeasure {
  REVENUE = 'REVENUE',
  WIN_RATE = 'WIN_RATE',
  LEAD_ACCEPTANCE_RATE = 'LEAD_ACCEPTANCE_RATE',
  ACTIVE_CERTIFICATIONS = 'ACTIVE_CERTIFICATIONS',
  REQUIRED_COURSE = 'REQUIRED_COURSE',
}
registerEnumType(TierMeasure, {
  name: 'TierMeasure',
  description: 'What a tier rule measures.',
  valuesConfig: {
    REVENUE: { description: 'Revenue won from sourced deals.' },
    WIN_RATE: { description: 'Share of sourced deals closed won.' },
    LEAD_ACCEPTANCE_RATE: { description: 'Share of lead offers accepted.' },
    ACTIVE_CERTIFICATIONS: { description: "Certifications held by the partner's users." },
    REQUIRED_COURSE: { description: 'Holding a certification of a required course.' },
  },
});

export enum TierChangeKind {
  PROMOTED = 'PROMOTED',
  DEMOTED = 'DEMOTED',
  FLAGGED_AT_RISK = 'FLAGGED_AT_RISK',
  UNFLAGGED = 'UNFLAGGED',
}
registerEnumType(TierChangeKind, {
  name: 'TierChangeKind',
  description: 'What a tier change was.',
  valuesConfig: {
    PROMOTED: { description: 'Moved up a tier.' },
    DEMOTED: { description: 'Moved down a tier after the grace period.' },
    FLAGGED_AT_RISK: { description: "Flagged as falling short of its tier's rule." },
    UNFLAGGED: { description: 'No longer at risk.' },
  },
});

/** What a partner must meet to hold a tier, measured over the trailing review period. */
@ObjectType({
  description:
    'What a partner must achieve to hold a tier (CHANNEL_MANAGER and ADMIN set rules; ANALYST reads them).',
})
@Entity({ name: 'tier_rules' })
export class TierRule extends BusinessRecord {
  @Field(() => PartnerTier, { description: 'The tier.' })
  @Column({ type: 'text' })
  tier: PartnerTier;

  @MoneyField({
    nullable: true,
    description: 'Won partner-sourced revenue in `currency` over the review period.',
  })
  minRevenue: string | null;

  @CurrencyField({ nullable: true, description: 'ISO 4217 code of the revenue minimum.' })
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
@ObjectType({ description: 'One measure a partner falls short on for its tier.' })
export class TierShortfall {
  @Field(() => TierMeasure, { description: 'The measure.' })
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
  @Field(() => Boolean, { description: "Whether the partner falls short of its tier's rule." })
  atRisk: boolean;

  @Field(() => [TierShortfall], { description: 'What it falls short on.' })
  reasons: TierShortfall[];

  @Field(() => LocalDateScalar, { nullable: true, description: 'When the partner drops if it still fails.' })
  dropsOn: string | null;

  @Field(() => LocalDateScalar, {
    description: 'When it was flagged at risk; null when not at risk.',
    nullable: true,
  })
  flaggedOn: string | null;
}

/** One tier change or at-risk flag of a partner. */
@ObjectType({
  description:
    "One change of a partner's tier, or a tier-risk flag (a history entry: kind, from, to, at, by, reason).",
})
@Entity({ name: 'partner_tier_changes' })
export class PartnerTierChange extends BusinessRecord {
  @Field(() => ID, { description: 'The partner.' })
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => TierChangeKind, { description: 'What happened.' })
  @Column({ type: 'text' })
  kind: TierChangeKind;

  @Field(() => PartnerTier, { description: 'The tier before.', name: 'from' })
  @Column({ type: 'text' })
  fromTier: PartnerTier;

  @Field(() => PartnerTier, { description: 'The tier after (the same tier for a flag).', name: 'to' })
  @Column({ type: 'text' })
  toTier: PartnerTier;

  @Field(() => String, { description: 'Why, in words.' })
  @Column({ type: 'text' })
  reason: string;

  @Field(() => Date, { description: 'When it happened.', name: 'at' })
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

@ObjectType({ description: 'What a tier recompute did.' })
export class TierRecomputeResult {
  @Field(() => Int, { description: 'ACTIVE partners evaluated.' })
  evaluated: number;

  @Field(() => [PartnerTierChange], { description: 'The changes and flags this run recorded.' })
  changes: PartnerTierChange[];

  @Field(() => [Partner], { description: 'Partners at risk after the run.' })
  atRisk: Partner[];
}
