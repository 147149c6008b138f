import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { PartnersContext } from '../context.type';
import { ProspectAvailability } from './prospect-availability.rules';
import { checkProspect } from './prospect-availability.service';

@Resolver()
export class ProspectAvailabilityResolver {
  @Query(() => ProspectAvailability, {
    description:
      'For partner users (PARTNER): whether registering this prospect would conflict with a live registration or our direct pipeline. Names no partner, customer, deal, amount or owner. Limited per partner (PROSPECT_CHECKS_PER_HOUR, default 60, all its users and keys together): RATE_LIMITED beyond.',
  })
  async prospectAvailability(
    @Arg('company', () => String, { description: "The prospect's company name, matched normalised." })
    company: string,
    @Arg('domain', () => String, {
      nullable: true,
      description: 'The prospect\'s web domain, e.g. "acme.com"; matched normalised.',
    })
    domain: string | null | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<ProspectAvailability> {
    authorize(ctx.identity, 'read', 'ProspectAvailability');
    return checkProspect(ctx, company, domain);
  }
}
