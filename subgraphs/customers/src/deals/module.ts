import { ALL, READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { dealsScale, dealStageChangesScale } from '../seed/scale.steps';
import { claimed } from '../access';
import { Deal, DealStageChange } from './deal.entity';
import { resolveDealReference } from './deal.reference';
import { DealResolver } from './deal.resolver';
import { CrmDealLineItems1764233400001 } from './1764233400001-CrmDealLineItems';
import { DealLineItem } from './deal-line-item.entity';
import { DealLineItemResolver, DealLineItemsResolver } from './deal-line-item.resolver';
import { seedDealLineItems } from './deal-line-items.seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Deal: true;
    // A partner user's update of a deal its partner sourced (next step, notes, close date, stage).
    PartnerDealUpdate: true;
  }
}

/** Deals and their stage history; partner users read the deals they have a claim to. */
export default defineModule({
  name: 'deals',
  entities: [Deal, DealStageChange, DealLineItem],
  migrations: [CrmDealLineItems1764233400001],
  resolvers: [DealResolver, DealLineItemsResolver, DealLineItemResolver],
  references: { Deal: resolveDealReference },
  scope: [
    [Deal, claimed('deals', 'id')],
    [DealStageChange, claimed('deals', 'dealId')],
    [DealLineItem, claimed('deals', 'dealId')],
  ],
  permissions: {
    Deal: {
      ADMIN: ALL,
      SALES: WRITE,
      MARKETING: READ,
      SUPPORT: READ,
      CHANNEL_MANAGER: READ,
      ANALYST: READ,
      PARTNER: READ,
      SERVICE: READ,
    },
    PartnerDealUpdate: { PARTNER: ['update'] },
  },
  scale: [dealsScale, dealStageChangesScale],
  seeds: [{ order: 16, after: ['baseline', 'products'], run: seedDealLineItems }],
});
