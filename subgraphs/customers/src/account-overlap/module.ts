import { READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { AccountOverlapResolver } from './account-overlap.resolver';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    // The PRM's account-mapping look-up of customers by domain hash.
    AccountOverlap: true;
  }
}

/** Account mapping's CRM half: which customers a partner's uploaded domain hashes match (SERVICE only). */
export default defineModule({
  name: 'account-overlap',
  resolvers: [AccountOverlapResolver],
  permissions: { AccountOverlap: { SERVICE: READ } },
});
