import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '../../../../shared/src/graphql/scalars';
import { DealRegistrationStatus } from './registration.entity';

@InputType()
export class RegisterDealInput {
  @Field(() => ID, {
    nullable: true,
    description: "Defaults to the caller's own partner for a partner user.",
  })
  partnerId?: string | null;

  @Field(() => String)
  prospectCompanyName: string;

  @Field(() => String, { nullable: true, description: 'e.g. "https://www.acme.com" or "acme.com".' })
  prospectDomain?: string | null;

  @Field(() => DecimalScalar, { description: 'Exact amount, e.g. "48000.00".' })
  estimatedAmount: string;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. "EUR".' })
  currency: string;

  @Field(() => LocalDateScalar)
  expectedCloseDate: string;

  @Field(() => [String])
  products: string[];
}

/** Changes to a SUBMITTED or RETURNED registration; omitted fields stay as they are. */
@InputType()
export class UpdateDealRegistrationInput {
  @Field(() => String, { nullable: true })
  prospectCompanyName?: string | null;

  @Field(() => String, { nullable: true, description: 'An empty string clears it.' })
  prospectDomain?: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  estimatedAmount?: string | null;

  @Field(() => String, { nullable: true })
  currency?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  expectedCloseDate?: string | null;

  @Field(() => [String], { nullable: true })
  products?: string[] | null;
}

@InputType()
export class DealRegistrationFilter {
  @Field(() => DealRegistrationStatus, { nullable: true })
  status?: DealRegistrationStatus | null;

  @Field(() => ID, { nullable: true })
  partnerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Matched after normalisation.' })
  prospectDomain?: string | null;
}
