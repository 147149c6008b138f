import { ALL, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { ownPartner } from '../access';
import { ApiKey } from './api-key.entity';
import { ApiKeyResolver } from './api-key.resolver';
import { PrmApiKeyExportScope1764232520000 } from '../migrations/1764232520000-PrmApiKeyExportScope';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    ApiKey: true;
  }
}

/** A partner's API keys (its identity through another router is ApiKeyIdentity, shared's). */
export default defineModule({
  name: 'api-keys',
  entities: [ApiKey],
  migrations: [PrmApiKeyExportScope1764232520000],
  resolvers: [ApiKeyResolver],
  scope: [[ApiKey, ownPartner('partnerId')]],
  permissions: {
    ApiKey: { ADMIN: ALL, PARTNER: WRITE },
  },
});
