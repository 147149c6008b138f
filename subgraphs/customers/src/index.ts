import type { DataSource } from 'typeorm';
import { listenSubgraph } from '../../../shared/src/subgraph';
import { httpPrmClient, type PrmClient } from './access/prm.client';
import { CRM_SCOPE } from './access/scope';
import { buildCustomersSchema } from './schema';

export { createCustomersDataSource } from './datasource';
export { buildCustomersSchema } from './schema';

/** Starts the customers (CRM) subgraph on `port` over an initialised data source. */
export async function listen(dataSource: DataSource, port: number, prm: PrmClient = httpPrmClient()) {
  return listenSubgraph(
    {
      name: 'customers',
      schema: await buildCustomersSchema(),
      dataSource,
      scope: CRM_SCOPE,
      services: { prm },
    },
    port,
  );
}
