import { READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { ownPartner } from '../access';
import { MdfAllocation, MdfBudget, MdfClaim, MdfRequest } from './mdf.entity';
import {
  MdfAllocationResolver,
  MdfBudgetResolver,
  MdfClaimResolver,
  MdfRequestResolver,
  PartnerMdfResolver,
} from './mdf.resolver';
import { seedMdf, seedMdfCampaigns } from './mdf.seed';
import { MdfCampaignReturnConvertedResolver, MdfRequestReturnResolver } from './mdf-return.resolver';
import { PrmMdfRequestCampaign1764233700000 } from './1764233700000-PrmMdfRequestCampaign';
import { PrmMdfListIndexes1764232500000 } from '../migrations/1764232500000-PrmMdfListIndexes';
import type { CrmDemoIds } from '../seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    MdfBudget: true;
    Mdf: true;
    MdfReview: true;
    // Naming the CRM campaign an MDF request funds.
    MdfCampaign: true;
  }
}

/** Market development funds: budgets, allocations, requests and claims. */
export default defineModule<CrmDemoIds>({
  name: 'mdf',
  entities: [MdfBudget, MdfAllocation, MdfRequest, MdfClaim],
  migrations: [PrmMdfListIndexes1764232500000, PrmMdfRequestCampaign1764233700000],
  resolvers: [
    MdfBudgetResolver,
    MdfAllocationResolver,
    MdfRequestResolver,
    MdfClaimResolver,
    PartnerMdfResolver,
    MdfRequestReturnResolver,
    MdfCampaignReturnConvertedResolver,
  ],
  scope: [
    [MdfAllocation, ownPartner('partnerId')],
    [MdfRequest, ownPartner('partnerId')],
    [MdfClaim, ownPartner('partnerId')],
  ],
  permissions: {
    MdfBudget: { ADMIN: WRITE, CHANNEL_MANAGER: WRITE, ANALYST: READ },
    Mdf: { ADMIN: WRITE, CHANNEL_MANAGER: WRITE, ANALYST: READ, PARTNER: ['read', 'create'] },
    MdfReview: { ADMIN: WRITE, CHANNEL_MANAGER: WRITE },
    MdfCampaign: { ADMIN: WRITE, CHANNEL_MANAGER: WRITE, PARTNER: ['update'] },
  },
  seeds: [
    { order: 80, after: ['baseline'], run: seedMdf },
    { order: 81, after: ['baseline'], run: seedMdfCampaigns },
  ],
});
