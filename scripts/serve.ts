import 'reflect-metadata';
import { migrate } from '../shared/src/db/datasource';
import { ports } from '../shared/src/config';
import { startGateway } from '../gateway/src';
import { createCustomersDataSource, listen as listenCustomers } from '../subgraphs/customers/src';
import { createPartnersDataSource, listen as listenPartners } from '../subgraphs/partners/src';

/**
 * `node dist/scripts/serve.js <gateway|customers|partners>`: one service per process, as in
 * docker-compose.yml. Subgraphs apply their pending migrations before they listen.
 */
async function main() {
  const service = process.argv[2];
  const port = ports();
  let close: () => Promise<void>;
  if (service === 'gateway') {
    const gateway = await startGateway({ port: port.gateway });
    close = () => gateway.close();
    console.log(`gateway listening at ${gateway.url}`);
  } else if (service === 'customers' || service === 'partners') {
    const dataSource = await (
      service === 'customers' ? createCustomersDataSource() : createPartnersDataSource()
    ).initialize();
    await migrate(dataSource);
    const server =
      service === 'customers'
        ? await listenCustomers(dataSource, port.customers)
        : await listenPartners(dataSource, port.partners);
    close = async () => {
      await server.close();
      await dataSource.destroy();
    };
    console.log(`${service} subgraph listening at ${server.url}`);
  } else {
    throw new Error('usage: serve.js <gateway|customers|partners>');
  }
  const stop = () => void close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
