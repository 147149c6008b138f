import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';
import { parseCurrency } from '@sales-graph/shared/graphql/scalars';
import { catalogueEntries, catalogueFamilies } from './product.service';

/** A product as the PRM checks a registration's product line against it. */
@Directive('@inaccessible')
@ObjectType({ description: "A product and its list price in one currency (the PRM's registration lines)." })
export class CatalogueLineFact {
  @Field(() => ID, { description: 'The product.' })
  id: string;

  @Field(() => String, { description: 'Its SKU.' })
  sku: string;

  @Field(() => String, { description: 'Its name.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Its family.' })
  family: string | null;

  @Field(() => Boolean, { description: 'Whether it is sold.' })
  active: boolean;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Its price in the standard book of the currency.',
  })
  listPrice: string | null;
}

@Resolver()
export class CatalogueLinesResolver {
  @Directive('@inaccessible')
  @Query(() => [CatalogueLineFact], {
    description:
      'The products of these ids that exist, with their list price in `currency`, in one call. Roles: SERVICE only (one subgraph calling another).',
  })
  async catalogueLines(
    @Arg('currency', () => String, { description: 'ISO 4217 currency code.' }) currency: string,
    @Arg('productIds', () => [ID], { description: 'The products (at most 100).' }) productIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<CatalogueLineFact[]> {
    authorize(ctx.identity, 'read', 'PartnerSourcedDeal');
    const found = await catalogueEntries(
      ctx.dataSource.manager,
      parseCurrency(currency),
      productIds.slice(0, 100),
    );
    return [...found.values()].map(({ product, listPrice }) => ({
      id: product.id,
      sku: product.sku,
      name: product.name,
      family: product.family,
      active: product.active,
      listPrice,
    }));
  }

  @Directive('@inaccessible')
  @Query(() => [String], {
    description:
      "The catalogue's product families (every live product's), in name order: what a commission plan's family rates are checked against. Roles: SERVICE only (one subgraph calling another).",
  })
  async catalogueFamilies(@Ctx() ctx: RequestContext): Promise<string[]> {
    authorize(ctx.identity, 'read', 'PartnerSourcedDeal');
    return catalogueFamilies(ctx.dataSource.manager);
  }
}
