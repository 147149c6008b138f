import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import {
  dealAttributionsScale,
  dealPartnerAttributionsScale,
  leadAttributionsScale,
} from '../seed/scale.steps';
import { ownPartner } from '../access';
import { PrmAttributionOutbox1764232400000 } from '../migrations/1764232400000-PrmAttributionOutbox';
import { DealAttribution, LeadAttribution } from './attribution.entity';
import { DealAttributionResolver, LeadAttributionResolver } from './attribution.resolver';
import { DealPartnerAttribution } from './deal-partner.entity';
import { DealPartnerResolver, DealPartnersResolver } from './deal-partner.resolver';
import { seedDealPartners } from './deal-partners.seed';
import { PrmDealPartners1764233600000 } from './1764233600000-PrmDealPartners';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Attribution: true;
  }
}

/** Deal and Lead references carry only the id; their PRM fields load through loaders. */
const idReference = async (reference: { id: string }) => ({ id: reference.id.toLowerCase() });
/** A Deal reference also carries the CRM fields `Deal.commission` @requires (stage, amount …). */
const dealReference = async (reference: { id: string }) => ({ ...reference, id: reference.id.toLowerCase() });

/** Which partners sourced (or play another part in) a deal, or referred a lead (PRM fields on the CRM's Deal and Lead). */
export default defineModule({
  name: 'attribution',
  entities: [DealAttribution, LeadAttribution, DealPartnerAttribution],
  // Its own outbox of projection messages for the CRM (written by its triggers).
  tables: ['attribution_outbox'],
  // Every attribution change enqueues its projection message for the CRM (triggers, own outbox).
  migrations: [PrmAttributionOutbox1764232400000, PrmDealPartners1764233600000],
  resolvers: [DealAttributionResolver, LeadAttributionResolver, DealPartnersResolver, DealPartnerResolver],
  references: { Deal: dealReference, Lead: idReference },
  scope: [
    [DealAttribution, ownPartner('partnerId')],
    // A partner user sees its own parts of a deal, never the other parties (README "Deal partners").
    [DealPartnerAttribution, ownPartner('partnerId')],
    [LeadAttribution, ownPartner('assignedPartnerId', 'referredByPartnerId')],
  ],
  permissions: {
    Attribution: {
      ADMIN: ALL,
      SALES: READ,
      MARKETING: READ,
      SUPPORT: READ,
      CHANNEL_MANAGER: ALL,
      ANALYST: READ,
      PARTNER: READ,
    },
  },
  // Last of the PRM's steps: reads the seeded attributions, and draws nothing from the random source.
  seeds: [{ order: 120, after: ['baseline', 'registrations'], run: seedDealPartners }],
  scale: [dealAttributionsScale, dealPartnerAttributionsScale, leadAttributionsScale],
});
