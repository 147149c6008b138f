import { ALL, READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { Order, OrderLine } from './order.entity';
import { CustomerOrderResolver, OrderResolver } from './order.resolver';
import { seedOrders } from './orders.seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Order: true;
  }
}

/** Orders and their lines. */
export default defineModule({
  name: 'orders',
  entities: [Order, OrderLine],
  resolvers: [OrderResolver, CustomerOrderResolver],
  permissions: {
    Order: { ADMIN: ALL, SALES: WRITE, MARKETING: READ, SUPPORT: READ, CHANNEL_MANAGER: READ, ANALYST: READ },
  },
  seeds: [{ order: 40, after: ['baseline'], run: seedOrders }],
});
