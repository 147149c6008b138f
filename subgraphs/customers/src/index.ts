import type { DataSource } from 'typeorm';
import { MembershipCheck, type MembershipCheckOptions } from '@sales-graph/shared/auth/membership';
import { changeFeedRetentionJob } from '@sales-graph/shared/feed/index';
import { idempotencyCleanupJob } from '@sales-graph/shared/idempotency/idempotency';
import { listenSubgraph } from '@sales-graph/shared/subgraph';
import { httpPrmClient, type PrmClient } from './access/prm.client';
import { CRM_SCOPE } from './access/scope';
import { buildCustomersSchema } from './schema';
import { wireCrmSubscriptions } from './subscriptions';
import { forecastSnapshotJob } from './forecasts';
import { rememberUser } from './users';

export { createCustomersDataSource } from './datasource';
export { buildCustomersSchema } from './schema';
export { crmSubscriptions, wireCrmSubscriptions, type CrmEvents } from './subscriptions';

/**
 * Starts the customers (CRM) subgraph on `port` over an initialised data source. Every PARTNER
 * identity is checked with the PRM (cached MEMBERSHIP_CACHE_MS, or `options.membership`).
 * Its periodic jobs (idempotency keys and change feed events past retention, the weekly forecast
 * snapshot) run every `jobsIntervalMs`, else JOBS_INTERVAL_MS.
 * The CRM's domain-event subscribers (subscriptions.ts) are wired to the data source here.
 */
export async function listen(
  dataSource: DataSource,
  port: number,
  prm: PrmClient = httpPrmClient(),
  options: { membership?: MembershipCheckOptions; jobsIntervalMs?: number } = {},
) {
  wireCrmSubscriptions(dataSource);
  const membership = new MembershipCheck(
    (sub, partnerId) => prm.partnerMembership(sub, partnerId),
    options.membership,
  );
  return listenSubgraph(
    {
      name: 'customers',
      schema: await buildCustomersSchema(),
      dataSource,
      scope: CRM_SCOPE,
      services: { prm },
      verifyIdentity: async (identity) => {
        const verified = await membership.verify(identity);
        // Our people are kept as Users from their claims: one statement per sub and claims per process.
        await rememberUser(dataSource, verified);
        return verified;
      },
      // Keys presented through another router (the router contract) are resolved by the PRM, which owns them.
      apiKeyLookup: (id, secretHash) => prm.apiKeyIdentity(id, secretHash),
      jobs: [idempotencyCleanupJob, changeFeedRetentionJob('crm'), forecastSnapshotJob],
      jobsIntervalMs: options.jobsIntervalMs,
    },
    port,
  );
}
