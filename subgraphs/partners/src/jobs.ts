import { changeFeedRetentionJob } from '@sales-graph/shared/feed/index';
import { idempotencyCleanupJob } from '@sales-graph/shared/idempotency/idempotency';
import type { ScheduledJob } from '@sales-graph/shared/jobs/jobs';
import type { CrmClient } from './crm/crm.client';
import { expireLeadOffers } from './lead-sharing/lead-sharing.service';
import { expireDueRegistrations } from './registrations/registration-deal.service';

/**
 * The PRM's time-based rules, run periodically by the subgraph's JobRunner (JOBS_INTERVAL_MS),
 * each in its own transaction: lead offers past their respond-by time expire and their leads are
 * re-routed; approved registrations past their protection expire unless their CRM deal progressed;
 * idempotency keys past their retention are forgotten; change feed events past theirs are purged.
 */
export const prmJobs = (crm: CrmClient): ScheduledJob[] => [
  {
    name: 'lead-offers.expire',
    run: async (manager, now) => ({ expired: (await expireLeadOffers(manager, now, crm)).length }),
  },
  {
    name: 'registrations.expire',
    run: async (manager, now) => {
      const run = await expireDueRegistrations(manager, crm, now);
      return { expired: run.expired.length, keptInProgress: run.keptInProgress.length };
    },
  },
  idempotencyCleanupJob,
  changeFeedRetentionJob('prm'),
];
