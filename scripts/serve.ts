import 'reflect-metadata';
import { migrate } from '@sales-graph/shared/db/datasource';
import { initializeWithRetry } from '@sales-graph/shared/db/connect';
import { assertConfig, ConfigError, ports, type ServiceName } from '@sales-graph/shared/config';
import type { RunningHttpServer } from '@sales-graph/shared/http';
import { shutDownOnSignals } from '@sales-graph/shared/shutdown';
import { logger } from '@sales-graph/shared/log';
import { startGateway } from '../gateway/src';
// Both subgraphs are loaded in every process, whichever it serves: loading a subgraph registers its
// modules' permission grants, and the PRM's `me` lists every subject of the graph, CRM's included.
import { createCustomersDataSource, listen as listenCustomers } from '../subgraphs/customers/src';
import { createPartnersDataSource, listen as listenPartners } from '../subgraphs/partners/src';

/**
 * `node dist/scripts/serve.js <gateway|customers|partners>`: one service per process, as in
 * docker-compose.yml. Subgraphs apply their pending migrations before they listen.
 */
async function main() {
  const service = process.argv[2];
  if (!['gateway', 'customers', 'partners'].includes(service))
    throw new Error('usage: serve.js <gateway|customers|partners>');
  // The whole configuration first: a missing secret refuses to start, it does not fail each request.
  assertConfig(service as ServiceName);
  const port = ports();
  if (service === 'gateway') {
    const gateway = await startGateway({ port: port.gateway });
    shutDownOnSignals({ service, servers: [gateway] });
    logger('gateway').info(`gateway listening at ${gateway.url}`);
  } else if (service === 'customers' || service === 'partners') {
    // PostgreSQL may come up after us (a restart, a deploy): wait for it, within DB_CONNECT_RETRIES.
    const dataSource = await initializeWithRetry(
      service === 'customers' ? createCustomersDataSource() : createPartnersDataSource(),
      { label: service },
    );
    await migrate(dataSource);
    const server: RunningHttpServer =
      service === 'customers'
        ? await listenCustomers(dataSource, port.customers)
        : await listenPartners(dataSource, port.partners);
    shutDownOnSignals({ service, servers: [server], after: () => dataSource.destroy() });
    logger(service).info(`${service} subgraph listening at ${server.url}`);
  } else {
    throw new Error('usage: serve.js <gateway|customers|partners>');
  }
}

main().catch((error: unknown) => {
  // A refused configuration is told as it is, one problem a line (LOG_FORMAT may be among them).
  if (error instanceof ConfigError) console.error(error.message);
  else logger(process.argv[2] ?? 'serve').error('failed to start', error);
  process.exit(1);
});
