import { Field, InputType, ObjectType } from 'type-graphql';
import { PartnerType } from '../partners';

/** A company's application to become a partner, with the person who applied for it. */
@InputType({ description: "A company's application to join the partner program." })
export class PartnerApplicationInput {
  @Field(() => String, { description: 'Company name (at most 200 characters).' })
  companyName: string;

  @Field(() => PartnerType, { description: 'What kind of partner it wants to be.' })
  type: PartnerType;

  @Field(() => String, { description: 'The region it sells in.', nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'Company web domain, e.g. "acme.com".' })
  domain?: string | null;

  @Field(() => String, { description: "Applicant's name; becomes the partner's first (invited) admin user." })
  contactName: string;

  @Field(() => String, { description: "Applicant's email (at most 254 characters)." })
  contactEmail: string;
}

/** What an anonymous application is answered with: an acknowledgement, never a record. */
@ObjectType({
  description:
    'The acknowledgement of a self-service partner application; the same whether or not the company was already known, so nothing about existing partners is revealed.',
})
export class PartnerApplicationReceipt {
  @Field(() => Boolean, { description: 'Always true: the application was received.' })
  received: true;

  @Field(() => String, { description: 'A reference to quote when contacting the channel team.' })
  reference: string;
}
