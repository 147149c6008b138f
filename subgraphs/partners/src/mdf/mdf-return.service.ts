import type { RequestContext } from '@sales-graph/shared/context';
import type { CampaignInfluenceModel } from '@sales-graph/shared/campaign-influence';
import { NotFoundError } from '@sales-graph/shared/errors';
import type { PartnersContext } from '../context.type';
import { prmConverter, type CrmCampaignTotal } from '../crm';
import { MdfRequest, MdfRequestStatus } from './mdf.entity';
import {
  MdfCampaignReturn,
  MdfCampaignReturnConverted,
  MdfCampaignReturnTotal,
  MdfReturnOnSpend,
} from './mdf-return.types';
import { planCampaignLink, returnOnSpend } from './mdf.rules';
import { getMdfRequest, validCampaignId } from './mdf.service';

const crmOf = (ctx: RequestContext) => (ctx as PartnersContext).crm;

/**
 * Points a request at the CRM campaign it funds, or (null) at none: a partner its own while
 * nothing is claimed (unconfirmed), a channel manager any (confirmed). Row-locked; the campaign
 * is validated with the CRM first.
 */
export async function linkMdfRequestCampaign(
  ctx: RequestContext,
  requestId: string,
  campaignId: string | null,
): Promise<MdfRequest> {
  const request = await getMdfRequest(ctx, requestId);
  const id = campaignId === null ? null : await validCampaignId(ctx, campaignId);
  return ctx.dataSource.transaction(async (manager) => {
    const locked = await manager.findOne(MdfRequest, {
      where: { id: request.id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!locked) throw new NotFoundError('MdfRequest', requestId);
    const byPartner = ctx.identity.role === 'PARTNER';
    // Naming the campaign it already names answers the request as it is (a repeat, not a change).
    if (locked.campaignId === id && (locked.campaignConfirmed || byPartner)) return locked;
    const { confirmed } = planCampaignLink(locked, byPartner);
    locked.campaignId = id;
    locked.campaignConfirmed = id !== null && confirmed;
    return manager.save(locked);
  });
}

/**
 * `MdfRequest.campaignReturn(model)`: the totals of the request's campaign from the CRM, the
 * campaigns of every request in the answer in ONE call per model. A partner sees it only once a
 * channel manager confirmed the link; null without a campaign.
 */
export async function mdfCampaignReturn(
  ctx: RequestContext,
  request: MdfRequest,
  model: CampaignInfluenceModel,
): Promise<MdfCampaignReturn | null> {
  if (!request.campaignId) return null;
  if (ctx.identity.role === 'PARTNER' && !request.campaignConfirmed) return null;
  const loader = ctx.loaders.get<string, CrmCampaignTotal[] | null>(
    `mdfCampaignReturn.${model}`,
    async (ids) => {
      const returns = await crmOf(ctx).campaignReturns(ids, model);
      return ids.map((id) => returns.get(id) ?? null);
    },
  );
  const totals = await loader.load(request.campaignId);
  if (totals === null) return null;
  const inCurrency = totals.find((total) => total.currency === request.currency);
  const won = inCurrency?.wonRevenue ?? '0.00';
  const approved = request.status === MdfRequestStatus.APPROVED ? request.amount : null;
  return Object.assign(new MdfCampaignReturn(), {
    campaignId: request.campaignId,
    model,
    totals: totals.map((total) => Object.assign(new MdfCampaignReturnTotal(), total)),
    returnOnSpend: Object.assign(new MdfReturnOnSpend(), {
      currency: request.currency,
      wonRevenue: won,
      approved,
      claimed: request.claimed,
      onApproved: returnOnSpend(won, approved),
      onClaimed: returnOnSpend(won, request.claimed),
    }),
  });
}

/**
 * `MdfCampaignReturn.converted`: the per-currency totals merged into one currency at the CRM's
 * rates of a date (the rates of every request of the answer in one CRM call).
 */
export async function convertedCampaignReturn(
  ctx: RequestContext,
  answer: MdfCampaignReturn,
  convert: { currency: string; at: string },
): Promise<MdfCampaignReturnConverted> {
  const totals = answer.totals;
  const using = await prmConverter(
    ctx as PartnersContext,
    convert,
    totals.map((total) => total.currency),
  );
  const money = (pick: (total: MdfCampaignReturnTotal) => string) =>
    using.sum(totals.map((total) => ({ amount: pick(total), currency: total.currency })));
  const count = (pick: (total: MdfCampaignReturnTotal) => number) =>
    totals.reduce((n, total) => n + pick(total), 0);
  return Object.assign(new MdfCampaignReturnConverted(), {
    currency: using.currency,
    at: using.at,
    totals:
      totals.length === 0
        ? []
        : [
            Object.assign(new MdfCampaignReturnTotal(), {
              currency: using.currency,
              pipeline: money((total) => total.pipeline),
              wonRevenue: money((total) => total.wonRevenue),
              deals: count((total) => total.deals),
              openDeals: count((total) => total.openDeals),
              wonDeals: count((total) => total.wonDeals),
            }),
          ],
    rates: using.used(),
  });
}
