import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { authorize } from '../../../../shared/src/auth/permissions';
import { NotFoundError } from '../../../../shared/src/errors';
import type { PartnersContext } from '../context.type';
import { Partner } from '../partners/partner.entity';
import { visiblePartnerId } from '../partners/partner.service';
import { PartnerScorecard } from './scorecard.entity';
import { scorecardLoader } from './scorecard.service';

@Resolver(() => Partner)
export class PartnerScorecardResolver {
  @FieldResolver(() => PartnerScorecard, {
    description: 'Lead acceptance, response time and certifications (a partner user: its own only).',
  })
  async scorecard(@Root() partner: Partner, @Ctx() ctx: PartnersContext): Promise<PartnerScorecard> {
    authorize(ctx.identity, 'read', 'Partner');
    if (!visiblePartnerId(ctx, partner.id)) throw new NotFoundError('Partner', partner.id);
    return scorecardLoader(ctx).load(partner.id);
  }
}
