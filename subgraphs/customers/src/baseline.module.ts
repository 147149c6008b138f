import { auditLogResolver } from '@sales-graph/shared/audit/audit.resolver';
import { defineModule } from '@sales-graph/shared/module';
import { CrmCore1764230400000 } from './migrations/1764230400000-CrmCore';
import { CrmActivitiesSupportOrders1764230600000 } from './migrations/1764230600000-CrmActivitiesSupportOrders';
import { CrmAuditLog1764231000000 } from './migrations/1764231000000-CrmAuditLog';
import { CrmRecordLifecycle1764231200000 } from './migrations/1764231200000-CrmRecordLifecycle';
import { CrmListIndexes1764231300000 } from './migrations/1764231300000-CrmListIndexes';
import { CrmMarketing1764231400000 } from './migrations/1764231400000-CrmMarketing';
import { CrmLeadExternalRef1764231500000 } from './migrations/1764231500000-CrmLeadExternalRef';
import { CrmPartnerSourcedDeals1764231600000 } from './migrations/1764231600000-CrmPartnerSourcedDeals';
import { CrmDealNextStep1764231700000 } from './migrations/1764231700000-CrmDealNextStep';
import { CrmIdempotencyKeys1764232100000 } from './migrations/1764232100000-CrmIdempotencyKeys';
import { CrmCompanyNameKeys1764232200000 } from './migrations/1764232200000-CrmCompanyNameKeys';
import { CrmBiListIndexes1764232300000 } from './migrations/1764232300000-CrmBiListIndexes';
import { CrmSearchStatistics1764234600000 } from './migrations/1764234600000-CrmSearchStatistics';
import { CrmLowerCaseSearch1764235100000 } from './migrations/1764235100000-CrmLowerCaseSearch';
import { CrmSearchWords1764235300000 } from './migrations/1764235300000-CrmSearchWords';
import { seedCoreCrm } from './seed/core.seed';

/**
 * What the CRM had before modules carried their own: the historic migrations in `migrations/`
 * (each spans several modules; their names are in every database's `migrations` table, so they
 * stay as they are), the audit log and the core demo data (customers, contacts, leads, deals)
 * the other modules' seeds build on. A new module brings its own migrations in its manifest.
 */
export default defineModule({
  name: 'baseline',
  migrations: [
    CrmCore1764230400000,
    CrmActivitiesSupportOrders1764230600000,
    CrmAuditLog1764231000000,
    CrmRecordLifecycle1764231200000,
    CrmListIndexes1764231300000,
    CrmMarketing1764231400000,
    CrmLeadExternalRef1764231500000,
    CrmPartnerSourcedDeals1764231600000,
    CrmDealNextStep1764231700000,
    CrmIdempotencyKeys1764232100000,
    CrmCompanyNameKeys1764232200000,
    CrmBiListIndexes1764232300000,
    // Planner statistics on the searchable columns of several modules' tables.
    CrmSearchStatistics1764234600000,
    // Those columns' trigram indexes over their lower-cased text.
    CrmLowerCaseSearch1764235100000,
    // A word index beside each of them.
    CrmSearchWords1764235300000,
  ],
  resolvers: [auditLogResolver('crmAuditLog', 'Changes to CRM records, newest first (ADMIN only).')],
  seeds: [{ order: 10, run: seedCoreCrm }],
});
