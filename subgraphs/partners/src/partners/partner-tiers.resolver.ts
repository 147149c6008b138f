import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import { BadUserInputError } from '@sales-graph/shared/errors';
import type { PartnersContext } from '../context.type';
import { PartnerTier } from './partner.entity';

/** Partner ids one `partnerTiers` call may carry. */
export const MAX_TIER_LOOKUP = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Directive('@inaccessible')
@ObjectType({
  description: 'Service only (SERVICE identity), hidden from the public graph: one partner and its tier.',
})
export class PartnerTierOf {
  @Field(() => ID, { description: 'The partner.' })
  partnerId: string;

  @Field(() => PartnerTier, { description: "The partner's tier now." })
  tier: PartnerTier;
}

/** The CRM's batched lookup of partner tiers (`salesAnalytics` grouped by partner tier). */
@Resolver()
export class PartnerTiersResolver {
  @Directive('@inaccessible')
  @Query(() => [PartnerTierOf], {
    description:
      'Service only (SERVICE identity), hidden from the public graph: the tier of each of these partners (deleted and unknown ones left out), in ONE statement.',
  })
  async partnerTiers(
    @Arg('partnerIds', () => [ID], { description: 'The partners.' }) partnerIds: string[],
    @Ctx() ctx: PartnersContext,
  ): Promise<PartnerTierOf[]> {
    authorize(ctx.identity, 'read', 'PartnerTierLookup');
    if (partnerIds.length > MAX_TIER_LOOKUP)
      throw new BadUserInputError(`At most ${MAX_TIER_LOOKUP} partners at a time`, 'partnerIds');
    if (!partnerIds.every((id) => UUID.test(id)))
      throw new BadUserInputError('partnerIds must be uuids', 'partnerIds');
    if (partnerIds.length === 0) return [];
    const rows: { id: string; tier: PartnerTier }[] = await ctx.dataSource.query(
      `SELECT id, tier FROM prm.partners WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL ORDER BY id`,
      [partnerIds.map((id) => id.toLowerCase())],
    );
    return rows.map((row) => ({ partnerId: row.id, tier: row.tier }));
  }
}
