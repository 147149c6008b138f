import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import { CampaignInfluenceModel } from '@sales-graph/shared/campaign-influence';
import type { RequestContext } from '@sales-graph/shared/context';
import { MdfRequest } from './mdf.entity';
import { ConvertInput } from '@sales-graph/shared/graphql/convert';
import { convertedCampaignReturn, linkMdfRequestCampaign, mdfCampaignReturn } from './mdf-return.service';
import { MdfCampaignReturn, MdfCampaignReturnConverted } from './mdf-return.types';

@Resolver(() => MdfRequest)
export class MdfRequestReturnResolver {
  @Mutation(() => MdfRequest, {
    description:
      "Names the CRM campaign an MDF request funds (null: none). A partner user its own partner's requests while nothing is claimed (the link stays unconfirmed until a channel manager approves or confirms it); CHANNEL_MANAGER and ADMIN any request, confirmed.",
  })
  async linkMdfRequestCampaign(
    @Arg('requestId', () => ID, { description: 'The MDF request.' }) requestId: string,
    @Arg('campaignId', () => ID, { nullable: true, description: 'The CRM campaign; null removes the link.' })
    campaignId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfRequest> {
    authorize(ctx.identity, 'update', 'MdfCampaign');
    return linkMdfRequestCampaign(ctx, requestId, campaignId ?? null);
  }

  // Nullable: it calls the customers subgraph (README, Partial answers).
  @FieldResolver(() => MdfCampaignReturn, {
    nullable: true,
    description:
      "Pipeline and won revenue of the campaign this request funds, under `model`, and the return on the request's spend: totals only. Null without a campaign, and for a partner user until a channel manager confirmed the campaign.",
  })
  async campaignReturn(
    @Root() request: MdfRequest,
    @Arg('model', () => CampaignInfluenceModel, {
      description: 'How deal amounts are credited to the campaigns that touched them.',
    })
    model: CampaignInfluenceModel,
    @Arg('convert', () => ConvertInput, {
      nullable: true,
      description:
        'Also answer `converted`: the totals in one currency at the rates of a date (README "Money across currencies"). A missing rate is BAD_USER_INPUT naming the currency and date.',
    })
    convert: ConvertInput | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfCampaignReturn | null> {
    authorize(ctx.identity, 'read', 'Mdf');
    const answer = await mdfCampaignReturn(ctx, request, model);
    if (answer && convert) answer.convert = { currency: convert.currency, at: convert.at };
    return answer;
  }
}

@Resolver(() => MdfCampaignReturn)
export class MdfCampaignReturnConvertedResolver {
  @FieldResolver(() => MdfCampaignReturnConverted, {
    nullable: true,
    description:
      'The totals converted into one currency with the rates used; null unless `campaignReturn(convert:)` was asked.',
  })
  async converted(
    @Root() answer: MdfCampaignReturn,
    @Ctx() ctx: RequestContext,
  ): Promise<MdfCampaignReturnConverted | null> {
    if (!answer.convert) return null;
    return convertedCampaignReturn(ctx, answer, answer.convert);
  }
}
