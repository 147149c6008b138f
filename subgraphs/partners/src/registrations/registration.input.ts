import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { RegistrationProductLineInput } from './registration-product-line';

@InputType({
  description: 'A new deal registration for the calling partner (partner users, CHANNEL_MANAGER and ADMIN).',
})
export class RegisterDealInput {
  @Field(() => ID, {
    nullable: true,
    description: "Defaults to the caller's own partner for a partner user.",
  })
  partnerId?: string | null;

  @Field(() => String, { description: "The prospect's company name." })
  prospectCompanyName: string;

  @Field(() => String, { nullable: true, description: 'e.g. "https://www.acme.com" or "acme.com".' })
  prospectDomain?: string | null;

  @Field(() => DecimalScalar, { description: 'Exact amount, e.g. "48000.00".' })
  estimatedAmount: string;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. "EUR".' })
  currency: string;

  @Field(() => LocalDateScalar, { description: 'When the partner expects the deal to close.' })
  expectedCloseDate: string;

  @Field(() => [String], { description: 'The products the partner is selling, at least one.' })
  products: string[];

  @Field(() => [RegistrationProductLineInput], {
    nullable: true,
    description:
      'Catalogue products with quantity and (optionally) unit price, checked against the CRM catalogue in one call; at most 50. Set at registration only.',
  })
  productLines?: RegistrationProductLineInput[] | null;
}

/** Changes to a SUBMITTED or RETURNED registration; omitted fields stay as they are. */
@InputType({
  description: 'Changes to a SUBMITTED or RETURNED registration; omitted fields keep their value.',
})
export class UpdateDealRegistrationInput {
  @Field(() => String, { description: 'New prospect company name.', nullable: true })
  prospectCompanyName?: string | null;

  @Field(() => String, { nullable: true, description: 'An empty string clears it.' })
  prospectDomain?: string | null;

  @Field(() => DecimalScalar, { description: 'New estimated amount.', nullable: true })
  estimatedAmount?: string | null;

  @Field(() => String, { description: 'New ISO 4217 currency code.', nullable: true })
  currency?: string | null;

  @Field(() => LocalDateScalar, { description: 'New expected close date.', nullable: true })
  expectedCloseDate?: string | null;

  @Field(() => [String], { description: 'New list of products.', nullable: true })
  products?: string[] | null;
}
