import { Directive, Field, ObjectType } from 'type-graphql';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { Column, Entity } from 'typeorm';
import { CurrencyField, MoneyField, SharedEntityRecord } from '@sales-graph/shared/db/record';
import { LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { DealStage } from '@sales-graph/shared/deal-stage';

// The stage enum is shared with the PRM (one definition); the deals module answers it as its own.
export { DealStage };

/** An opportunity to sell to a customer, direct or sourced by a partner. */
@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'An opportunity to sell to a customer, direct or sourced by a partner, moving through the pipeline stages. SALES and ADMIN write deals; other internal roles read them; a partner user sees only the deals its partner sourced.',
})
@Entity({ name: 'deals' })
export class Deal extends SharedEntityRecord {
  // Nullable: a query the PRM serves reaches it across the subgraph boundary (README, Partial answers).
  @Field(() => String, { nullable: true, description: 'Short name of the opportunity.' })
  @Column({ type: 'text' })
  title: string;

  @MoneyField({ crossesSubgraphs: true, description: 'Expected value of the deal, in `currency`.' })
  amount: string;

  @CurrencyField({ crossesSubgraphs: true })
  currency: string;

  @Field(() => DealStage, { nullable: true, description: "The deal's pipeline stage." })
  @Column({ type: 'text' })
  stage: DealStage;

  /** The configured pipeline; null is the base pipeline (`pipelineStage` answers it either way). */
  @Column({ type: 'uuid', nullable: true })
  pipelineId: string | null;

  /** The configured stage; null is the base pipeline's stage for `stage` (migration CrmDealPipelineStage). */
  @Column({ type: 'uuid', nullable: true })
  stageId: string | null;

  @Field(() => LocalDateScalar, { description: 'When the deal is expected to close.', nullable: true })
  @Column({ type: 'date', nullable: true })
  expectedCloseDate: string | null;

  @Field(() => Date, {
    description: 'When the deal was closed won or lost; null while open.',
    nullable: true,
  })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'User id of the deal owner.' })
  @Column({ type: 'text', nullable: true })
  ownerId: string | null;

  @Column({ type: 'uuid' })
  customerId: string;

  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  /** Idempotency key of a deal another system created (the PRM: its deal registration). */
  @Column({ type: 'text', nullable: true })
  externalRef: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What happens next on the deal; the partner that sourced it may write it too.',
  })
  @Column({ type: 'text', nullable: true })
  nextStep: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Free notes on the deal; the partner that sourced it may write them too.',
  })
  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Field(() => String, { nullable: true, description: 'Why the deal was lost; set while CLOSED_LOST.' })
  @Column({ type: 'text', nullable: true })
  lostReason: string | null;
}

/** One move of a deal between stages. */
@ObjectType({
  description: 'One move of a deal between pipeline stages (a history entry: from, to, at, by, reason).',
})
@Entity({ name: 'deal_stage_changes' })
export class DealStageChange {
  @Column({ type: 'uuid', primary: true, default: () => 'gen_random_uuid()' })
  id: string;

  @Column({ type: 'uuid' })
  dealId: string;

  @Field(() => DealStage, {
    nullable: true,
    description: 'Null for the stage a deal was created in.',
    deprecationReason: 'Use from',
  })
  @Column({ type: 'text', nullable: true })
  fromStage: DealStage | null;

  @Field(() => DealStage, { description: 'The stage the deal moved to.', deprecationReason: 'Use to' })
  @Column({ type: 'text' })
  toStage: DealStage;

  /** The configured stages moved between; null is the base pipeline's stage for the legacy value. */
  @Column({ type: 'uuid', nullable: true })
  fromStageId: string | null;

  @Column({ type: 'uuid', nullable: true })
  toStageId: string | null;

  @Field(() => Date, { description: 'When the deal moved.', deprecationReason: 'Use at' })
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  changedAt: Date;

  @Field(() => String, {
    nullable: true,
    description: 'User id of whoever moved the deal (internal roles only).',
    deprecationReason: 'Use by',
  })
  @Column({ type: 'text', nullable: true })
  changedBy: string | null;

  // The history-entry shape every history type shares: from, to, at, by, reason.
  @Field(() => DealStage, {
    name: 'from',
    nullable: true,
    description: 'The stage the deal left; null for the stage a deal was created in.',
  })
  get from(): DealStage | null {
    return this.fromStage;
  }

  @Field(() => DealStage, { name: 'to', description: 'The stage the deal moved to.' })
  get to(): DealStage {
    return this.toStage;
  }

  @Field(() => Date, { name: 'at', description: 'When the deal moved.' })
  get at(): Date {
    return this.changedAt;
  }

  @Field(() => String, {
    name: 'by',
    nullable: true,
    description: 'User id of whoever moved the deal (internal roles only; null for partner users).',
  })
  get by(): string | null {
    return this.changedBy;
  }

  @Field(() => String, {
    nullable: true,
    description: 'Why the move was made (the lost reason on CLOSED_LOST).',
  })
  @Column({ type: 'text', nullable: true })
  reason: string | null;
}

// Shareable: the PRM answers `Partner.deals` with the same connection type.
export const DealConnection = connectionType('Deal', Deal, { shareable: true });
