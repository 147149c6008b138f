import type { DataSource } from 'typeorm';
import type { MembershipCheckOptions } from '@sales-graph/shared/auth/membership';
import { listenSubgraph } from '@sales-graph/shared/subgraph';
import { PRM_SCOPE } from './access/scope';
import { apiKeyIdentity } from './api-keys/api-key.service';
import { httpCrmClient, type CrmClient } from './crm/crm.client';
import { prmJobs } from './jobs';
import { prmMembershipCheck } from './membership/membership.service';
import { invalidateMembershipOnChange } from './membership/membership.subscriber';
import { prmOutboxHandlers, prmOutboxProbes } from './registrations/registration-deal.service';
import { buildPartnersSchema } from './schema';
import { attributionDispatcher } from './attribution/attribution-projection';
import { webhookDispatcher } from './webhooks';

export { createPartnersDataSource } from './datasource';
export { buildPartnersSchema } from './schema';

/**
 * Starts the partners (PRM) subgraph on `port` over an initialised data source. `jobsIntervalMs`
 * overrides JOBS_INTERVAL_MS (default 60000 ms, 0 = off) for the periodic expiries; `membership`
 * the membership cache (MEMBERSHIP_CACHE_MS) and its clock; `webhooksPollMs` the webhook
 * dispatcher's interval (WEBHOOK_POLL_MS, default 1000 ms, 0 = off).
 */
export async function listen(
  dataSource: DataSource,
  port: number,
  crm: CrmClient = httpCrmClient(),
  options: { jobsIntervalMs?: number; membership?: MembershipCheckOptions; webhooksPollMs?: number } = {},
) {
  const membership = prmMembershipCheck(dataSource, options.membership);
  invalidateMembershipOnChange(dataSource, membership);
  const running = await listenSubgraph(
    {
      name: 'partners',
      schema: await buildPartnersSchema(),
      dataSource,
      scope: PRM_SCOPE,
      services: { crm, membership },
      // Every PARTNER identity is checked against the PRM's partners, users and keys.
      verifyIdentity: (identity) => membership.verify(identity),
      // Keys presented through another router (the router contract) are looked up here, where they live.
      apiKeyLookup: (id, secretHash) => apiKeyIdentity(dataSource, id, secretHash),
      // Deliveries to the CRM (e.g. the deal of an approved registration) through the PRM's outbox.
      outbox: prmOutboxHandlers(dataSource, crm),
      // A CRM that answers /readyz again makes the deliveries waiting out their backoff due at once.
      outboxProbes: prmOutboxProbes(crm),
      // Lead offers past their SLA and registrations past their protection expire on a schedule.
      jobs: prmJobs(crm),
      jobsIntervalMs: options.jobsIntervalMs,
    },
    port,
  );
  // The CRM's attribution projection, from its own outbox table (attribution/attribution-projection.ts).
  const attributions = attributionDispatcher(dataSource, crm);
  attributions.start();
  // Signed webhooks of the change feed (webhooks/webhook.dispatcher.ts; WEBHOOK_POLL_MS, 0 = off).
  const webhooks = webhookDispatcher(dataSource, { pollMs: options.webhooksPollMs, crm });
  webhooks.start();
  return {
    ...running,
    attributions,
    webhooks,
    async close() {
      await webhooks.stop();
      await attributions.stop();
      await running.close();
    },
  };
}
