import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { ownPartner } from '../access';
import { PartnerScorecardConvertedResolver } from './scorecard.convert';
import { PartnerScorecardResolver, PartnerScorecardSalesResolver } from './scorecard.resolver';
import { PartnerTierChange, PartnerTierFlag, TierRule } from './tier.entity';
import { PartnerTierResolver, TierRuleResolver } from './tier.resolver';
import { seedTiers } from './tiers.seed';
import type { CrmDemoIds } from '../seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    TierRule: true;
  }
}

/** Partner scorecards, tier rules, tier flags and their recompute. */
export default defineModule<CrmDemoIds>({
  name: 'scorecards',
  entities: [TierRule, PartnerTierFlag, PartnerTierChange],
  resolvers: [
    PartnerScorecardResolver,
    PartnerScorecardSalesResolver,
    PartnerScorecardConvertedResolver,
    TierRuleResolver,
    PartnerTierResolver,
  ],
  scope: [
    [PartnerTierFlag, ownPartner('partnerId')],
    [PartnerTierChange, ownPartner('partnerId')],
  ],
  permissions: {
    TierRule: { ADMIN: ALL, CHANNEL_MANAGER: ALL, ANALYST: READ },
  },
  seeds: [{ order: 100, after: ['baseline', 'training'], run: seedTiers }],
});
