import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import { assertId } from '@sales-graph/shared/errors';
import type { PartnersContext } from '../context.type';
import { partnerAccess } from './partner-access.service';

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

@Resolver()
export class PartnerAccessResolver {
  @Directive('@inaccessible')
  @Query(() => PartnerAccess, {
    description:
      'Service only (SERVICE identity), hidden from the public graph: the deals and leads a partner may read in the CRM.',
  })
  async partnerAccess(
    @Arg('partnerId', () => ID, { description: 'The partner.' }) partnerId: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<PartnerAccess> {
    authorize(ctx.identity, 'read', 'PartnerAccess');
    return partnerAccess(ctx, assertId('Partner', partnerId));
  }
}
