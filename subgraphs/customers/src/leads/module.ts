import { ALL, READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { leadsScale } from '../seed/scale.steps';
import { claimed } from '../access';
import { Lead } from './lead.entity';
import { resolveLeadReference } from './lead.reference';
import { LeadResolver } from './lead.resolver';
import { LeadLifecycleResolver } from './lead.lifecycle.resolver';
import { seedRecordLifecycle } from './leads.seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Lead: true;
  }
}

/** Leads, their scoring and lifecycle (qualify, convert, disqualify). */
export default defineModule({
  name: 'leads',
  entities: [Lead],
  resolvers: [LeadResolver, LeadLifecycleResolver],
  references: { Lead: resolveLeadReference },
  scope: [[Lead, claimed('leads', 'id')]],
  permissions: {
    Lead: {
      ADMIN: ALL,
      SALES: WRITE,
      MARKETING: WRITE,
      SUPPORT: READ,
      CHANNEL_MANAGER: READ,
      ANALYST: READ,
      PARTNER: READ,
      // The PRM creating the CRM lead a partner referred (idempotent through its externalRef).
      SERVICE: ['read', 'create'],
    },
  },
  seeds: [{ order: 50, after: ['baseline'], run: seedRecordLifecycle }],
  scale: [leadsScale],
});
