import type { EntityManager } from 'typeorm';
import { applyRate, fromCents, toCents } from '@sales-graph/shared/money';
import { PriceBook, PriceBookEntry, Product } from './product.entity';

/** The demo catalogue: three families, list prices in EUR, USD and GBP (exact), one inactive product. */
export const DEMO_CATALOGUE: readonly {
  sku: string;
  name: string;
  family: string;
  active?: boolean;
  prices: Record<string, string>;
}[] = [
  {
    sku: 'PLT-SEAT-12',
    name: 'Platform seat (annual)',
    family: 'Platform',
    prices: { EUR: '480.00', USD: '520.00', GBP: '410.00' },
  },
  {
    sku: 'PLT-ANL',
    name: 'Analytics add-on',
    family: 'Platform',
    prices: { EUR: '1250.00', USD: '1350.00', GBP: '1075.00' },
  },
  { sku: 'SUP-PREM', name: 'Premium support', family: 'Support', prices: { EUR: '2999.99', USD: '3249.99' } },
  {
    sku: 'SRV-ONB',
    name: 'Onboarding package',
    family: 'Services',
    prices: { EUR: '4500.00', USD: '4900.00', GBP: '3850.00' },
  },
  {
    sku: 'SRV-TRN',
    name: 'Training day',
    family: 'Services',
    prices: { EUR: '1150.50', USD: '1250.50', GBP: '990.00' },
  },
  {
    sku: 'PLT-LEGACY',
    name: 'Legacy on-premise licence',
    family: 'Platform',
    active: false,
    prices: { EUR: '9000.00' },
  },
];

/** The demo price books: a standard book per currency, and a partner-discount book partners never see. */
export async function seedProducts(manager: EntityManager): Promise<void> {
  const books = new Map<string, PriceBook>();
  for (const currency of ['EUR', 'USD', 'GBP']) {
    books.set(
      currency,
      await manager.save(
        manager.create(PriceBook, { name: `Standard ${currency}`, currency, isStandard: true }),
      ),
    );
  }
  const reseller = await manager.save(
    manager.create(PriceBook, { name: 'Strategic accounts EUR', currency: 'EUR', isStandard: false }),
  );
  for (const item of DEMO_CATALOGUE) {
    const product = await manager.save(
      manager.create(Product, {
        sku: item.sku,
        name: item.name,
        family: item.family,
        description: `${item.name} (${item.family}).`,
        active: item.active ?? true,
      }),
    );
    for (const [currency, unitPrice] of Object.entries(item.prices)) {
      await manager.insert(PriceBookEntry, {
        priceBookId: books.get(currency)!.id,
        productId: product.id,
        unitPrice,
      });
    }
    if (item.prices.EUR) {
      // 15% below list, rounded half to even to the cent.
      const unitPrice = fromCents(applyRate(toCents(item.prices.EUR), '0.85'));
      await manager.insert(PriceBookEntry, { priceBookId: reseller.id, productId: product.id, unitPrice });
    }
  }
}
