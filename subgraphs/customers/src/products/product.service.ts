import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import {
  assertId,
  BadUserInputError,
  ConflictError,
  isUuid,
  NotFoundError,
} from '@sales-graph/shared/errors';
import { uniqueViolationAs } from '@sales-graph/shared/db/unique-violation';
import { listPage } from '@sales-graph/shared/graphql/list-page';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { parseCurrency } from '@sales-graph/shared/graphql/scalars';
import { nonNegativeAmount } from '@sales-graph/shared/money';
import { optionalText, requiredText } from '@sales-graph/shared/validation';
import { PriceBook, PriceBookEntry, Product } from './product.entity';
import { PRICE_BOOK_SEARCH, PriceBookFilter, PRODUCT_SEARCH, ProductFilter } from './product.filter';
import type {
  CreatePriceBookInput,
  CreateProductInput,
  SetPriceInput,
  UpdateProductInput,
} from './product.input';

export const productRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Product);
export const priceBookRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(PriceBook);
export const priceEntryRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(PriceBookEntry);

/**
 * What a partner user reads of the catalogue: the active products and the active standard book
 * of each currency (list prices). Other books (negotiated, regional, internal) and inactive
 * products read as missing. Internal roles read everything.
 */
const partnerCatalogue = (ctx: RequestContext) => ctx.identity.role === 'PARTNER';
export const bookVisible = (ctx: RequestContext, book: PriceBook | null): book is PriceBook =>
  !!book && (!partnerCatalogue(ctx) || (book.isStandard && book.active));
const productVisible = (ctx: RequestContext, product: Product | null): product is Product =>
  !!product && (!partnerCatalogue(ctx) || product.active);

/** A product by id, as the caller may see it (used by the line items of a deal the caller sees). */
export async function findProduct(ctx: RequestContext, id: string): Promise<Product | null> {
  if (!isUuid(id)) return null;
  return ctx.loaders.byId(productRepo(ctx)).load(id.toLowerCase());
}

export async function getProduct(ctx: RequestContext, id: string): Promise<Product> {
  const product = await findProduct(ctx, id);
  if (!productVisible(ctx, product)) throw new NotFoundError('Product', id);
  return product;
}

export async function listProducts(
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<Product>> {
  const repo = productRepo(ctx);
  const qb = repo.createQueryBuilder('product');
  if (partnerCatalogue(ctx)) qb.andWhere('product.active = true');
  return listPage(
    ctx,
    repo,
    qb,
    { typeName: 'Product', filterType: ProductFilter, searchIn: PRODUCT_SEARCH },
    args,
    query,
  );
}

export async function listPriceBooks(
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<PriceBook>> {
  const repo = priceBookRepo(ctx);
  const qb = repo.createQueryBuilder('book');
  if (partnerCatalogue(ctx)) qb.andWhere('book.is_standard = true AND book.active = true');
  return listPage(
    ctx,
    repo,
    qb,
    { typeName: 'PriceBook', filterType: PriceBookFilter, searchIn: PRICE_BOOK_SEARCH },
    args,
    query,
  );
}

/** A product's prices in the books the caller may see (batched: one query for every product asked). */
export async function productPrices(ctx: RequestContext, product: Product): Promise<PriceBookEntry[]> {
  const entries = await ctx.loaders.manyBy(priceEntryRepo(ctx), 'productId').load(product.id);
  const books = await Promise.all(entries.map((entry) => priceBookOf(ctx, entry)));
  return entries.filter((_, i) => bookVisible(ctx, books[i]));
}

/** A book's prices of the products the caller may see. */
export async function bookEntries(ctx: RequestContext, book: PriceBook): Promise<PriceBookEntry[]> {
  const entries = await ctx.loaders.manyBy(priceEntryRepo(ctx), 'priceBookId').load(book.id);
  const products = await Promise.all(entries.map((entry) => findProduct(ctx, entry.productId)));
  return entries.filter((_, i) => productVisible(ctx, products[i]));
}

export const priceBookOf = (ctx: RequestContext, entry: PriceBookEntry) =>
  ctx.loaders.byId(priceBookRepo(ctx)).load(entry.priceBookId);

function productValues(input: UpdateProductInput) {
  return {
    ...(input.name !== undefined ? { name: requiredText(input.name ?? '', 'name') } : {}),
    ...(input.family !== undefined ? { family: optionalText(input.family, 'family', 100) } : {}),
    ...(input.description !== undefined
      ? { description: optionalText(input.description, 'description', 2000) }
      : {}),
    ...(input.active !== undefined && input.active !== null ? { active: input.active } : {}),
  };
}

export async function createProduct(ctx: RequestContext, input: CreateProductInput): Promise<Product> {
  const sku = requiredText(input.sku, 'sku', 64);
  const values = { name: requiredText(input.name, 'name'), ...productValues({ ...input, name: undefined }) };
  return ctx.dataSource
    .transaction(async (manager) => {
      if (await manager.exists(Product, { where: { sku } })) {
        throw new ConflictError(`A product with SKU ${sku} exists`, 'sku');
      }
      return manager.save(manager.create(Product, { sku, ...values, createdBy: ctx.identity.sub }));
    })
    .catch(uniqueViolationAs(`A product with SKU ${sku} exists`, 'sku'));
}

export async function updateProduct(
  ctx: RequestContext,
  id: string,
  input: UpdateProductInput,
): Promise<Product> {
  const changes = productValues(input);
  const productId = assertId('Product', id);
  return ctx.dataSource.transaction(async (manager) => {
    const product = await manager.findOne(Product, {
      where: { id: productId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!product) throw new NotFoundError('Product', id);
    Object.assign(product, changes);
    return manager.save(product);
  });
}

export async function createPriceBook(ctx: RequestContext, input: CreatePriceBookInput): Promise<PriceBook> {
  const values = {
    name: requiredText(input.name, 'name'),
    currency: parseCurrency(input.currency),
    isStandard: input.isStandard ?? false,
  };
  const conflict = `${values.currency} has a standard price book`;
  return ctx.dataSource
    .transaction(async (manager) => {
      if (
        values.isStandard &&
        (await manager.exists(PriceBook, { where: { currency: values.currency, isStandard: true } }))
      ) {
        throw new ConflictError(conflict, 'isStandard');
      }
      return manager.save(manager.create(PriceBook, { ...values, createdBy: ctx.identity.sub }));
    })
    .catch(uniqueViolationAs(conflict, 'isStandard'));
}

/** Sets a product's price in a book (replacing its price there), audited through the entity. */
export async function setPrice(ctx: RequestContext, input: SetPriceInput): Promise<PriceBookEntry> {
  const unitPrice = nonNegativeAmount(input.unitPrice, 'unitPrice');
  const priceBookId = assertId('PriceBook', input.priceBookId);
  const productId = assertId('Product', input.productId);
  return ctx.dataSource
    .transaction(async (manager) => {
      if (!(await manager.exists(PriceBook, { where: { id: priceBookId } }))) {
        throw new NotFoundError('PriceBook', input.priceBookId);
      }
      if (!(await manager.exists(Product, { where: { id: productId } }))) {
        throw new NotFoundError('Product', input.productId);
      }
      const entry =
        (await manager.findOne(PriceBookEntry, {
          where: { priceBookId, productId },
          lock: { mode: 'pessimistic_write' },
        })) ?? manager.create(PriceBookEntry, { priceBookId, productId, createdBy: ctx.identity.sub });
      entry.unitPrice = unitPrice;
      return manager.save(entry);
    })
    .catch(uniqueViolationAs('The price was set concurrently; retry', 'productId'));
}

/** A product a deal line names, with its list price in the deal's currency (null: none there). */
export interface CatalogueLine {
  product: Product;
  listPrice: string | null;
}

/**
 * The products `productIds` name that exist, each with its price in the active standard book of
 * `currency` (null: none there), in two statements whatever the number of ids; unknown ids are
 * left out. For deal line items and the PRM's registration lines.
 */
export async function catalogueEntries(
  manager: EntityManager,
  currency: string,
  productIds: readonly string[],
): Promise<Map<string, CatalogueLine>> {
  const ids = [...new Set(productIds.map((id) => id.toLowerCase()))].filter(isUuid);
  if (ids.length === 0) return new Map();
  const products = await manager.find(Product, { where: { id: In(ids) } });
  const prices: { productId: string; unitPrice: string }[] = await manager
    .createQueryBuilder(PriceBookEntry, 'entry')
    .innerJoin(PriceBook, 'book', 'book.id = entry.price_book_id AND book.deleted_at IS NULL')
    .select(['entry.product_id AS "productId"', 'entry.unit_price AS "unitPrice"'])
    .where(
      'entry.product_id = ANY(:ids) AND book.currency = :currency AND book.is_standard AND book.active',
      {
        ids,
        currency,
      },
    )
    .getRawMany();
  const priceOf = new Map(prices.map((row) => [row.productId, nonNegativeAmount(String(row.unitPrice))]));
  return new Map(
    products.map((product) => [product.id, { product, listPrice: priceOf.get(product.id) ?? null }]),
  );
}

/**
 * The product families of the catalogue (every live product's, active or not), in name order, in
 * one statement: what a commission plan's family rates are checked against.
 */
export async function catalogueFamilies(manager: EntityManager): Promise<string[]> {
  const rows: { family: string }[] = await manager
    .createQueryBuilder(Product, 'product')
    .select('DISTINCT product.family', 'family')
    .where('product.family IS NOT NULL')
    .orderBy('family')
    .getRawMany();
  return rows.map((row) => row.family);
}

/**
 * `catalogueEntries` for lines that must be sold: a product that does not exist or is not
 * active is BAD_USER_INPUT naming `field`.
 */
export async function catalogueLines(
  manager: EntityManager,
  currency: string,
  productIds: readonly string[],
  field = 'productId',
): Promise<Map<string, CatalogueLine>> {
  const found = await catalogueEntries(manager, currency, productIds);
  for (const id of productIds) {
    const line = found.get(id.toLowerCase());
    if (!line) throw new BadUserInputError(`No product ${id}`, field);
    if (!line.product.active)
      throw new BadUserInputError(`Product ${line.product.sku} is not sold any more`, field);
  }
  return found;
}
