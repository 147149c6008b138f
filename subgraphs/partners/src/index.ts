import type { DataSource } from 'typeorm';
import { listenSubgraph } from '../../../shared/src/subgraph';
import { httpCrmClient, type CrmClient } from './crm/crm.client';
import { prmOutboxHandlers } from './registrations/registration-deal.service';
import { buildPartnersSchema } from './schema';

export { createPartnersDataSource } from './datasource';
export { buildPartnersSchema } from './schema';

/** Starts the partners (PRM) subgraph on `port` over an initialised data source. */
export async function listen(dataSource: DataSource, port: number, crm: CrmClient = httpCrmClient()) {
  return listenSubgraph(
    {
      name: 'partners',
      schema: await buildPartnersSchema(),
      dataSource,
      services: { crm },
      // Deliveries to the CRM (e.g. the deal of an approved registration) through the PRM's outbox.
      outbox: prmOutboxHandlers(dataSource, crm),
    },
    port,
  );
}
