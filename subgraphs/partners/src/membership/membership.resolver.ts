import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { PartnerMembership as Membership } from '@sales-graph/shared/auth/identity';
import { authorize } from '@sales-graph/shared/auth/permissions';
import { assertId } from '@sales-graph/shared/errors';
import type { PartnersContext } from '../context.type';

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

@Resolver()
export class PartnerMembershipResolver {
  @Directive('@inaccessible')
  @Query(() => PartnerMembership, {
    nullable: true,
    description:
      'Service only (SERVICE identity), hidden from the public graph: the membership of a partner user or key; null when it is none.',
  })
  async partnerMembership(
    @Arg('partnerId', () => ID, { description: 'The partner the token names.' }) partnerId: string,
    @Arg('sub', () => String, { description: 'The token subject: a PartnerUser id or apikey:<id>.' })
    sub: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<Membership | null> {
    authorize(ctx.identity, 'read', 'PartnerMembership');
    return ctx.membership.membership(sub, assertId('Partner', partnerId));
  }
}
