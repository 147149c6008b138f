import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { partnersScale } from '../seed/scale.steps';
import { ownPartner } from '../access';
import { Partner } from './partner.entity';
import { resolvePartnerReference } from './partner.reference';
import { PartnerResolver } from './partner.resolver';
import { PartnerTiersResolver } from './partner-tiers.resolver';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Partner: true;
    // A partner admin editing its own partner's profile (name, region, domain).
    PartnerProfile: true;
    // The CRM's batched read of partner tiers (salesAnalytics by partner tier).
    PartnerTierLookup: true;
  }
}

/** Partners: the company record and its profile. */
export default defineModule({
  name: 'partners',
  entities: [Partner],
  resolvers: [PartnerResolver, PartnerTiersResolver],
  references: { Partner: resolvePartnerReference },
  scope: [[Partner, ownPartner('id')]],
  permissions: {
    Partner: {
      ADMIN: ALL,
      SALES: READ,
      MARKETING: READ,
      SUPPORT: READ,
      CHANNEL_MANAGER: ALL,
      ANALYST: READ,
      PARTNER: READ,
      // The CRM checks that a CHANNEL account's owning partner exists (rules of engagement).
      SERVICE: READ,
    },
    PartnerProfile: { ADMIN: ['update'], CHANNEL_MANAGER: ['update'], PARTNER: ['update'] },
    PartnerTierLookup: { SERVICE: READ },
  },
  scale: [partnersScale],
});
