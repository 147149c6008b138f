import { Arg, Ctx, Directive, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { CustomerOwnership } from '../customers';
import { accountOverlap } from './account-overlap.service';

@Directive('@inaccessible')
@ObjectType({ description: 'Open pipeline of one currency.' })
export class AccountOverlapAmount {
  @Field(() => String, { description: 'ISO 4217 currency.' })
  currency: string;

  @Field(() => String, { description: 'Sum of the open deals, exact decimal text ("1200.00").' })
  amount: string;
}

@Directive('@inaccessible')
@ObjectType({ description: 'A live customer whose domain hash a partner uploaded (account mapping).' })
export class AccountOverlapMatch {
  @Field(() => ID, { description: 'The customer.' })
  customerId: string;

  @Field(() => String, { description: 'Its name.' })
  name: string;

  @Field(() => String, { description: 'The hash it matched.' })
  domainHash: string;

  @Field(() => CustomerOwnership, { description: 'Its ownership (rules of engagement).' })
  ownership: CustomerOwnership;

  @Field(() => ID, { nullable: true, description: 'Its owning partner (CHANNEL only).' })
  ownerPartnerId: string | null;

  @Field(() => Int, { description: 'Its open deals.' })
  openDeals: number;

  @Field(() => [AccountOverlapAmount], { description: 'Its open pipeline per currency.' })
  openAmounts: AccountOverlapAmount[];
}

/** The PRM's account-mapping look-up (SERVICE only, not in the public graph). */
@Resolver()
export class AccountOverlapResolver {
  @Directive('@inaccessible')
  @Query(() => [AccountOverlapMatch], {
    description:
      'The live customers whose normalised-domain hash is among these (at most 10,000), with ownership and open deals. Roles: SERVICE only (the PRM).',
  })
  async accountOverlap(
    @Arg('hashes', () => [String], { description: 'sha256 hex of normalised domains.' }) hashes: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<AccountOverlapMatch[]> {
    authorize(ctx.identity, 'read', 'AccountOverlap');
    return accountOverlap(ctx, hashes);
  }
}
