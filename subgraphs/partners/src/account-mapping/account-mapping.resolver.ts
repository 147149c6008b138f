import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { ConvertInput } from '@sales-graph/shared/graphql/convert';
import type { PartnersContext } from '../context.type';
import { AccountMapping, AccountOverlap } from './account-mapping.entity';
import { accountOverlap, getAccountMapping, uploadAccountMapping } from './account-mapping.service';
import type { OverlapAnswer } from './account-mapping.convert';

@Resolver(() => AccountMapping)
export class AccountMappingResolver {
  @Mutation(() => AccountMapping, {
    description:
      'A partner uploads the sha256 hex hashes of its accounts\' normalised domains (README "Account mapping" gives the recipe), at most 1,000 per call and 50,000 in all; `replace` drops the ones it had first. Roles: PARTNER (an active admin user of the partner, or its API key), at most 60 uploads in any 24 hours (RATE_LIMITED). A malformed hash or too many is BAD_USER_INPUT and nothing is stored.',
  })
  async uploadAccountMapping(
    @Arg('hashes', () => [String], { description: 'sha256 hex digests of normalised domains.' })
    hashes: string[],
    @Arg('replace', () => Boolean, {
      nullable: true,
      description: 'Replace the whole mapping (default: add).',
    })
    replace: boolean | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<AccountMapping> {
    authorize(ctx.identity, 'create', 'AccountMapping');
    return uploadAccountMapping(ctx, hashes, replace ?? false);
  }

  @Query(() => AccountMapping, {
    description:
      "A partner's account mapping and its overlap with our customers. Roles: PARTNER (its own; partnerId may be omitted, another partner's is NOT_FOUND), CHANNEL_MANAGER and ADMIN (partnerId required).",
  })
  async accountMapping(
    @Arg('partnerId', () => ID, { nullable: true, description: 'The partner (a partner user: its own).' })
    partnerId: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<AccountMapping> {
    authorize(ctx.identity, 'read', 'AccountMapping');
    return getAccountMapping(ctx, partnerId);
  }

  @FieldResolver(() => AccountOverlap, {
    nullable: true,
    description:
      'How the mapping overlaps our customers and their open deals (computed by the CRM now); null when the CRM does not answer.',
  })
  async overlap(
    @Root() mapping: AccountMapping,
    @Arg('convert', () => ConvertInput, {
      nullable: true,
      description:
        'Also answer `converted`: the open pipeline in one currency at the rates of a date (README "Money across currencies"). A missing rate is BAD_USER_INPUT naming the currency and date.',
    })
    convert: ConvertInput | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<OverlapAnswer | null> {
    const overlap = await accountOverlap(ctx, mapping);
    if (!overlap || !convert) return overlap;
    return { ...overlap, convert: { currency: convert.currency, at: convert.at } };
  }
}
