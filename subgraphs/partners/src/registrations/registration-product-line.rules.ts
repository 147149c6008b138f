import { BadUserInputError } from '@sales-graph/shared/errors';
import { nonNegativeAmount, parseDecimal, toCents } from '@sales-graph/shared/money';
import type { CrmCatalogueLine } from '../crm';
import type { RegistrationProductLine, RegistrationProductLineInput } from './registration-product-line';

/** At most this many product lines on one registration. */
export const MAX_PRODUCT_LINES = 50;

/** The lines' shape before the catalogue: count, quantities, prices (BAD_USER_INPUT naming the line). */
export function planProductLineInputs(lines: readonly RegistrationProductLineInput[]) {
  if (lines.length > MAX_PRODUCT_LINES) {
    throw new BadUserInputError(`At most ${MAX_PRODUCT_LINES} product lines`, 'productLines');
  }
  return lines.map((line, i) => {
    const quantity = parseDecimal(line.quantity);
    if (toCents(quantity) <= 0n) {
      throw new BadUserInputError('quantity must be greater than 0', `productLines[${i}].quantity`);
    }
    const unitPrice =
      line.unitPrice === null || line.unitPrice === undefined
        ? null
        : nonNegativeAmount(line.unitPrice, `productLines[${i}].unitPrice`);
    return { productId: line.productId.toLowerCase(), quantity, unitPrice };
  });
}

/**
 * The lines as stored, checked against the CRM's answer for them: an unknown or inactive product,
 * or one without a list price in the registration's currency, is BAD_USER_INPUT naming the line.
 */
export function productLinesFromCatalogue(
  planned: ReturnType<typeof planProductLineInputs>,
  catalogue: readonly CrmCatalogueLine[],
  currency: string,
): RegistrationProductLine[] {
  const byId = new Map(catalogue.map((line) => [line.id.toLowerCase(), line]));
  return planned.map((line, i) => {
    const product = byId.get(line.productId);
    const field = `productLines[${i}].productId`;
    if (!product) throw new BadUserInputError(`No product ${line.productId}`, field);
    if (!product.active) throw new BadUserInputError(`Product ${product.sku} is not sold any more`, field);
    if (product.listPrice === null) {
      throw new BadUserInputError(`Product ${product.sku} has no price in ${currency}`, field);
    }
    return {
      productId: product.id,
      sku: product.sku,
      name: product.name,
      family: product.family,
      quantity: line.quantity,
      unitPrice: line.unitPrice ?? product.listPrice,
    };
  });
}
