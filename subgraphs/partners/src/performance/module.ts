import { READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { PartnerPerformanceConvertedResolver } from './performance.convert';
import { PartnerPerformanceResolver } from './performance.resolver';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    PartnerPerformance: true;
  }
}

/** A partner's sales figures from the CRM's deals (no table of its own). */
export default defineModule({
  name: 'performance',
  resolvers: [PartnerPerformanceResolver, PartnerPerformanceConvertedResolver],
  permissions: {
    PartnerPerformance: { ADMIN: READ, SALES: READ, CHANNEL_MANAGER: READ, ANALYST: READ, PARTNER: READ },
  },
});
