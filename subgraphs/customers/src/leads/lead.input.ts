import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '../../../../shared/src/graphql/scalars';
import { ContactRole } from '../contacts/contact.entity';
import { LeadSource, LeadStatus } from './lead.entity';

@InputType()
export class CreateLeadInput {
  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  company?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => LeadSource)
  source: LeadSource;

  @Field(() => LeadStatus, { nullable: true, defaultValue: LeadStatus.NEW })
  status?: LeadStatus;

  @Field(() => Int, {
    nullable: true,
    deprecationReason: 'Ignored: the score is computed from the lead scoring rules.',
  })
  score?: number | null;

  @Field(() => ID, { nullable: true, description: 'Existing customer the lead belongs to.' })
  customerId?: string | null;

  @Field(() => String, { nullable: true })
  industry?: string | null;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Whether the person agreed to be contacted.',
  })
  consentGiven?: boolean | null;

  @Field(() => Date, { nullable: true, description: 'When consent was given; defaults to now when given.' })
  consentAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Where consent was captured; required when given.' })
  consentSource?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Idempotency key of the creating system (service identity only): a retry with the same key returns the existing lead.',
  })
  externalRef?: string | null;
}

/** The list filter (with `and` / `or` / `not` and operator fields) lives in lead.filter.ts. */
export { LeadFilter } from './lead.filter';

/** Fields to change; an omitted field is left as it is, an explicit null clears an optional one. */
@InputType()
export class UpdateLeadInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  company?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  industry?: string | null;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Give (true, with consentSource) or withdraw (false) consent.',
  })
  consentGiven?: boolean | null;

  @Field(() => Date, { nullable: true })
  consentAt?: Date | null;

  @Field(() => String, { nullable: true })
  consentSource?: string | null;
}

/** How to convert a lead: the customer (existing or new), the contact and the deal to create. */
@InputType()
export class ConvertLeadInput {
  @Field(() => ID, { nullable: true, description: "Existing customer; default: the lead's, else a new one." })
  customerId?: string | null;

  @Field(() => String, { nullable: true, description: "New customer's name; default: the lead's company." })
  customerName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "New customer's domain; default: the lead's email domain.",
  })
  domain?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Create the new customer even if it looks like a duplicate.',
  })
  allowDuplicate?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: "Contact's first name; default: from the lead's name.",
  })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: "Contact's last name; default: from the lead's name." })
  lastName?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => [ContactRole], { nullable: true })
  roles?: ContactRole[] | null;

  @Field(() => String, { nullable: true, description: 'Deal title; default: "<company> – <lead name>".' })
  dealTitle?: string | null;

  @Field(() => DecimalScalar, { description: 'Exact amount, e.g. "12500.00".' })
  amount: string;

  @Field(() => String, { description: 'ISO 4217 currency code.' })
  currency: string;

  @Field(() => LocalDateScalar, { nullable: true })
  expectedCloseDate?: string | null;
}
