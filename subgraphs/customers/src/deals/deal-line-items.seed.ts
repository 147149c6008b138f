import { IsNull, type EntityManager } from 'typeorm';
import { Product } from '../products';
import { Deal, DealStage } from './deal.entity';
import { replaceLineItems } from './deal-line-item.service';

const OPEN = [DealStage.PROSPECTING, DealStage.QUALIFICATION, DealStage.PROPOSAL, DealStage.NEGOTIATION];

/**
 * Demo line items: every fifth open direct deal (in creation order) is priced from the catalogue
 * through the one line-item path, so its amount is the sum of its lines. Draws nothing from the
 * shared random source (the other modules' demo data stays as it was); won deals keep their
 * amounts (their orders and commissions are computed from them).
 */
export async function seedDealLineItems(manager: EntityManager): Promise<void> {
  const products = await manager.find(Product, { where: { active: true }, order: { sku: 'ASC' } });
  const deals = await manager.find(Deal, {
    where: OPEN.map((stage) => ({ stage, externalRef: IsNull() })),
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  let n = 0;
  for (const [i, deal] of deals.entries()) {
    if (i % 5 !== 0 || products.length === 0) continue;
    n += 1;
    const lines = [0, 1, 2].slice(0, 1 + (n % 3)).map((k) => {
      const product = products[(n + k * 2) % products.length];
      return {
        productId: product.id,
        quantity: String(1 + ((n + k) % 4) * 5),
        discount: k === 1 ? '10' : null,
      };
    });
    // Demo deals are in EUR or USD, where every active demo product has a list price.
    await replaceLineItems(manager, deal, lines, 'seed');
  }
}
