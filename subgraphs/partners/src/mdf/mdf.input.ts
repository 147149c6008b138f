import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';

@InputType({
  description: 'A new budget of market development funds for a period (CHANNEL_MANAGER and ADMIN).',
})
export class CreateMdfBudgetInput {
  @Field(() => String, { description: 'Name of the budget, e.g. "EMEA H1".' })
  name: string;

  @Field(() => LocalDateScalar, { description: 'First day the budget covers.' })
  periodFrom: string;

  @Field(() => LocalDateScalar, { description: 'Last day the budget covers.' })
  periodTo: string;

  @Field(() => DecimalScalar, { description: 'Total funds in the budget.' })
  amount: string;

  @Field(() => String, { description: 'ISO 4217 code of the amount.' })
  currency: string;
}

@InputType({ description: 'Gives a partner a share of an MDF budget (CHANNEL_MANAGER and ADMIN).' })
export class AllocateMdfInput {
  @Field(() => ID, { description: 'The MDF budget to allocate from.' })
  budgetId: string;

  @Field(() => ID, { description: 'The partner receiving the allocation.' })
  partnerId: string;

  @Field(() => DecimalScalar, { description: 'At most what is left of the budget.' })
  amount: string;
}

@InputType({
  description: 'A request to spend part of an MDF allocation (partner users for their own partner).',
})
export class RequestMdfInput {
  @Field(() => ID, { description: 'The allocation to spend from.' })
  allocationId: string;

  @Field(() => String, { description: 'The marketing activity the funds are for.' })
  activity: string;

  @Field(() => DecimalScalar, { description: 'At most what is left of the allocation.' })
  amount: string;

  @Field(() => ID, { nullable: true, description: 'The CRM campaign the funds are for (optional).' })
  campaignId?: string | null;
}

@InputType({ description: 'A decision on a submitted MDF request.' })
export class ReviewMdfRequestInput {
  @Field(() => ID, { description: 'The MDF request.' })
  requestId: string;

  @Field(() => Boolean, { description: 'true approves the request, false rejects it.' })
  approve: boolean;

  @Field(() => String, { description: 'A note to the partner about the decision.', nullable: true })
  note?: string | null;
}

@InputType({
  description: 'Claims reimbursement against an approved MDF request (partner users for their own partner).',
})
export class ClaimMdfInput {
  @Field(() => ID, { description: 'The approved MDF request the claim is against.' })
  requestId: string;

  @Field(() => DecimalScalar, { description: 'At most what is left of the approved request.' })
  amount: string;

  @Field(() => [String], { description: 'Proof of the spend: 1 to 20 URLs or document references.' })
  proof: string[];
}

@InputType({ description: 'A decision on a submitted MDF claim.' })
export class ReviewMdfClaimInput {
  @Field(() => ID, { description: 'The MDF claim.' })
  claimId: string;

  @Field(() => Boolean, { description: 'true pays the claim, false rejects it.' })
  pay: boolean;
}
