import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { ownPartner } from '../access';
import { DistributionRule, LeadOffer, LeadOfferEvent, LeadReferral } from './lead-sharing.entity';
import {
  LeadOfferEventResolver,
  LeadOfferResolver,
  LeadOffersResolver,
  PartnerLeadOffersResolver,
} from './lead-sharing.resolver';
import { seedLeadSharing } from './lead-sharing.seed';
import type { CrmDemoIds } from '../seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    DistributionRule: true;
    LeadOffer: true;
    LeadReferral: true;
  }
}

/** Lead distribution rules, offers to partners and partner referrals. */
export default defineModule<CrmDemoIds>({
  name: 'lead-sharing',
  entities: [DistributionRule, LeadOffer, LeadOfferEvent, LeadReferral],
  resolvers: [LeadOfferResolver, LeadOfferEventResolver, LeadOffersResolver, PartnerLeadOffersResolver],
  scope: [
    [LeadOffer, ownPartner('partnerId')],
    [LeadOfferEvent, ownPartner('partnerId')],
    [LeadReferral, ownPartner('partnerId')],
  ],
  permissions: {
    DistributionRule: { ADMIN: ALL, CHANNEL_MANAGER: ALL, ANALYST: READ },
    LeadOffer: {
      ADMIN: ALL,
      SALES: READ,
      MARKETING: READ,
      SUPPORT: READ,
      CHANNEL_MANAGER: ALL,
      ANALYST: READ,
      // Its own offers (accept / decline) and the leads it refers.
      PARTNER: ['read', 'update'],
    },
    LeadReferral: {
      ADMIN: ['read', 'create'],
      CHANNEL_MANAGER: ['read', 'create'],
      ANALYST: READ,
      PARTNER: ['read', 'create'],
    },
  },
  seeds: [{ order: 90, after: ['baseline'], run: seedLeadSharing }],
});
