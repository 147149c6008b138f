import { ALL, READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { ownPartner } from '../access';
import { seedRegistrationDeals } from './registration-deals.seed';
import { DealRegistration } from './registration.entity';
import { DealRegistrationResolver, PartnerRegistrationsResolver } from './registration.resolver';
import { DealRegistrationDealResolver } from './registration-deal.resolver';
import { ProspectAvailabilityResolver } from './prospect-availability.resolver';
import { PrmRegistrationEngagement1764233050000 } from './1764233050000-PrmRegistrationEngagement';
import { EngagementResolver } from './engagement.resolver';
import { PrmRegistrationProductLines1764233400002 } from './1764233400002-PrmRegistrationProductLines';
import { seedRegistrations } from './registrations.seed';
import type { CrmDemoIds } from '../seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    DealRegistration: true;
    DealRegistrationReview: true;
    // A partner asking whether a prospect is free to register (rate-limited, reveals no record).
    ProspectAvailability: true;
    // Rules of engagement: a partner's preview of whether a registration would be flagged.
    RegistrationConflictPreview: true;
    ChannelConflictAnalytics: true;
  }
}

/** Deal registrations, their review, their CRM deal and prospect availability. */
export default defineModule<CrmDemoIds>({
  name: 'registrations',
  entities: [DealRegistration],
  // A partner's recent availability checks (the rate limit of prospectAvailability).
  tables: ['prospect_checks'],
  migrations: [PrmRegistrationEngagement1764233050000, PrmRegistrationProductLines1764233400002],
  resolvers: [
    DealRegistrationResolver,
    PartnerRegistrationsResolver,
    DealRegistrationDealResolver,
    ProspectAvailabilityResolver,
    EngagementResolver,
  ],
  scope: [[DealRegistration, ownPartner('partnerId')]],
  permissions: {
    DealRegistration: { ADMIN: ALL, CHANNEL_MANAGER: ALL, ANALYST: READ, PARTNER: WRITE },
    DealRegistrationReview: { ADMIN: ALL, CHANNEL_MANAGER: ALL, ANALYST: READ },
    ProspectAvailability: { PARTNER: READ },
    RegistrationConflictPreview: { PARTNER: READ },
    ChannelConflictAnalytics: { ADMIN: READ, CHANNEL_MANAGER: READ, ANALYST: READ },
  },
  seeds: [
    { order: 50, after: ['baseline'], run: seedRegistrations },
    { order: 60, after: ['baseline'], run: seedRegistrationDeals },
  ],
});
