import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { PriceBook, PriceBookConnection, PriceBookEntry, Product, ProductConnection } from './product.entity';
import { PriceBookFilter, PriceBookOrder, ProductFilter, ProductOrder } from './product.filter';
import { CreatePriceBookInput, CreateProductInput, SetPriceInput, UpdateProductInput } from './product.input';
import {
  bookEntries,
  bookVisible,
  createPriceBook,
  createProduct,
  findProduct,
  getProduct,
  listPriceBooks,
  listProducts,
  priceBookOf,
  productPrices,
  setPrice,
  updateProduct,
} from './product.service';

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, {
    nullable: true,
    description:
      'One product by id (every role; a partner user only active products). Null, with a NOT_FOUND error, when there is no such product or the caller may not see it.',
  })
  async product(
    @Arg('id', () => ID, { description: "The product's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'read', 'Product');
    return getProduct(ctx, id);
  }

  @Query(() => ProductConnection, {
    description:
      'The product catalogue, in creation order unless `orderBy` says otherwise (every role; a partner user sees the active products only).',
  })
  async products(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ProductFilter, {
      nullable: true,
      description: 'Only products meeting these conditions.',
    })
    filter: ProductFilter | undefined,
    @Arg('orderBy', () => ProductOrder, {
      nullable: true,
      description: 'The order; creation order when omitted.',
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, { nullable: true, description: 'Name or SKU contains this, ignoring case.' })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Product>> {
    authorize(ctx.identity, 'read', 'Product');
    return listProducts(ctx, args, { filter, orderBy, search });
  }

  @Query(() => PriceBookConnection, {
    description:
      'Price books, in creation order unless `orderBy` says otherwise (every role; a partner user sees only the active standard book of each currency).',
  })
  async priceBooks(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => PriceBookFilter, {
      nullable: true,
      description: 'Only books meeting these conditions.',
    })
    filter: PriceBookFilter | undefined,
    @Arg('orderBy', () => PriceBookOrder, {
      nullable: true,
      description: 'The order; creation order when omitted.',
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, { nullable: true, description: 'Name contains this, ignoring case.' })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<PriceBook>> {
    authorize(ctx.identity, 'read', 'Product');
    return listPriceBooks(ctx, args, { filter, orderBy, search });
  }

  @Mutation(() => Product, {
    description: 'Adds a product to the catalogue (ADMIN). A SKU in use is CONFLICT.',
  })
  async createProduct(
    @Arg('input', () => CreateProductInput, { description: 'The new product.' }) input: CreateProductInput,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'create', 'Product');
    return createProduct(ctx, input);
  }

  @Mutation(() => Product, { description: 'Changes a product (ADMIN); `active: false` stops it being sold.' })
  async updateProduct(
    @Arg('id', () => ID, { description: 'The product.' }) id: string,
    @Arg('input', () => UpdateProductInput, { description: 'The fields to change.' })
    input: UpdateProductInput,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'update', 'Product');
    return updateProduct(ctx, id, input);
  }

  @Mutation(() => PriceBook, { description: 'Opens a price book for a currency (ADMIN).' })
  async createPriceBook(
    @Arg('input', () => CreatePriceBookInput, { description: 'The new book.' }) input: CreatePriceBookInput,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'create', 'Product');
    return createPriceBook(ctx, input);
  }

  @Mutation(() => PriceBookEntry, { description: "Sets a product's unit price in a price book (ADMIN)." })
  async setPrice(
    @Arg('input', () => SetPriceInput, { description: 'The book, the product and the price.' })
    input: SetPriceInput,
    @Ctx() ctx: RequestContext,
  ) {
    authorize(ctx.identity, 'update', 'Product');
    return setPrice(ctx, input);
  }

  @FieldResolver(() => [PriceBookEntry], {
    description: "The product's prices in the books the caller may see (a partner user: the standard books).",
  })
  async prices(@Root() product: Product, @Ctx() ctx: RequestContext): Promise<PriceBookEntry[]> {
    return productPrices(ctx, product);
  }
}

@Resolver(() => PriceBook)
export class PriceBookResolver {
  @FieldResolver(() => [PriceBookEntry], { description: "The book's prices." })
  async entries(@Root() book: PriceBook, @Ctx() ctx: RequestContext): Promise<PriceBookEntry[]> {
    return bookEntries(ctx, book);
  }
}

@Resolver(() => PriceBookEntry)
export class PriceBookEntryResolver {
  @FieldResolver(() => Product, { nullable: true, description: 'The product priced.' })
  async product(@Root() entry: PriceBookEntry, @Ctx() ctx: RequestContext): Promise<Product | null> {
    return findProduct(ctx, entry.productId);
  }

  @FieldResolver(() => PriceBook, { nullable: true, description: 'The book the price is in.' })
  async priceBook(@Root() entry: PriceBookEntry, @Ctx() ctx: RequestContext): Promise<PriceBook | null> {
    const book = await priceBookOf(ctx, entry);
    return bookVisible(ctx, book) ? book : null;
  }
}
