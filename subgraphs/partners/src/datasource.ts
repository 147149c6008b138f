import { databaseUrlFor } from '@sales-graph/shared/config';
import { createDataSource } from '@sales-graph/shared/db/datasource';
import { DealAttribution, LeadAttribution } from './attribution/attribution.entity';
import { PrmCore1764230500000 } from './migrations/1764230500000-PrmCore';
import { PrmAuditLog1764231000000 } from './migrations/1764231000000-PrmAuditLog';
import { PrmApiKeys1764231100000 } from './migrations/1764231100000-PrmApiKeys';
import { PrmLeadSharing1764231500000 } from './migrations/1764231500000-PrmLeadSharing';
import {
  DistributionRule,
  LeadOffer,
  LeadOfferEvent,
  LeadReferral,
} from './lead-sharing/lead-sharing.entity';
import { PrmRegistrationDeals1764231600000 } from './migrations/1764231600000-PrmRegistrationDeals';
import { ApiKey } from './api-keys/api-key.entity';
import { CommissionPayout, CommissionPlan } from './incentives/commission.entity';
import { MdfAllocation, MdfBudget, MdfClaim, MdfRequest } from './mdf/mdf.entity';
import { PrmIncentivesMdf1764231700000 } from './migrations/1764231700000-PrmIncentivesMdf';
import { PrmTiers1764231800000 } from './migrations/1764231800000-PrmTiers';
import { PrmProspectChecks1764231900000 } from './migrations/1764231900000-PrmProspectChecks';
import { PrmPartnerNameKey1764231950000 } from './migrations/1764231950000-PrmPartnerNameKey';
import { PrmOutboxDeadLetters1764232000000 } from './migrations/1764232000000-PrmOutboxDeadLetters';
import { OutboxMessageRecord } from '@sales-graph/shared/outbox/outbox.entity';
import { PartnerTierChange, PartnerTierFlag, TierRule } from './scorecards/tier.entity';
import { PrmOnboardingTrainingRegistrations1764230700000 } from './migrations/1764230700000-PrmOnboardingTrainingRegistrations';
import { PrmIdempotencyKeys1764232100000 } from './migrations/1764232100000-PrmIdempotencyKeys';
import { PrmCompanyNameKeys1764232200000 } from './migrations/1764232200000-PrmCompanyNameKeys';
import { PrmBiListIndexes1764232300000 } from './migrations/1764232300000-PrmBiListIndexes';
import { PrmListIndexes1764232210000 } from './migrations/1764232210000-PrmListIndexes';
import { PrmAttributionOutbox1764232400000 } from './migrations/1764232400000-PrmAttributionOutbox';
import { OnboardingChecklistItem, PartnerStatusChange } from './onboarding/onboarding.entity';
import { PartnerUser } from './partner-users/partner-user.entity';
import { Partner } from './partners/partner.entity';
import { DealRegistration } from './registrations/registration.entity';
import { Certification, Course, Enrolment } from './training/training.entity';

export const PRM_SCHEMA = 'prm';

/** The PRM's own database: `PARTNERS_DATABASE_URL`, else `DATABASE_URL`; tables in schema `prm`. */
export function createPartnersDataSource(url = databaseUrlFor('partners'), poolMax?: number) {
  if (!url) throw new Error('Set PARTNERS_DATABASE_URL or DATABASE_URL');
  return createDataSource({
    url,
    poolMax,
    schema: PRM_SCHEMA,
    entities: [
      Partner,
      DealAttribution,
      LeadAttribution,
      PartnerStatusChange,
      OnboardingChecklistItem,
      PartnerUser,
      Course,
      Enrolment,
      Certification,
      DealRegistration,
      ApiKey,
      CommissionPlan,
      CommissionPayout,
      MdfBudget,
      MdfAllocation,
      MdfRequest,
      MdfClaim,
      DistributionRule,
      LeadOffer,
      LeadOfferEvent,
      LeadReferral,
      TierRule,
      PartnerTierFlag,
      PartnerTierChange,
      OutboxMessageRecord,
    ],
    migrations: [
      PrmCore1764230500000,
      PrmOnboardingTrainingRegistrations1764230700000,
      PrmAuditLog1764231000000,
      PrmApiKeys1764231100000,
      PrmIncentivesMdf1764231700000,
      PrmLeadSharing1764231500000,
      PrmRegistrationDeals1764231600000,
      PrmTiers1764231800000,
      PrmProspectChecks1764231900000,
      PrmPartnerNameKey1764231950000,
      PrmOutboxDeadLetters1764232000000,
      PrmIdempotencyKeys1764232100000,
      PrmCompanyNameKeys1764232200000,
      PrmBiListIndexes1764232300000,
      PrmListIndexes1764232210000,
      PrmAttributionOutbox1764232400000,
    ],
  });
}
