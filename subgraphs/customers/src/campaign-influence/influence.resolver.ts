import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { Campaign, getCampaign } from '../campaigns';
import { Deal, DealFilter } from '../deals';
import { ConvertInput } from '../exchange-rates';
import {
  campaignInfluence,
  campaignInfluenceTotals,
  campaignReturns,
  convertedCampaignInfluence,
  convertedCampaignTotals,
  convertedDealCredits,
  dealCampaignCredits,
  existingCampaigns,
} from './influence.service';
import {
  CampaignInfluence,
  CampaignInfluenceConverted,
  CampaignInfluenceModel,
  CampaignInfluenceRow,
  CampaignInfluenceTotal,
  CampaignReturnTotals,
  DealCampaignCredit,
  DealCampaignCreditsConverted,
} from './influence.types';

const MODEL = { description: 'How the deal amounts are credited to the campaigns that touched them.' };
const CONVERT = {
  description:
    'The currency to convert into and the date whose rates apply (README "Money across currencies"). A missing rate is BAD_USER_INPUT naming the currency and date.',
};

@Resolver(() => CampaignInfluence)
export class CampaignInfluenceResolver {
  @Query(() => CampaignInfluence, {
    description:
      'Campaign influence for BI: the credits of the deals matching `filter` (the deals list filter) under `model`, per campaign and currency, and per currency, in one statement (README "Campaign influence"). Roles: MARKETING, CHANNEL_MANAGER, ANALYST and ADMIN.',
  })
  async campaignInfluence(
    @Arg('model', () => CampaignInfluenceModel, MODEL) model: CampaignInfluenceModel,
    @Arg('filter', () => DealFilter, { nullable: true, description: 'Only deals meeting these conditions.' })
    filter: DealFilter | undefined,
    @Arg('convert', () => ConvertInput, {
      nullable: true,
      description: `Also answer \`converted\`: the rows and totals in one currency. ${CONVERT.description}`,
    })
    convert: ConvertInput | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CampaignInfluence> {
    authorize(ctx.identity, 'read', 'CampaignInfluence');
    if (convert) authorize(ctx.identity, 'read', 'ExchangeRate');
    const answer = await campaignInfluence(ctx, model, filter);
    if (convert) {
      answer.converted = await convertedCampaignInfluence(ctx, answer, convert);
    }
    return answer;
  }

  @FieldResolver(() => CampaignInfluenceConverted, {
    nullable: true,
    description:
      'The rows and totals converted into one currency with the rates used; null unless `convert` was asked.',
  })
  converted(@Root() answer: CampaignInfluence): CampaignInfluenceConverted | null {
    return answer.converted ?? null;
  }

  @Directive('@inaccessible')
  @Query(() => [CampaignReturnTotals], {
    description:
      "Influence totals of these campaigns (those that exist), for the PRM's MDF return. Roles: SERVICE only (one subgraph calling another).",
  })
  async campaignReturnsForMdf(
    @Arg('campaignIds', () => [ID], { description: 'The campaigns.' }) campaignIds: string[],
    @Arg('model', () => CampaignInfluenceModel, MODEL) model: CampaignInfluenceModel,
    @Ctx() ctx: RequestContext,
  ): Promise<CampaignReturnTotals[]> {
    authorize(ctx.identity, 'read', 'CampaignReturn');
    return campaignReturns(ctx, campaignIds, model);
  }

  @Directive('@inaccessible')
  @Query(() => [ID], {
    description:
      "Of these ids, the campaigns that exist (the PRM validating an MDF request's campaign). Roles: SERVICE only.",
  })
  async existingCampaignsForMdf(
    @Arg('campaignIds', () => [ID], { description: 'The campaigns.' }) campaignIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<string[]> {
    authorize(ctx.identity, 'read', 'CampaignReturn');
    return existingCampaigns(ctx, campaignIds);
  }
}

@Resolver(() => Deal)
export class DealCampaignInfluenceResolver {
  // Nullable: the PRM's roots reach deals (README, Partial answers).
  @FieldResolver(() => [DealCampaignCredit], {
    nullable: true,
    description:
      'The campaigns credited with this deal under `model` and their exact shares, in first-touch order (they add up to the amount). Roles: MARKETING, CHANNEL_MANAGER, ANALYST and ADMIN.',
  })
  async campaignInfluence(
    @Root() deal: Deal,
    @Arg('model', () => CampaignInfluenceModel, MODEL) model: CampaignInfluenceModel,
    @Ctx() ctx: RequestContext,
  ): Promise<DealCampaignCredit[]> {
    authorize(ctx.identity, 'read', 'CampaignInfluence');
    return dealCampaignCredits(ctx, deal.id, model);
  }

  // Nullable: the PRM's roots reach deals (README, Partial answers).
  @FieldResolver(() => DealCampaignCreditsConverted, {
    nullable: true,
    description:
      'The credits of `campaignInfluence(model)` converted into one currency at the rates of a date, with the rate used (one statement for every deal of the request). Roles: MARKETING, CHANNEL_MANAGER, ANALYST and ADMIN.',
  })
  async convertedCampaignInfluence(
    @Root() deal: Deal,
    @Arg('model', () => CampaignInfluenceModel, MODEL) model: CampaignInfluenceModel,
    @Arg('convert', () => ConvertInput, CONVERT) convert: ConvertInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DealCampaignCreditsConverted> {
    authorize(ctx.identity, 'read', 'CampaignInfluence');
    authorize(ctx.identity, 'read', 'ExchangeRate');
    return convertedDealCredits(ctx, deal.id, model, convert);
  }
}

@Resolver(() => Campaign)
export class CampaignInfluenceFieldResolver {
  @FieldResolver(() => [CampaignInfluenceTotal], {
    description:
      'What the deals credited to this campaign under `model` add up to, per currency: pipeline (open), won revenue, deal counts. Roles: MARKETING, ANALYST and ADMIN.',
  })
  async influence(
    @Root() campaign: Campaign,
    @Arg('model', () => CampaignInfluenceModel, MODEL) model: CampaignInfluenceModel,
    @Ctx() ctx: RequestContext,
  ): Promise<CampaignInfluenceTotal[]> {
    authorize(ctx.identity, 'read', 'CampaignInfluence');
    return campaignInfluenceTotals(ctx, campaign.id, model);
  }

  @FieldResolver(() => CampaignInfluenceConverted, {
    description:
      '`influence(model)` converted into one currency at the rates of a date: one row for this campaign, the same as `totals`, and the rates used. Roles: MARKETING, ANALYST and ADMIN.',
  })
  async convertedInfluence(
    @Root() campaign: Campaign,
    @Arg('model', () => CampaignInfluenceModel, MODEL) model: CampaignInfluenceModel,
    @Arg('convert', () => ConvertInput, CONVERT) convert: ConvertInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CampaignInfluenceConverted> {
    authorize(ctx.identity, 'read', 'CampaignInfluence');
    authorize(ctx.identity, 'read', 'ExchangeRate');
    return convertedCampaignTotals(ctx, campaign.id, model, convert);
  }
}

/** The campaign of a credit or row: FORBIDDEN (the field null) to a role that does not read campaigns. */
async function creditedCampaign(ctx: RequestContext, campaignId: string): Promise<Campaign | null> {
  authorize(ctx.identity, 'read', 'Campaign');
  return getCampaign(ctx, campaignId);
}

@Resolver(() => DealCampaignCredit)
export class DealCampaignCreditResolver {
  @FieldResolver(() => Campaign, {
    nullable: true,
    description: 'The campaign; FORBIDDEN to roles that do not read campaigns (CHANNEL_MANAGER).',
  })
  async campaign(@Root() credit: DealCampaignCredit, @Ctx() ctx: RequestContext): Promise<Campaign | null> {
    return creditedCampaign(ctx, credit.campaignId);
  }
}

@Resolver(() => CampaignInfluenceRow)
export class CampaignInfluenceRowResolver {
  @FieldResolver(() => Campaign, {
    nullable: true,
    description: 'The campaign; FORBIDDEN to roles that do not read campaigns (CHANNEL_MANAGER).',
  })
  async campaign(@Root() row: CampaignInfluenceRow, @Ctx() ctx: RequestContext): Promise<Campaign | null> {
    return creditedCampaign(ctx, row.campaignId);
  }
}
