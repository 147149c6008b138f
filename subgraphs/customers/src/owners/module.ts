import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { CrmOwnerChanges1764233200001 } from './1764233200001-CrmOwnerChanges';
import { OwnerChange } from './owner-change.entity';
import { OWNED_RECORD_RESOLVERS, OwnerChangeResolver, SalesAnalyticsOwnerResolver } from './owner.resolver';
import { seedOwners } from './owners.seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    OwnerChange: true;
  }
}

/**
 * Who owns our records: `owner` (a User) and `ownerHistory` on customers, deals, leads, tickets and
 * activities (each module publishes its `Ownable`), reassignment and hand-over with their history.
 * SALES may create changes, but only of records it owns itself (owner.rules.ts).
 */
export default defineModule({
  name: 'owners',
  entities: [OwnerChange],
  migrations: [CrmOwnerChanges1764233200001],
  resolvers: [OwnerChangeResolver, ...OWNED_RECORD_RESOLVERS, SalesAnalyticsOwnerResolver],
  permissions: {
    OwnerChange: {
      ADMIN: ALL,
      SALES: ['read', 'create'],
      MARKETING: READ,
      SUPPORT: READ,
      CHANNEL_MANAGER: READ,
      ANALYST: READ,
    },
  },
  seeds: [{ order: 92, after: ['baseline', 'users', 'tickets'], run: seedOwners }],
});
