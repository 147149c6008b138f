import { auditLogResolver } from '@sales-graph/shared/audit/audit.resolver';
import { buildFederatedSchema } from '@sales-graph/shared/subgraph';
import {
  CommissionPlanRateResolver,
  CommissionStatementRateResolver,
  DealCommissionRateResolver,
} from './incentives/commission-rate.resolver';
import { PartnerAccessResolver } from './access/partner-access.resolver';
import { ApiKeyResolver } from './api-keys/api-key.resolver';
import { DealAttributionResolver, LeadAttributionResolver } from './attribution/attribution.resolver';
import {
  CommissionPlanResolver,
  DealCommissionResolver,
  PartnerIncentivesResolver,
} from './incentives/commission.resolver';
import {
  MdfAllocationResolver,
  MdfBudgetResolver,
  MdfClaimResolver,
  MdfRequestResolver,
  PartnerMdfResolver,
} from './mdf/mdf.resolver';
import { PartnerPerformanceResolver } from './performance/performance.resolver';
import {
  LeadOfferEventResolver,
  LeadOfferResolver,
  LeadOffersResolver,
  PartnerLeadOffersResolver,
} from './lead-sharing/lead-sharing.resolver';
import { PartnerOnboardingResolver } from './onboarding/onboarding.resolver';
import { PartnerScorecardResolver, PartnerScorecardSalesResolver } from './scorecards/scorecard.resolver';
import { PartnerTierResolver, TierRuleResolver } from './scorecards/tier.resolver';
import { PartnerMembershipResolver } from './membership/membership.resolver';
import { PartnerUsersResolver } from './partner-users/partner-user.resolver';
import { resolvePartnerReference } from './partners/partner.reference';
import { PartnerResolver } from './partners/partner.resolver';
import {
  DealRegistrationResolver,
  PartnerRegistrationsResolver,
} from './registrations/registration.resolver';
import { DealRegistrationDealResolver } from './registrations/registration-deal.resolver';
import { ProspectAvailabilityResolver } from './registrations/prospect-availability.resolver';
import {
  CertificationResolver,
  EnrolmentResolver,
  PartnerTrainingResolver,
} from './training/training.resolver';
import { ViewerResolver } from './viewer/viewer.resolver';
import { OutboxResolver } from '@sales-graph/shared/outbox/outbox.resolver';

/** Deal and Lead references carry only the id; their PRM fields load through loaders. */
const idReference = async (reference: { id: string }) => ({ id: reference.id.toLowerCase() });
/** A Deal reference also carries the CRM fields `Deal.commission` @requires (stage, amount …). */
const dealReference = async (reference: { id: string }) => ({ ...reference, id: reference.id.toLowerCase() });

export function buildPartnersSchema() {
  return buildFederatedSchema(
    {
      resolvers: [
        PartnerResolver,
        CommissionPlanRateResolver,
        CommissionStatementRateResolver,
        DealCommissionRateResolver,
        PartnerAccessResolver,
        PartnerMembershipResolver,
        ApiKeyResolver,
        auditLogResolver('prmAuditLog', 'Changes to PRM records, newest first (ADMIN only).'),
        // The PRM outbox's dead letters (ADMIN: list and replay).
        OutboxResolver,
        DealAttributionResolver,
        LeadAttributionResolver,
        PartnerOnboardingResolver,
        PartnerUsersResolver,
        PartnerTrainingResolver,
        EnrolmentResolver,
        CertificationResolver,
        DealRegistrationResolver,
        PartnerRegistrationsResolver,
        DealRegistrationDealResolver,
        ProspectAvailabilityResolver,
        PartnerPerformanceResolver,
        CommissionPlanResolver,
        PartnerIncentivesResolver,
        DealCommissionResolver,
        MdfBudgetResolver,
        MdfAllocationResolver,
        MdfRequestResolver,
        MdfClaimResolver,
        PartnerMdfResolver,
        LeadOfferResolver,
        LeadOfferEventResolver,
        LeadOffersResolver,
        PartnerLeadOffersResolver,
        PartnerScorecardResolver,
        PartnerScorecardSalesResolver,
        TierRuleResolver,
        PartnerTierResolver,
        ViewerResolver,
      ],
    },
    {
      Partner: { __resolveReference: resolvePartnerReference },
      Deal: { __resolveReference: dealReference },
      Lead: { __resolveReference: idReference },
    },
  );
}
