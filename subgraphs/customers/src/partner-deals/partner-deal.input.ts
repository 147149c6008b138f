import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { DealLineItemInput } from '../deals';

const H_DEAL =
  'Service only (SERVICE identity), hidden from the public graph: the CRM deal of an approved deal registration, created once per externalRef.';

/** The deal of an approved deal registration, as the PRM asks the CRM to create it. */
@Directive('@inaccessible')
@InputType({ description: H_DEAL })
export class PartnerSourcedDealInput {
  @Field(() => String, {
    description:
      'Idempotency key: the same key always yields the same deal (the registration it comes from).',
  })
  externalRef: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The id to create the deal with, chosen by the PRM so that the partner that sourced it is recorded before the deal exists; ignored when the externalRef already has its deal; CONFLICT when another deal has this id.',
  })
  id?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "The partner that sourced the deal: recorded in the CRM's attribution projection with the deal (version 0, so any later change the PRM sends wins).",
  })
  partnerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Web domain of the customer; matched normalised.' })
  customerDomain?: string | null;

  @Field(() => String, { description: 'Company name; matched normalised when no domain matches.' })
  customerName: string;

  @Field(() => String, { description: 'Title of the deal.' })
  title: string;

  @Field(() => DecimalScalar, { description: 'Estimated amount, exact decimal.' })
  amount: string;

  @Field(() => String, { description: 'ISO 4217 currency of the amount.' })
  currency: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'When the deal is expected to close.' })
  expectedCloseDate?: string | null;

  @Field(() => [DealLineItemInput], {
    nullable: true,
    description:
      "The registration's product lines: the new deal gets them as line items (its amount is their sum). Ignored when the externalRef already has its deal.",
  })
  lineItems?: DealLineItemInput[] | null;
}

@Directive('@inaccessible')
@ObjectType({ description: 'The open CRM deals of one prospect (conflict detection).' })
export class ProspectOpenDeals {
  @Field(() => ID, { description: 'The reference the caller sent with the prospect.' })
  ref: string;

  @Field(() => [ID], { description: 'Open deals (not closed) of customers matching the prospect.' })
  dealIds: string[];
}
