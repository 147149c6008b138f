import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { CrmProducts1764233400000 } from './1764233400000-CrmProducts';
import { PriceBook, PriceBookEntry, Product } from './product.entity';
import { PriceBookEntryResolver, PriceBookResolver, ProductResolver } from './product.resolver';
import { seedProducts } from './products.seed';
import { CatalogueLinesResolver } from './catalogue-lines.resolver';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    // The catalogue: products, price books and their prices.
    Product: true;
  }
}

/**
 * The product catalogue and its price books. ADMIN manages it (there is no product-manager
 * role); every internal role reads it; a partner user reads the active products and the active
 * standard book of each currency (the service narrows what it reads, not the row scope: the
 * catalogue is not partner-owned data).
 */
export default defineModule({
  name: 'products',
  entities: [Product, PriceBook, PriceBookEntry],
  migrations: [CrmProducts1764233400000],
  resolvers: [ProductResolver, PriceBookResolver, PriceBookEntryResolver, CatalogueLinesResolver],
  permissions: {
    Product: {
      ADMIN: ALL,
      SALES: READ,
      MARKETING: READ,
      SUPPORT: READ,
      CHANNEL_MANAGER: READ,
      ANALYST: READ,
      PARTNER: READ,
      SERVICE: READ,
    },
  },
  seeds: [{ order: 15, after: ['baseline'], run: seedProducts }],
});
