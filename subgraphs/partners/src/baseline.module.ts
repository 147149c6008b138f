import { auditLogResolver } from '@sales-graph/shared/audit/audit.resolver';
import { defineModule } from '@sales-graph/shared/module';
import { PrmCore1764230500000 } from './migrations/1764230500000-PrmCore';
import { PrmOnboardingTrainingRegistrations1764230700000 } from './migrations/1764230700000-PrmOnboardingTrainingRegistrations';
import { PrmAuditLog1764231000000 } from './migrations/1764231000000-PrmAuditLog';
import { PrmApiKeys1764231100000 } from './migrations/1764231100000-PrmApiKeys';
import { PrmLeadSharing1764231500000 } from './migrations/1764231500000-PrmLeadSharing';
import { PrmRegistrationDeals1764231600000 } from './migrations/1764231600000-PrmRegistrationDeals';
import { PrmIncentivesMdf1764231700000 } from './migrations/1764231700000-PrmIncentivesMdf';
import { PrmTiers1764231800000 } from './migrations/1764231800000-PrmTiers';
import { PrmProspectChecks1764231900000 } from './migrations/1764231900000-PrmProspectChecks';
import { PrmPartnerNameKey1764231950000 } from './migrations/1764231950000-PrmPartnerNameKey';
import { PrmOutboxDeadLetters1764232000000 } from './migrations/1764232000000-PrmOutboxDeadLetters';
import { PrmIdempotencyKeys1764232100000 } from './migrations/1764232100000-PrmIdempotencyKeys';
import type { CrmDemoIds } from './seed';
import { PrmCompanyNameKeys1764232200000 } from './migrations/1764232200000-PrmCompanyNameKeys';
import { PrmListIndexes1764232210000 } from './migrations/1764232210000-PrmListIndexes';
import { PrmBiListIndexes1764232300000 } from './migrations/1764232300000-PrmBiListIndexes';
import { PrmSearchStatistics1764234600001 } from './migrations/1764234600001-PrmSearchStatistics';
import { PrmLowerCaseSearch1764235100001 } from './migrations/1764235100001-PrmLowerCaseSearch';
import { PrmSearchWords1764235300001 } from './migrations/1764235300001-PrmSearchWords';
import { seedCorePrm } from './seed/core.seed';

/**
 * What the PRM had before modules carried their own: the historic migrations in `migrations/`
 * (each spans several modules; their names are in every database's `migrations` table, so they
 * stay as they are), the audit log and the core demo data (partners and attributions) the other
 * modules' seeds build on. A new module brings its own migrations in its manifest.
 */
export default defineModule<CrmDemoIds>({
  name: 'baseline',
  migrations: [
    PrmCore1764230500000,
    PrmOnboardingTrainingRegistrations1764230700000,
    PrmAuditLog1764231000000,
    PrmApiKeys1764231100000,
    PrmIncentivesMdf1764231700000,
    PrmLeadSharing1764231500000,
    PrmRegistrationDeals1764231600000,
    PrmTiers1764231800000,
    PrmProspectChecks1764231900000,
    PrmPartnerNameKey1764231950000,
    PrmOutboxDeadLetters1764232000000,
    PrmIdempotencyKeys1764232100000,
    PrmCompanyNameKeys1764232200000,
    PrmListIndexes1764232210000,
    PrmBiListIndexes1764232300000,
    // Planner statistics on the searchable columns of several modules' tables.
    PrmSearchStatistics1764234600001,
    // Those columns' trigram indexes over their lower-cased text.
    PrmLowerCaseSearch1764235100001,
    // A word index beside each of them.
    PrmSearchWords1764235300001,
  ],
  resolvers: [auditLogResolver('prmAuditLog', 'Changes to PRM records, newest first (ADMIN only).')],
  seeds: [{ order: 10, run: seedCorePrm }],
});
