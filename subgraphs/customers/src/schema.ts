import { buildFederatedSchema } from '@sales-graph/shared/subgraph';
import { CRM_MODULES } from './modules';

/** The CRM's schema: its modules' resolvers and reference resolvers (`modules.ts`). */
export function buildCustomersSchema() {
  return buildFederatedSchema({ resolvers: CRM_MODULES.resolvers }, CRM_MODULES.references);
}
