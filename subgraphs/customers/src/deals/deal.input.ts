import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { DealStage } from './deal.entity';

@InputType({ description: 'A new deal for a customer (SALES and ADMIN).' })
export class CreateDealInput {
  @Field(() => ID, { description: 'The customer the deal is with.' })
  customerId: string;

  @Field(() => String, { description: 'Short name of the opportunity.' })
  title: string;

  @Field(() => DecimalScalar, { description: 'Exact amount, e.g. "12500.00".' })
  amount: string;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. "EUR".' })
  currency: string;

  @Field(() => DealStage, {
    description:
      "Starting pipeline stage; PROSPECTING by default: the pipeline's stage answering it (else the first of its kind). Ignored when stageId is given.",
    nullable: true,
    defaultValue: DealStage.PROSPECTING,
  })
  stage?: DealStage;

  @Field(() => ID, { nullable: true, description: 'The pipeline; the default pipeline when omitted.' })
  pipelineId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The configured starting stage (of `pipelineId` when both are given: another is BAD_USER_INPUT).',
  })
  stageId?: string | null;

  @Field(() => LocalDateScalar, { description: 'When the deal is expected to close.', nullable: true })
  expectedCloseDate?: string | null;

  @Field(() => ID, { nullable: true, description: 'The lead this deal came from.' })
  leadId?: string | null;

  @Field(() => String, { nullable: true, description: 'Owner user id; defaults to the caller.' })
  ownerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Required when the deal is created CLOSED_LOST.' })
  lostReason?: string | null;
}

/** Fields to change; an omitted field is left as it is. */
@InputType({
  description:
    'Changes to a deal; omitted fields keep their value (the stage moves through stageId, pipelineId or moveDealStage).',
})
export class UpdateDealInput {
  @Field(() => String, { description: 'New title.', nullable: true })
  title?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Exact amount, e.g. "12500.00".' })
  amount?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency code.' })
  currency?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Null clears it.' })
  expectedCloseDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Owner user id; null clears it.' })
  ownerId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Moves the deal to another pipeline: to `stageId`, else its stage mapped (the same DealStage there, else the first stage of its kind).',
  })
  pipelineId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "Moves the deal to this configured stage of its pipeline (or of `pipelineId`); another pipeline's is BAD_USER_INPUT.",
  })
  stageId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the stage moved; required when it moves to a LOST stage (it becomes the lostReason).',
  })
  reason?: string | null;
}

/** The list filter (with `and` / `or` / `not` and operator fields) lives in deal.filter.ts. */
export { DealFilter } from './deal.filter';

/**
 * What a partner user may change on a deal its partner sourced (PARTNER only); an omitted field is
 * left as it is. Amount, currency, owner, customer and title are not here: they stay the CRM's.
 */
@InputType({
  description:
    'What a partner user may change on a deal its partner sourced: next step, notes, expected close date and a forward stage move up to NEGOTIATION. Nothing else (amount, owner, customer, currency) is writable by partners.',
})
export class PartnerDealUpdateInput {
  @Field(() => String, {
    nullable: true,
    description: 'What happens next (at most 500 characters); null clears it.',
  })
  nextStep?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Notes on the deal (at most 4000 characters); null clears them.',
  })
  notes?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Expected close date; null clears it.' })
  expectedCloseDate?: string | null;

  @Field(() => DealStage, {
    nullable: true,
    description: 'A forward move of an open deal, at most to NEGOTIATION; closing is the deal owner’s.',
  })
  stage?: DealStage | null;
}
