import { ALL } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { ownPartner } from '../access';
import { PrmWebhooks1764232700000 } from '../migrations/1764232700000-PrmWebhooks';
import { PrmWebhookListIndexes1764232790000 } from '../migrations/1764232790000-PrmWebhookListIndexes';
import { PrmWebhooksCrm1764233100000 } from '../migrations/1764233100000-PrmWebhooksCrm';
import { WebhookDelivery, WebhookEndpoint } from './webhook.entity';
import { WebhookResolver } from './webhook.resolver';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    WebhookEndpoint: true;
    WebhookDelivery: true;
  }
}

/**
 * Signed webhooks of the PRM's change feed: endpoints (ADMIN's, or a partner admin's for its
 * partner), their delivery log and the dispatcher (`webhook.dispatcher.ts`, started by the
 * subgraph). A partner user must also be its partner's active admin (`assertPartnerAdmin`).
 */
export default defineModule({
  name: 'webhooks',
  entities: [WebhookEndpoint, WebhookDelivery],
  migrations: [PrmWebhooks1764232700000, PrmWebhookListIndexes1764232790000, PrmWebhooksCrm1764233100000],
  resolvers: [WebhookResolver],
  scope: [
    [WebhookEndpoint, ownPartner('partnerId')],
    [WebhookDelivery, ownPartner('partnerId')],
  ],
  permissions: {
    WebhookEndpoint: { ADMIN: ALL, PARTNER: ALL },
    WebhookDelivery: { ADMIN: ALL, PARTNER: ['read', 'update'] },
  },
});
