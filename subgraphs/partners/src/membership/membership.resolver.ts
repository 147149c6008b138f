import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import type { PartnerMembership as Membership } from '@sales-graph/shared/auth/identity';
import { authorize } from '@sales-graph/shared/auth/permissions';
import { assertId } from '@sales-graph/shared/errors';
import type { PartnersContext } from '../context.type';
import { PartnerMembership } from './membership.types';

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
