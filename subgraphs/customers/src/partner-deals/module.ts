import { defineModule } from '@sales-graph/shared/module';
import { CrmPartnerAttributions1764232400000 } from '../migrations/1764232400000-CrmPartnerAttributions';
import { CrmPartnerDealRollup1764234300000 } from '../migrations/1764234300000-CrmPartnerDealRollup';
import { CrmPartnerRollupVersions1764234700000 } from '../migrations/1764234700000-CrmPartnerRollupVersions';
import { CrmPartnerRollupPlans1764235200000 } from '../migrations/1764235200000-CrmPartnerRollupPlans';
import { PartnerSourcedDealResolver } from './partner-deal.resolver';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    // The deal of an approved deal registration (idempotent through its externalRef), and the open deals that conflict with a registration.
    PartnerSourcedDeal: true;
  }
}

/** The PRM's calls into the CRM for deal registrations (SERVICE only, not in the public graph). */
export default defineModule({
  name: 'partner-deals',
  // The CRM's projection of the PRM's attributions (partner-attributions.ts), and the partner
  // sales rollup kept from it and from deals and leads (partner-deal-rollup migration), with a
  // version per partner that the figures' cache checks (CrmPartnerRollupVersions).
  tables: [
    'partner_attributions',
    'partner_deal_contributions',
    'partner_deal_rollup',
    'partner_rollup_versions',
  ],
  // The PRM's attributions projected into the CRM (kept by the PRM's attribution outbox); the
  // deals' channel derived from them is the deals module's (its migration CrmDealChannel).
  migrations: [
    CrmPartnerAttributions1764232400000,
    CrmPartnerDealRollup1764234300000,
    CrmPartnerRollupVersions1764234700000,
    // The rollup's triggers planned so that a bulk write stays linear.
    CrmPartnerRollupPlans1764235200000,
  ],
  resolvers: [PartnerSourcedDealResolver],
  permissions: {
    PartnerSourcedDeal: { SERVICE: ['read', 'create'] },
  },
});
