import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '@sales-graph/shared/subgraph';
import { PRM_MODULES } from './modules';

let built: Promise<GraphQLSchema> | undefined;

/**
 * The PRM's schema: its modules' resolvers and reference resolvers (`modules.ts`). Built once
 * per process and shared by every server of it: it is a function of the code alone, and a
 * process that starts the subgraph again (a test worker runs many graphs) builds nothing twice.
 */
export function buildPartnersSchema(): Promise<GraphQLSchema> {
  return (built ??= buildFederatedSchema({ resolvers: PRM_MODULES.resolvers }, PRM_MODULES.references));
}
