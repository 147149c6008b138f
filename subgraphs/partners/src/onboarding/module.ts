import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { ownPartner } from '../access';
import { OnboardingChecklistItem, PartnerStatusChange } from './onboarding.entity';
import { PartnerOnboardingResolver } from './onboarding.resolver';
import { seedOnboarding } from './onboarding.seed';
import type { CrmDemoIds } from '../seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Onboarding: true;
    // An anonymous company applying to the partner program through the gateway (APPLICANT only).
    PartnerApplication: true;
  }
}

/** Partner applications, status changes and the onboarding checklist. */
export default defineModule<CrmDemoIds>({
  name: 'onboarding',
  entities: [PartnerStatusChange, OnboardingChecklistItem],
  resolvers: [PartnerOnboardingResolver],
  scope: [
    [OnboardingChecklistItem, ownPartner('partnerId')],
    [PartnerStatusChange, ownPartner('partnerId')],
  ],
  permissions: {
    Onboarding: { ADMIN: ALL, CHANNEL_MANAGER: ALL, ANALYST: READ, PARTNER: ['read', 'update'] },
    PartnerApplication: { APPLICANT: ['create'] },
  },
  seeds: [{ order: 20, after: ['baseline'], run: seedOnboarding }],
});
