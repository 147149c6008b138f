import { ALL, READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { ownPartner } from '../access';
import {
  CommissionPlanRateResolver,
  CommissionStatementRateResolver,
  DealCommissionRateResolver,
} from './commission-rate.resolver';
import { CommissionPayout, CommissionPlan } from './commission.entity';
import {
  CommissionPayoutResolver,
  CommissionPlanResolver,
  DealCommissionResolver,
  PartnerIncentivesResolver,
} from './commission.resolver';
import { seedIncentives } from './incentives.seed';
import { seedCommissionPayouts } from './payouts.seed';
import { PrmPayoutListIndexes1764232510000 } from '../migrations/1764232510000-PrmPayoutListIndexes';
import { PrmCommissionRoleShares1764233600100 } from './1764233600100-PrmCommissionRoleShares';
import { PrmCommissionFamilyRates1764234100000 } from './1764234100000-PrmCommissionFamilyRates';
import type { CrmDemoIds } from '../seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    CommissionPlan: true;
    Commission: true;
    Payout: true;
  }
}

/** Commission plans, commissions on deals, statements and payouts. */
export default defineModule<CrmDemoIds>({
  name: 'incentives',
  entities: [CommissionPlan, CommissionPayout],
  migrations: [
    PrmPayoutListIndexes1764232510000,
    PrmCommissionRoleShares1764233600100,
    PrmCommissionFamilyRates1764234100000,
  ],
  resolvers: [
    CommissionPlanRateResolver,
    CommissionStatementRateResolver,
    DealCommissionRateResolver,
    CommissionPlanResolver,
    CommissionPayoutResolver,
    PartnerIncentivesResolver,
    DealCommissionResolver,
  ],
  scope: [[CommissionPayout, ownPartner('partnerId')]],
  permissions: {
    CommissionPlan: { ADMIN: ALL, CHANNEL_MANAGER: ALL, ANALYST: READ },
    // A partner user: its own partner's commissions and payouts only (row scope).
    Commission: { ADMIN: READ, CHANNEL_MANAGER: READ, ANALYST: READ, PARTNER: READ },
    Payout: { ADMIN: WRITE, CHANNEL_MANAGER: WRITE, ANALYST: READ, PARTNER: READ },
  },
  seeds: [
    { order: 70, after: ['baseline'], run: seedIncentives },
    // Last: reads the partners' final tiers, and leaves the data seeded before it unchanged.
    { order: 110, after: ['baseline', 'scorecards'], run: seedCommissionPayouts },
  ],
});
