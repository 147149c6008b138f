import { Field, InputType } from 'type-graphql';
import { PartnerType } from '../partners/partner.entity';

/** A company's application to become a partner, with the person who applied for it. */
@InputType({ description: "A company's application to join the partner program." })
export class PartnerApplicationInput {
  @Field(() => String, { description: "The applying company's name." })
  companyName: string;

  @Field(() => PartnerType, { description: 'What kind of partner it wants to be.' })
  type: PartnerType;

  @Field(() => String, { description: 'The region it sells in.', nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'Company web domain, e.g. "acme.com".' })
  domain?: string | null;

  @Field(() => String, { description: "Applicant's name; becomes the partner's first (invited) admin user." })
  contactName: string;

  @Field(() => String, { description: 'Where we answer the application.' })
  contactEmail: string;
}
