import { Directive, Field, ObjectType } from 'type-graphql';
import type { PartnerMembership as Membership } from '@sales-graph/shared/auth/identity';

/** What a PARTNER identity is to the PRM. Hidden from the public graph: for the CRM's membership check. */
@Directive('@inaccessible')
@ObjectType({
  description:
    'Service only (SERVICE identity), hidden from the public graph: what a PARTNER identity is to its partner.',
})
export class PartnerMembership implements Membership {
  @Field(() => String, { description: 'The PartnerStatus of the partner.' })
  partnerStatus: Membership['partnerStatus'];

  @Field(() => String, { description: 'ACTIVE, or INVITED for a user who has not accepted yet.' })
  member: Membership['member'];
}
