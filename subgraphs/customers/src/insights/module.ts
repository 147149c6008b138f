import { defineModule } from '@sales-graph/shared/module';
import { CustomerInsightsFieldResolver, CustomerInsightsResolver } from './insights.resolver';

/** Customer insights computed from its deals, orders and tickets (no table of its own). */
export default defineModule({
  name: 'insights',
  resolvers: [CustomerInsightsResolver, CustomerInsightsFieldResolver],
});
