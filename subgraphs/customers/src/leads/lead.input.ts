import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { ContactRole } from '../contacts';
import { LeadSource, LeadStatus } from './lead.entity';

@InputType({ description: 'A new lead (SALES, MARKETING and ADMIN).' })
export class CreateLeadInput {
  @Field(() => String, { description: 'Name of the person (personal data).' })
  name: string;

  @Field(() => String, { description: "The person's company.", nullable: true })
  company?: string | null;

  @Field(() => String, { description: 'Email address (personal data).', nullable: true })
  email?: string | null;

  @Field(() => LeadSource, { description: 'Where the lead came from.' })
  source: LeadSource;

  @Field(() => LeadStatus, {
    description: 'Starting status; NEW by default.',
    nullable: true,
    defaultValue: LeadStatus.NEW,
  })
  status?: LeadStatus;

  @Field(() => Int, {
    description: 'Ignored: the score is computed from the lead scoring rules.',
    nullable: true,
    deprecationReason: 'Ignored: the score is computed from the lead scoring rules.',
  })
  score?: number | null;

  @Field(() => ID, { nullable: true, description: 'Existing customer the lead belongs to.' })
  customerId?: string | null;

  @Field(() => String, { description: "The company's industry.", nullable: true })
  industry?: string | null;

  @Field(() => String, { description: 'The sales region the lead belongs to.', nullable: true })
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
@InputType({ description: 'Changes to a lead; omitted fields keep their value (the lead is rescored).' })
export class UpdateLeadInput {
  @Field(() => String, { description: 'New name of the person.', nullable: true })
  name?: string | null;

  @Field(() => String, { description: 'New company.', nullable: true })
  company?: string | null;

  @Field(() => String, { description: 'New email address.', nullable: true })
  email?: string | null;

  @Field(() => String, { description: 'New industry.', nullable: true })
  industry?: string | null;

  @Field(() => String, { description: 'New sales region.', nullable: true })
  region?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Give (true, with consentSource) or withdraw (false) consent.',
  })
  consentGiven?: boolean | null;

  @Field(() => Date, { description: 'When the person agreed to be contacted.', nullable: true })
  consentAt?: Date | null;

  @Field(() => String, { description: "Where the consent was given, e.g. a form's name.", nullable: true })
  consentSource?: string | null;
}

/** How to convert a lead: the customer (existing or new), the contact and the deal to create. */
@InputType({ description: 'How to turn a qualified lead into a customer, contact and deal.' })
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

  @Field(() => String, { description: 'Job title of the new contact.', nullable: true })
  title?: string | null;

  @Field(() => String, { description: 'Phone number of the new contact.', nullable: true })
  phone?: string | null;

  @Field(() => [ContactRole], { description: "The new contact's buying roles.", nullable: true })
  roles?: ContactRole[] | null;

  @Field(() => String, { nullable: true, description: 'Deal title; default: "<company> – <lead name>".' })
  dealTitle?: string | null;

  @Field(() => DecimalScalar, { description: 'Exact amount, e.g. "12500.00".' })
  amount: string;

  @Field(() => String, { description: 'ISO 4217 currency code.' })
  currency: string;

  @Field(() => LocalDateScalar, { description: 'Expected close date of the new deal.', nullable: true })
  expectedCloseDate?: string | null;
}
