import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { PartnersContext } from '../context.type';
import { PeriodInput } from '../performance';
import { RegistrationConflictPreview } from './engagement.rules';
import { channelConflictAnalytics, checkRegistrationConflict } from './engagement.service';
import { ChannelConflictAnalytics } from './engagement.types';

/** The rules of engagement on registrations: the partner's preview and channel-conflict analytics. */
@Resolver()
export class EngagementResolver {
  @Query(() => RegistrationConflictPreview, {
    nullable: true,
    description:
      "For partner users (PARTNER), before submitting: would registering this prospect be flagged under the rules of engagement (owned by our direct sales, or by another partner)? Names no partner, customer or owner. Spends one of the partner's hourly pre-checks (PROSPECT_CHECKS_PER_HOUR, shared with prospectAvailability): RATE_LIMITED beyond.",
  })
  async checkRegistrationConflict(
    @Arg('company', () => String, { description: "The prospect's company name, matched normalised." })
    company: string,
    @Arg('domain', () => String, {
      nullable: true,
      description: "The prospect's web domain; matched normalised.",
    })
    domain: string | null | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<RegistrationConflictPreview | null> {
    authorize(ctx.identity, 'read', 'RegistrationConflictPreview');
    return checkRegistrationConflict(ctx, company, domain);
  }

  @Query(() => ChannelConflictAnalytics, {
    description:
      'Channel-conflict analytics: registrations flagged under the rules of engagement in the period, by partner and month: conflicts, overrides, outcomes (approved / rejected, won / lost deals) and time to resolve. Roles: CHANNEL_MANAGER, ADMIN, ANALYST.',
  })
  async channelConflictAnalytics(
    @Arg('period', () => PeriodInput, { description: 'Submission days, both ends included (UTC).' })
    period: PeriodInput,
    @Arg('partnerId', () => ID, {
      nullable: true,
      description: 'One partner only; every partner when omitted.',
    })
    partnerId: string | null | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<ChannelConflictAnalytics> {
    authorize(ctx.identity, 'read', 'ChannelConflictAnalytics');
    return channelConflictAnalytics(ctx, period, partnerId);
  }
}
