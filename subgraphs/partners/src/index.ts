import type { DataSource } from 'typeorm';
import { listenSubgraph } from '../../../shared/src/subgraph';
import { PRM_SCOPE } from './access/scope';
import { httpCrmClient, type CrmClient } from './crm/crm.client';
import { prmJobs } from './jobs';
import { prmOutboxHandlers } from './registrations/registration-deal.service';
import { buildPartnersSchema } from './schema';

export { createPartnersDataSource } from './datasource';
export { buildPartnersSchema } from './schema';

/**
 * Starts the partners (PRM) subgraph on `port` over an initialised data source. `jobsIntervalMs`
 * overrides JOBS_INTERVAL_MS (default 60000 ms, 0 = off) for the periodic expiries.
 */
export async function listen(
  dataSource: DataSource,
  port: number,
  crm: CrmClient = httpCrmClient(),
  options: { jobsIntervalMs?: number } = {},
) {
  return listenSubgraph(
    {
      name: 'partners',
      schema: await buildPartnersSchema(),
      dataSource,
      scope: PRM_SCOPE,
      services: { crm },
      // Deliveries to the CRM (e.g. the deal of an approved registration) through the PRM's outbox.
      outbox: prmOutboxHandlers(dataSource, crm),
      // Lead offers past their SLA and registrations past their protection expire on a schedule.
      jobs: prmJobs(crm),
      jobsIntervalMs: options.jobsIntervalMs,
    },
    port,
  );
}
