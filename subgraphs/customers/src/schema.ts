import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '@sales-graph/shared/subgraph';
import { CRM_MODULES } from './modules';

let built: Promise<GraphQLSchema> | undefined;

/**
 * The CRM's schema: its modules' resolvers and reference resolvers (`modules.ts`). Built once
 * per process and shared by every server of it: it is a function of the code alone, and a
 * process that starts the subgraph again (a test worker runs many graphs) builds nothing twice.
 */
export function buildCustomersSchema(): Promise<GraphQLSchema> {
  return (built ??= buildFederatedSchema({ resolvers: CRM_MODULES.resolvers }, CRM_MODULES.references));
}
