import { Field, ObjectType } from 'type-graphql';
import { Contact } from '../contacts';
import { Customer } from '../customers';
import { Deal } from '../deals';
import { Lead } from './lead.entity';

/** What a lead was converted into. */
@ObjectType({ description: 'What converting a lead created.' })
export class ConvertLeadResult {
  @Field(() => Lead, { description: 'The lead, now CONVERTED.' })
  lead: Lead;

  @Field(() => Customer, { description: 'The customer the lead became (or was matched to).' })
  customer: Customer;

  @Field(() => Contact, { description: 'The contact created from the lead.' })
  contact: Contact;

  @Field(() => Deal, { description: 'The deal opened for the customer.' })
  deal: Deal;
}
