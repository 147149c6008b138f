import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '../../../../shared/src/graphql/scalars';

@InputType()
export class CreateMdfBudgetInput {
  @Field(() => String)
  name: string;

  @Field(() => LocalDateScalar)
  periodFrom: string;

  @Field(() => LocalDateScalar)
  periodTo: string;

  @Field(() => DecimalScalar)
  amount: string;

  @Field(() => String)
  currency: string;
}

@InputType()
export class AllocateMdfInput {
  @Field(() => ID)
  budgetId: string;

  @Field(() => ID)
  partnerId: string;

  @Field(() => DecimalScalar, { description: 'At most what is left of the budget.' })
  amount: string;
}

@InputType()
export class RequestMdfInput {
  @Field(() => ID)
  allocationId: string;

  @Field(() => String)
  activity: string;

  @Field(() => DecimalScalar, { description: 'At most what is left of the allocation.' })
  amount: string;
}

@InputType()
export class ReviewMdfRequestInput {
  @Field(() => ID)
  requestId: string;

  @Field(() => Boolean)
  approve: boolean;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType()
export class ClaimMdfInput {
  @Field(() => ID)
  requestId: string;

  @Field(() => DecimalScalar, { description: 'At most what is left of the approved request.' })
  amount: string;

  @Field(() => [String], { description: 'Proof of the spend: 1 to 20 URLs or document references.' })
  proof: string[];
}

@InputType()
export class ReviewMdfClaimInput {
  @Field(() => ID)
  claimId: string;

  @Field(() => Boolean, { description: 'true pays the claim, false rejects it.' })
  pay: boolean;
}
