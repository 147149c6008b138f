import { ALL, READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { dealsScale, dealStageChangesScale } from '../seed/scale.steps';
import { claimed } from '../access';
import { Deal, DealStageChange } from './deal.entity';
import { resolveDealReference } from './deal.reference';
import { DealResolver, DealStageChangeResolver } from './deal.resolver';
import { CrmDealPipelineStage1764233300100 } from './1764233300100-CrmDealPipelineStage';
import { seedDealPipelines } from './deal-pipelines.seed';

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
  entities: [Deal, DealStageChange],
  migrations: [CrmDealPipelineStage1764233300100],
  resolvers: [DealResolver, DealStageChangeResolver],
  references: { Deal: resolveDealReference },
  scope: [
    [Deal, claimed('deals', 'id')],
    [DealStageChange, claimed('deals', 'dealId')],
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
  seeds: [{ order: 14, after: ['baseline', 'pipelines'], run: seedDealPipelines }],
  scale: [dealsScale, dealStageChangesScale],
});
