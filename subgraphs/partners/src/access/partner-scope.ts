import type { ScopeRule } from '@sales-graph/shared/access/scope';
import type { RequestContext } from '@sales-graph/shared/context';
import { partnerAccess } from './partner-access.service';

/** Rule name of the CRM deals a partner may read (its claim set, as `partnerAccess` gives the CRM). */
export const CRM_DEAL = 'CrmDeal';

/** Scope rule: rows whose partner column(s) hold the caller's own partner id. */
export const ownPartner = (...properties: string[]): ScopeRule => ({
  properties,
  values: async (ctx: RequestContext) => [ctx.identity.partnerId!],
});

/** The CRM deals (read from the CRM for aggregates) the CRM lets the partner read. */
export const crmDealRule: ScopeRule = {
  properties: ['id'],
  values: async (ctx) => (await partnerAccess(ctx, ctx.identity.partnerId!)).dealIds,
};
