import { ScopeRegistry, type ScopeRule } from '@sales-graph/shared/access/scope';
import type { RequestContext } from '@sales-graph/shared/context';
import { ApiKey } from '../api-keys/api-key.entity';
import { DealAttribution, LeadAttribution } from '../attribution/attribution.entity';
import { CommissionPayout } from '../incentives/commission.entity';
import { LeadOffer, LeadOfferEvent, LeadReferral } from '../lead-sharing/lead-sharing.entity';
import { MdfAllocation, MdfClaim, MdfRequest } from '../mdf/mdf.entity';
import { OnboardingChecklistItem, PartnerStatusChange } from '../onboarding/onboarding.entity';
import { PartnerUser } from '../partner-users/partner-user.entity';
import { Partner } from '../partners/partner.entity';
import { DealRegistration } from '../registrations/registration.entity';
import { PartnerTierChange, PartnerTierFlag } from '../scorecards/tier.entity';
import { Certification, Enrolment } from '../training/training.entity';
import { partnerAccess } from './partner-access.service';

/** Rule name of the CRM deals a partner may read (its claim set, as `partnerAccess` gives the CRM). */
export const CRM_DEAL = 'CrmDeal';

/** Rows whose partner column(s) hold the caller's own partner id. */
const ownPartner = (...properties: string[]): ScopeRule => ({
  properties,
  values: async (ctx: RequestContext) => [ctx.identity.partnerId!],
});

/**
 * Every PRM table a partner user can reach, and how it is scoped: by its partner column. Tables
 * not listed (courses, commission plans, tier rules, MDF budgets, distribution rules) are the
 * same for every partner. A new partner-visible table gets one line here.
 */
export const PRM_SCOPE = new ScopeRegistry([
  [Partner, ownPartner('id')],
  [PartnerUser, ownPartner('partnerId')],
  [ApiKey, ownPartner('partnerId')],
  [DealRegistration, ownPartner('partnerId')],
  [DealAttribution, ownPartner('partnerId')],
  [LeadAttribution, ownPartner('assignedPartnerId', 'referredByPartnerId')],
  [LeadOffer, ownPartner('partnerId')],
  [LeadOfferEvent, ownPartner('partnerId')],
  [LeadReferral, ownPartner('partnerId')],
  [MdfAllocation, ownPartner('partnerId')],
  [MdfRequest, ownPartner('partnerId')],
  [MdfClaim, ownPartner('partnerId')],
  [Enrolment, ownPartner('partnerId')],
  [Certification, ownPartner('partnerId')],
  [CommissionPayout, ownPartner('partnerId')],
  [OnboardingChecklistItem, ownPartner('partnerId')],
  [PartnerStatusChange, ownPartner('partnerId')],
  [PartnerTierFlag, ownPartner('partnerId')],
  [PartnerTierChange, ownPartner('partnerId')],
  // CRM deals (read from the CRM for aggregates): the ones the CRM lets the partner read.
  [
    { name: CRM_DEAL },
    {
      properties: ['id'],
      values: async (ctx) => (await partnerAccess(ctx, ctx.identity.partnerId!)).dealIds,
    },
  ],
]);
