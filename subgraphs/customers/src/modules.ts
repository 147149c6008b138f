import { registerModules } from '@sales-graph/shared/module';
import activities from './activities/module';
import automation from './automation/module';
import campaigns from './campaigns/module';
import preferences from './preferences/module';
import contacts from './contacts/module';
import customers from './customers/module';
import deals from './deals/module';
import partnerDeals from './partner-deals/module';
import insights from './insights/module';
import salesAnalytics from './sales-analytics/module';
import leads from './leads/module';
import orders from './orders/module';
import tickets from './tickets/module';
import timeline from './timeline/module';
import changeFeed from './change-feed/module';
import campaignInfluence from './campaign-influence/module';
import users from './users/module';
import owners from './owners/module';
import accountOverlap from './account-overlap/module';
import pipelines from './pipelines/module';
import products from './products/module';
import exchangeRates from './exchange-rates/module';
import forecasts from './forecasts/module';
import baseline from './baseline.module';
/**
 * The CRM's modules: the one list its data source (entities, migrations), schema (resolvers,
 * references), demo seed and row scope are made of, and that grants their permissions when it
 * is loaded. A new module is its folder (with its `module.ts`) and one entry here. Only the
 * subgraph's assembly points (`datasource.ts`, `schema.ts`, `seed/index.ts`, `access/scope.ts`)
 * import this list (`test/modules/modules.test.ts`).
 */
export const CRM_MODULES = registerModules('customers', [
  customers,
  contacts,
  deals,
  partnerDeals,
  leads,
  activities,
  tickets,
  orders,
  timeline,
  insights,
  salesAnalytics,
  campaigns,
  preferences,
  automation,
  changeFeed,
  campaignInfluence,
  users,
  owners,
  accountOverlap,
  pipelines,
  products,
  exchangeRates,
  forecasts,
  // Last: a field's place in the schema is the order its resolver was declared in, and the audit
  // log's resolver is declared when this manifest loads (the supergraph stays as it was).
  baseline,
]);
