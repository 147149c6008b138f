import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '../../../../shared/src/graphql/scalars';

/** The deal of an approved deal registration, as the PRM asks the CRM to create it. */
@Directive('@inaccessible')
@InputType()
export class PartnerSourcedDealInput {
  @Field(() => String, {
    description:
      'Idempotency key: the same key always yields the same deal (the registration it comes from).',
  })
  externalRef: string;

  @Field(() => String, { nullable: true, description: 'Web domain of the customer; matched normalised.' })
  customerDomain?: string | null;

  @Field(() => String, { description: 'Company name; matched normalised when no domain matches.' })
  customerName: string;

  @Field(() => String)
  title: string;

  @Field(() => DecimalScalar)
  amount: string;

  @Field(() => String)
  currency: string;

  @Field(() => LocalDateScalar, { nullable: true })
  expectedCloseDate?: string | null;
}

/** A prospect whose open CRM deals the PRM asks for (conflict detection). */
@Directive('@inaccessible')
@InputType()
export class ProspectInput {
  @Field(() => ID, { description: "The caller's own reference, echoed in the answer." })
  ref: string;

  @Field(() => String, { nullable: true })
  domain?: string | null;

  @Field(() => String)
  name: string;
}

@Directive('@inaccessible')
@ObjectType()
export class ProspectOpenDeals {
  @Field(() => ID)
  ref: string;

  @Field(() => [ID], { description: 'Open deals (not closed) of customers matching the prospect.' })
  dealIds: string[];
}
