import { Field, InputType } from 'type-graphql';
import { PartnerType } from '../partners/partner.entity';

/** A company's application to become a partner, with the person who applied for it. */
@InputType()
export class PartnerApplicationInput {
  @Field(() => String)
  companyName: string;

  @Field(() => PartnerType)
  type: PartnerType;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'Company web domain, e.g. "acme.com".' })
  domain?: string | null;

  @Field(() => String, { description: "Applicant's name; becomes the partner's first (invited) admin user." })
  contactName: string;

  @Field(() => String)
  contactEmail: string;
}
