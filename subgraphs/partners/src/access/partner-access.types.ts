import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The CRM records a partner's users may see. Hidden from the public graph: for the CRM's use. */
@Directive('@inaccessible')
@ObjectType({
  description:
    'Service only (SERVICE identity), hidden from the public graph: the CRM records a partner has a claim to.',
})
export class PartnerAccess {
  @Field(() => [ID], { description: 'Deals the partner sourced.' })
  dealIds: string[];

  @Field(() => [ID], { description: 'Leads assigned to or referred by the partner.' })
  leadIds: string[];
}
