import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, CurrencyField, MoneyField } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { DealPartnerRole, DealRef } from '../attribution';
import { Partner, PartnerTier } from '../partners';

/** What partners of one tier earn on the partner-sourced deals they win. */
@ObjectType({
  description:
    'What partners of one tier earn on the deals they source (CHANNEL_MANAGER and ADMIN set plans; ANALYST reads them).',
})
@Entity({ name: 'commission_plans' })
export class CommissionPlan extends BusinessRecord {
  @Field(() => PartnerTier, { description: 'The partner tier the plan applies to.' })
  @Column({ type: 'text' })
  tier: PartnerTier;

  @Field(() => String, {
    description: 'Decimal fraction of the deal amount, e.g. "0.1000" for 10 %.',
    deprecationReason: 'Use commissionRate',
  })
  @Column({ type: 'numeric', precision: 5, scale: 4 })
  rate: string;

  @MoneyField({ nullable: true, description: 'Most one deal can earn.' })
  capPerDeal: string | null;

  @MoneyField({ nullable: true, description: 'Most one statement period can earn.' })
  capPerPeriod: string | null;

  @CurrencyField({
    description: 'ISO 4217 code of the caps and of the deals that earn (others earn nothing).',
  })
  currency: string;

  /** Share per deal role (`roleShares` in the graph); null: SOURCED 100 %. */
  @Column({ type: 'jsonb', nullable: true })
  roleShares: Partial<Record<DealPartnerRole, string>> | null;

  /** Rate per product family (`familyRates` in the graph); null: every line earns `rate`. */
  @Column({ type: 'jsonb', nullable: true })
  familyRates: Record<string, string> | null;
}

/** A plan's rate for the line items of one product family. */
@ObjectType({ description: "A plan's commission rate for the deal line items of one product family." })
export class CommissionFamilyRate {
  @Field(() => String, { description: 'The product family, as the catalogue spells it (e.g. "Services").' })
  family: string;

  @Field(() => String, {
    description: 'Exact decimal fraction of the line totals of the family, e.g. "0.0500" for 5 %.',
  })
  rate: string;

  @Field(() => Float, { description: 'The same rate as a fraction, 0 to 1 (0.05 is 5 %).' })
  commissionRate: number;
}

/** What the line items of one product family earn of a deal's commission. */
@ObjectType({
  description:
    "One product family's part of a deal's commission: the family's line totals × its rate (the tier's when the plan has none for it) × the role's share.",
})
export class CommissionFamilyPart {
  @Field(() => String, { nullable: true, description: 'The product family; null for products without one.' })
  family: string | null;

  @Field(() => DecimalScalar, { description: "Sum of the totals of the deal's line items of the family." })
  amount: string;

  @Field(() => String, {
    description: 'Exact decimal fraction applied, e.g. "0.0500": the family\'s rate, else the tier\'s.',
  })
  rate: string;

  @Field(() => DecimalScalar, {
    description:
      "The family's part of the commission before the per-deal cap: the parts add up to the deal's commission rounded once (half to even), split by largest remainder.",
  })
  commission: string;
}

/** What one deal role earns under a plan. */
@ObjectType({ description: "A deal role's share of a plan's commission." })
export class CommissionRoleShare {
  @Field(() => DealPartnerRole, { description: 'The part a partner plays in the deal.' })
  role: DealPartnerRole;

  @Field(() => String, {
    description: 'Decimal fraction of the commission the partner in this role earns, e.g. "0.6000" for 60 %.',
  })
  share: string;
}

export const CommissionPlanConnection = connectionType('CommissionPlan', CommissionPlan);

/** A commission statement paid out: the statement total of one partner and period, as paid. */
@ObjectType({
  description: 'A commission payment made to a partner for a statement period. Partners see only their own.',
})
@Entity({ name: 'commission_payouts' })
export class CommissionPayout extends BusinessRecord {
  @Field(() => ID, { description: 'The partner paid.' })
  @Column({ type: 'uuid' })
  partnerId: string;

  @Field(() => LocalDateScalar, { description: 'First day of the statement period paid.' })
  @Column({ type: 'date' })
  periodFrom: string;

  @Field(() => LocalDateScalar, { description: 'Last day of the statement period paid.' })
  @Column({ type: 'date' })
  periodTo: string;

  @MoneyField({ description: 'The amount paid.' })
  amount: string;

  @CurrencyField({ description: 'ISO 4217 code of the amount.' })
  currency: string;

  @Field(() => Int, { description: 'Deals on the statement when it was paid.' })
  @Column({ type: 'int' })
  dealCount: number;
}

export const CommissionPayoutConnection = connectionType('CommissionPayout', CommissionPayout);

@ObjectType({ description: 'What the sourcing partner earns on a won deal, from its current state.' })
export class DealCommission {
  @Field(() => Partner, {
    description: 'The partner that sourced the deal (in a breakdown: the partner of `role`).',
  })
  partner: Partner;

  @Field(() => DealPartnerRole, {
    description: 'The part the partner plays in the deal (SOURCED: the primary).',
  })
  role: DealPartnerRole;

  @Field(() => Boolean, { description: 'Whether the partner is the primary sourcing partner.' })
  primary: boolean;

  @Field(() => String, { description: 'The role\'s share of the plan\'s commission, e.g. "1.0000".' })
  share: string;

  @Field(() => String, {
    description: 'Decimal fraction of the deal amount, e.g. "0.1000" for 10 %.',
    deprecationReason: 'Use commissionRate',
  })
  rate: string;

  @Field(() => DecimalScalar, {
    description:
      "Deal amount × rate × share (with line items: Σ line total × its family's rate × share), half-even to cents once, capped per deal.",
  })
  amount: string;

  @Field(() => String, { description: 'ISO 4217 code of the amount.' })
  currency: string;

  @Field(() => Boolean, { description: "Whether the plan's per-deal cap applied." })
  capped: boolean;

  @Field(() => [CommissionFamilyPart], {
    description:
      "The commission per product family of the deal's line items, by family (no family last); empty for a deal without line items (its whole amount earns the tier's rate).",
  })
  byFamily: CommissionFamilyPart[];
}

@ObjectType({ description: 'One won deal on a commission statement and what it earns.' })
export class CommissionLine {
  @Field(() => DealRef, { description: 'The CRM deal.' })
  deal: DealRef;

  @Field(() => DealPartnerRole, {
    description: "The partner's part in the deal the line pays (SOURCED: the primary sourcing partner).",
  })
  role: DealPartnerRole;

  @Field(() => DecimalScalar, { description: "The deal's amount." })
  dealAmount: string;

  @Field(() => Date, { description: 'When the deal was closed won.' })
  closedAt: Date;

  @Field(() => DecimalScalar, {
    description:
      "What the deal earns: amount × rate × the role's share (with line items: Σ line total × its family's rate × the share), half-even to cents once, capped per deal.",
  })
  commission: string;

  @Field(() => Boolean, { description: "Whether the plan's per-deal cap applied." })
  capped: boolean;

  @Field(() => [CommissionFamilyPart], {
    description:
      "The commission per product family of the deal's line items, by family (no family last); empty for a deal without line items.",
  })
  byFamily: CommissionFamilyPart[];
}

@ObjectType({
  description:
    "A partner's commission for a period: its sourced deals won (and still won) in the period, " +
    'what was paid for the period, and the difference.',
})
export class CommissionStatement {
  @Field(() => LocalDateScalar, { description: 'First day of the period.' })
  from: string;

  @Field(() => LocalDateScalar, { description: 'Last day of the period.' })
  to: string;

  @Field(() => String, {
    nullable: true,
    description: "The plan's currency; null when the tier has no plan.",
  })
  currency: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Decimal fraction of the deal amount, e.g. "0.1000"; null when the tier has no plan.',
    deprecationReason: 'Use commissionRate',
  })
  rate: string | null;

  @Field(() => [CommissionLine], { description: 'Deals closed won in the period, by close time.' })
  lines: CommissionLine[];

  @Field(() => DecimalScalar, { description: 'Sum of the lines.' })
  subtotal: string;

  @Field(() => DecimalScalar, { description: 'Earned to date: the subtotal within the per-period cap.' })
  total: string;

  @Field(() => DecimalScalar, { description: 'Paid to date for this period.' })
  paid: string;

  @Field(() => DecimalScalar, {
    description:
      'Earned to date minus paid to date once the period was paid: negative when paid commission ' +
      'was reversed (a deal reopened), positive when more was earned since; 0.00 before any payout.',
  })
  adjustment: string;

  @Field(() => DecimalScalar, { description: 'Earned to date minus paid to date.' })
  due: string;

  @Field(() => CommissionPayout, {
    description: 'The payout recorded for this period, if any.',
    nullable: true,
  })
  payout: CommissionPayout | null;
}
