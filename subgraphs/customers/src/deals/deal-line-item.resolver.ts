import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { findProduct, Product } from '../products';
import { DealLineItem } from './deal-line-item.entity';
import { DealLineItemInput } from './deal-line-item.input';
import { dealLineItems } from './deal-line-item.service';
import { Deal } from './deal.entity';
import { setDealLineItems } from './deal.service';

@Resolver(() => Deal)
export class DealLineItemsResolver {
  @Mutation(() => Deal, {
    description:
      "Sets a deal's line items as a whole and derives its amount from them (the sum of the line totals), in one transaction. An empty list removes every line and leaves the amount editable again. Roles: SALES and ADMIN.",
  })
  async setDealLineItems(
    @Arg('dealId', () => ID, { description: 'The deal.' }) dealId: string,
    @Arg('lines', () => [DealLineItemInput], {
      description: 'Every line the deal has from now on, in order.',
    })
    lines: DealLineItemInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<Deal> {
    authorize(ctx.identity, 'update', 'Deal');
    return (await setDealLineItems(ctx, dealId, lines)).deal;
  }

  @FieldResolver(() => [DealLineItem], {
    nullable: true,
    description:
      'The products on the deal, in order; when there are any, `amount` is their sum. Empty for a deal priced by hand.',
  })
  async lineItems(@Root() deal: Deal, @Ctx() ctx: RequestContext): Promise<DealLineItem[]> {
    authorize(ctx.identity, 'read', 'Deal');
    return dealLineItems(ctx, deal);
  }
}

@Resolver(() => DealLineItem)
export class DealLineItemResolver {
  @FieldResolver(() => Product, { nullable: true, description: 'The product sold.' })
  async product(@Root() line: DealLineItem, @Ctx() ctx: RequestContext): Promise<Product | null> {
    authorize(ctx.identity, 'read', 'Product');
    return findProduct(ctx, line.productId);
  }
}
