import { defineModule } from '@sales-graph/shared/module';
import { CrmSalesAnalyticsStatistics1764232800001 } from '../migrations/1764232800001-CrmSalesAnalyticsStatistics';
import { SalesAnalyticsResolver } from './sales-analytics.resolver';

/**
 * BI aggregates over the deals across both sides (direct and partner channels): no table of its
 * own; it reads the deals, their channel (kept from the PRM's attributions) and the customers.
 */
export default defineModule({
  name: 'sales-analytics',
  // Planner statistics on the grouped expressions (no table of its own; the customer's region and
  // industry on the deals are the deals module's, its migration CrmDealCustomerSegment).
  migrations: [CrmSalesAnalyticsStatistics1764232800001],
  resolvers: [SalesAnalyticsResolver],
});
