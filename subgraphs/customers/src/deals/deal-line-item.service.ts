import type { RequestContext } from '@sales-graph/shared/context';
import { BadUserInputError } from '@sales-graph/shared/errors';
import { nonNegativeAmount } from '@sales-graph/shared/money';
import type { EntityManager } from 'typeorm';
import { catalogueLines } from '../products';
import { DealLineItem } from './deal-line-item.entity';
import type { DealLineItemInput } from './deal-line-item.input';
import { dealAmountOf, lineTotal, planLineItems } from './deal-line-item.rules';
import type { Deal } from './deal.entity';

export const lineItemRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(DealLineItem);

/** A deal's live line items in position order, batched across deals (one statement per page of deals). */
export const dealLineItems = (ctx: RequestContext, deal: Deal): Promise<DealLineItem[]> =>
  ctx.loaders.manyBy(lineItemRepo(ctx), 'dealId', { position: 'ASC', id: 'ASC' }).load(deal.id);

export const hasLineItems = (manager: EntityManager, dealId: string): Promise<boolean> =>
  manager.exists(DealLineItem, { where: { dealId } });

/**
 * Replaces a locked deal's line items with `lines` and derives its amount from them, in the
 * caller's transaction: every line is checked against the catalogue first (an unknown or
 * inactive product, or one without a price in the deal's currency, is BAD_USER_INPUT naming the
 * line), the old lines are soft-removed and the new ones saved through the entity (audited), and
 * the deal is saved with its new amount (the audit log and the change feed see the change).
 * No lines leaves the amount as it was (and editable again).
 */
export async function replaceLineItems(
  manager: EntityManager,
  deal: Deal,
  lines: readonly DealLineItemInput[],
  by: string,
): Promise<DealLineItem[]> {
  const planned = planLineItems(lines);
  const catalogue = await catalogueLines(
    manager,
    deal.currency,
    planned.map((line) => line.productId),
  );
  const values = planned.map((line, i) => {
    const { product, listPrice } = catalogue.get(line.productId.toLowerCase())!;
    if (listPrice === null) {
      throw new BadUserInputError(
        `Product ${product.sku} has no price in ${deal.currency}`,
        `lines[${i}].productId`,
      );
    }
    const unitPrice =
      line.unitPrice === null || line.unitPrice === undefined
        ? listPrice
        : nonNegativeAmount(line.unitPrice, `lines[${i}].unitPrice`);
    return {
      dealId: deal.id,
      productId: product.id,
      position: i + 1,
      quantity: line.quantity,
      unitPrice,
      discount: line.discount,
      total: lineTotal(line.quantity, unitPrice, line.discount),
      createdBy: by,
    };
  });
  const old = await manager.find(DealLineItem, { where: { dealId: deal.id } });
  if (old.length) await manager.softRemove(old);
  const saved = values.length
    ? await manager.save(values.map((value) => manager.create(DealLineItem, value)))
    : [];
  if (saved.length) {
    deal.amount = dealAmountOf(saved.map((line) => line.total));
    await manager.save(deal);
  }
  return saved;
}
