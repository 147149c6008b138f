import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import { assertId } from '@sales-graph/shared/errors';
import type { PartnersContext } from '../context.type';
import { partnerAccess } from './partner-access.service';
import { PartnerAccess } from './partner-access.types';

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
