import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { dealAttributionsScale, leadAttributionsScale } from '../seed/scale.steps';
import { ownPartner } from '../access';
import { PrmAttributionOutbox1764232400000 } from '../migrations/1764232400000-PrmAttributionOutbox';
import { DealAttribution, LeadAttribution } from './attribution.entity';
import { DealAttributionResolver, LeadAttributionResolver } from './attribution.resolver';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Attribution: true;
  }
}

/** Deal and Lead references carry only the id; their PRM fields load through loaders. */
const idReference = async (reference: { id: string }) => ({ id: reference.id.toLowerCase() });
/** A Deal reference also carries the CRM fields `Deal.commission` @requires (stage, amount …). */
const dealReference = async (reference: { id: string }) => ({ ...reference, id: reference.id.toLowerCase() });

/** Which partner sourced a deal or referred a lead (PRM fields on the CRM's Deal and Lead). */
export default defineModule({
  name: 'attribution',
  entities: [DealAttribution, LeadAttribution],
  // Every attribution change enqueues its projection message for the CRM (triggers, own outbox).
  migrations: [PrmAttributionOutbox1764232400000],
  resolvers: [DealAttributionResolver, LeadAttributionResolver],
  references: { Deal: dealReference, Lead: idReference },
  scope: [
    [DealAttribution, ownPartner('partnerId')],
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
  scale: [dealAttributionsScale, leadAttributionsScale],
});
