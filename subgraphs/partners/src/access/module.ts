import { READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { crmDealRule, CRM_DEAL } from './partner-scope';
import { PartnerAccessResolver } from './partner-access.resolver';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    PartnerAccess: true;
  }
}

/** What a partner may read in the CRM (its claim sets), asked by the CRM (SERVICE only). */
export default defineModule({
  name: 'access',
  resolvers: [PartnerAccessResolver],
  scope: [
    // CRM deals (read from the CRM for aggregates): the ones the CRM lets the partner read.
    [{ name: CRM_DEAL }, crmDealRule],
  ],
  permissions: {
    PartnerAccess: { SERVICE: READ },
  },
});
