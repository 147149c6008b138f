import { registerModules } from '@sales-graph/shared/module';
import access from './access/module';
import apiKeys from './api-keys/module';
import attribution from './attribution/module';
import incentives from './incentives/module';
import mdf from './mdf/module';
import performance from './performance/module';
import leadSharing from './lead-sharing/module';
import onboarding from './onboarding/module';
import scorecards from './scorecards/module';
import membership from './membership/module';
import partnerUsers from './partner-users/module';
import partners from './partners/module';
import registrations from './registrations/module';
import training from './training/module';
import viewer from './viewer/module';
import webhooks from './webhooks/module';
import outbox from './outbox.module';
import changeFeed from './change-feed/module';
import accountMapping from './account-mapping/module';
import baseline from './baseline.module';
import type { CrmDemoIds } from './seed';

/**
 * The PRM's modules: the one list its data source (entities, migrations), schema (resolvers,
 * references), demo seed and row scope are made of, and that grants their permissions when it
 * is loaded. A new module is its folder (with its `module.ts`) and one entry here. Only the
 * subgraph's assembly points (`datasource.ts`, `schema.ts`, `seed/index.ts`, `access/scope.ts`)
 * import this list (`test/modules/modules.test.ts`).
 */
export const PRM_MODULES = registerModules<CrmDemoIds>('partners', [
  access,
  apiKeys,
  attribution,
  incentives,
  mdf,
  performance,
  leadSharing,
  onboarding,
  scorecards,
  membership,
  partnerUsers,
  partners,
  registrations,
  training,
  viewer,
  webhooks,
  outbox,
  changeFeed,
  accountMapping,
  // Last: a field's place in the schema is the order its resolver was declared in, and the audit
  // log's resolver is declared when this manifest loads (the supergraph stays as it was).
  baseline,
]);
