import { defineModule } from '@sales-graph/shared/module';
import { SalesAnalyticsResolver } from './sales-analytics.resolver';

/**
 * BI aggregates over the deals across both sides (direct and partner channels): no table of its
 * own; it reads the deals, their channel (kept from the PRM's attributions) and the customers.
 */
export default defineModule({
  name: 'sales-analytics',
  resolvers: [SalesAnalyticsResolver],
});
