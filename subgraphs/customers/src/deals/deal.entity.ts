import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '../../../../shared/src/graphql/pagination';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, MoneyField } from '../../../../shared/src/db/record';
import { LocalDateScalar } from '../../../../shared/src/graphql/scalars';

export enum DealStage {
  PROSPECTING = 'PROSPECTING',
  QUALIFICATION = 'QUALIFICATION',
  PROPOSAL = 'PROPOSAL',
  NEGOTIATION = 'NEGOTIATION',
  CLOSED_WON = 'CLOSED_WON',
  CLOSED_LOST = 'CLOSED_LOST',
}
registerEnumType(DealStage, { name: 'DealStage' });

/** An opportunity to sell to a customer, direct or sourced by a partner. */
@Directive('@key(fields: "id")')
@ObjectType()
@Entity({ name: 'deals' })
export class Deal extends BusinessRecord {
  @Field(() => String)
  @Column({ type: 'text' })
  title: string;

  @MoneyField()
  amount: string;

  @Field(() => String, { description: 'ISO 4217 currency code.' })
  @Column({ type: 'char', length: 3 })
  currency: string;

  @Field(() => DealStage)
  @Column({ type: 'text' })
  stage: DealStage;

  @Field(() => LocalDateScalar, { nullable: true })
  @Column({ type: 'date', nullable: true })
  expectedCloseDate: string | null;

  @Field(() => Date, { nullable: true })
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
@ObjectType()
@Entity({ name: 'deal_stage_changes' })
export class DealStageChange {
  @Column({ type: 'uuid', primary: true, default: () => 'gen_random_uuid()' })
  id: string;

  @Column({ type: 'uuid' })
  dealId: string;

  @Field(() => DealStage, { nullable: true, description: 'Null for the stage a deal was created in.' })
  @Column({ type: 'text', nullable: true })
  fromStage: DealStage | null;

  @Field(() => DealStage)
  @Column({ type: 'text' })
  toStage: DealStage;

  @Field(() => Date)
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  changedAt: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  changedBy: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the move was made (the lost reason on CLOSED_LOST).',
  })
  @Column({ type: 'text', nullable: true })
  reason: string | null;
}

export const DealConnection = connectionType('Deal', Deal);
