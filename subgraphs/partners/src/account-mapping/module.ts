import { AccountOverlapConvertedResolver } from './account-mapping.convert';
import { READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { ownPartner } from '../access';
import type { CrmDemoIds } from '../seed';
import { PrmAccountMapping1764233800001 } from './1764233800001-PrmAccountMapping';
import { AccountMappingHash, AccountMappingUpload } from './account-mapping.entity';
import { AccountMappingResolver } from './account-mapping.resolver';
import { seedAccountMapping } from './account-mapping.seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    AccountMapping: true;
  }
}

/**
 * Account mapping: a partner uploads hashed domains of its accounts; the CRM matches them to our
 * customers and the partner sees the overlap the rules of engagement allow. Lead distribution
 * ranks partners that map a lead's account first.
 */
export default defineModule<CrmDemoIds>({
  name: 'account-mapping',
  entities: [AccountMappingHash, AccountMappingUpload],
  migrations: [PrmAccountMapping1764233800001],
  resolvers: [AccountMappingResolver, AccountOverlapConvertedResolver],
  scope: [
    [AccountMappingHash, ownPartner('partnerId')],
    [AccountMappingUpload, ownPartner('partnerId')],
  ],
  permissions: {
    AccountMapping: { ADMIN: READ, CHANNEL_MANAGER: READ, PARTNER: ['read', 'create'] },
  },
  seeds: [{ order: 95, after: ['baseline'], run: seedAccountMapping }],
});
