import { buildFederatedSchema } from '@sales-graph/shared/subgraph';
import { PRM_MODULES } from './modules';

/** The PRM's schema: its modules' resolvers and reference resolvers (`modules.ts`). */
export function buildPartnersSchema() {
  return buildFederatedSchema({ resolvers: PRM_MODULES.resolvers }, PRM_MODULES.references);
}
