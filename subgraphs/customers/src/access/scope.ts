import { ScopeRegistry, type ScopeRule } from '@sales-graph/shared/access/scope';
import { Customer } from '../customers/customer.entity';
import { Deal, DealStageChange } from '../deals/deal.entity';
import { Lead } from '../leads/lead.entity';
import { partnerScope, type PartnerScope } from './partner-scope';

/** Rows whose `properties` hold an id of one of the partner's claim sets (from the PRM). */
const claimed = (set: keyof PartnerScope, ...properties: string[]): ScopeRule => ({
  properties,
  values: async (ctx) => [...((await partnerScope(ctx))?.[set] ?? [])],
});

/**
 * Every CRM table a partner user can reach, and how it is scoped: by the claim sets the PRM
 * (which owns attribution) gives it. A new partner-visible table gets one line here.
 */
export const CRM_SCOPE = new ScopeRegistry([
  [Deal, claimed('deals', 'id')],
  [DealStageChange, claimed('deals', 'dealId')],
  [Lead, claimed('leads', 'id')],
  [Customer, claimed('customers', 'id')],
]);
