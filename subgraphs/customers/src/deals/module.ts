import { ALL, READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { dealsScale, dealStageChangesScale } from '../seed/scale.steps';
import { claimed } from '../access';
import { Deal, DealStageChange } from './deal.entity';
import { resolveDealReference } from './deal.reference';
import { DealResolver, DealStageChangeResolver } from './deal.resolver';
import { CrmDealPipelineStage1764233300100 } from './1764233300100-CrmDealPipelineStage';
import { seedDealPipelines } from './deal-pipelines.seed';
import { CrmDealLineItems1764233400001 } from './1764233400001-CrmDealLineItems';
import { CrmDealChannel1764232800000 } from '../migrations/1764232800000-CrmDealChannel';
import { CrmDealCustomerSegment1764232800002 } from '../migrations/1764232800002-CrmDealCustomerSegment';
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
  // The derived columns (channel, channel_partner_id, customer_region, customer_industry) and the
  // trigger functions that alone write them (deal-derived-columns.ts).
  migrations: [
    CrmDealChannel1764232800000,
    CrmDealCustomerSegment1764232800002,
    CrmDealPipelineStage1764233300100,
    CrmDealLineItems1764233400001,
  ],
  resolvers: [DealResolver, DealStageChangeResolver, DealLineItemsResolver, DealLineItemResolver],
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
  seeds: [
    { order: 14, after: ['baseline', 'pipelines'], run: seedDealPipelines },
    { order: 16, after: ['baseline', 'products'], run: seedDealLineItems },
  ],
  scale: [dealsScale, dealStageChangesScale],
});
