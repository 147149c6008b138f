import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '../../../../shared/src/graphql/scalars';
import { DealStage } from './deal.entity';

@InputType()
export class CreateDealInput {
  @Field(() => ID)
  customerId: string;

  @Field(() => String)
  title: string;

  @Field(() => DecimalScalar, { description: 'Exact amount, e.g. "12500.00".' })
  amount: string;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. "EUR".' })
  currency: string;

  @Field(() => DealStage, { nullable: true, defaultValue: DealStage.PROSPECTING })
  stage?: DealStage;

  @Field(() => LocalDateScalar, { nullable: true })
  expectedCloseDate?: string | null;

  @Field(() => ID, { nullable: true, description: 'The lead this deal came from.' })
  leadId?: string | null;

  @Field(() => String, { nullable: true, description: 'Owner user id; defaults to the caller.' })
  ownerId?: string | null;
}

@InputType()
export class DealFilter {
  @Field(() => DealStage, { nullable: true })
  stage?: DealStage | null;

  @Field(() => ID, { nullable: true })
  customerId?: string | null;
}
