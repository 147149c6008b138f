import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { buildCustomersSchema } from '../../subgraphs/customers/src/schema';
import { buildPartnersSchema } from '../../subgraphs/partners/src/schema';

/** URLs baked into the committed supergraph; the gateway overrides them from its environment. */
const DEFAULT_URLS = {
  customers: 'http://localhost:4001/graphql',
  partners: 'http://localhost:4002/graphql',
};

/** Composes both subgraphs' schemas, built from code (no running service needed), into a supergraph. */
export async function composeSupergraph(): Promise<string> {
  const [customers, partners] = await Promise.all([buildCustomersSchema(), buildPartnersSchema()]);
  const result = composeServices([
    { name: 'customers', url: DEFAULT_URLS.customers, typeDefs: parse(printSubgraphSchema(customers)) },
    { name: 'partners', url: DEFAULT_URLS.partners, typeDefs: parse(printSubgraphSchema(partners)) },
  ]);
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
