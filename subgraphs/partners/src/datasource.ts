import { databaseUrlFor } from '../../../shared/src/config';
import { createDataSource } from '../../../shared/src/db/datasource';
import { DealAttribution, LeadAttribution } from './attribution/attribution.entity';
import { PrmCore1764230500000 } from './migrations/1764230500000-PrmCore';
import { PrmAuditLog1764231000000 } from './migrations/1764231000000-PrmAuditLog';
import { PrmApiKeys1764231100000 } from './migrations/1764231100000-PrmApiKeys';
import { ApiKey } from './api-keys/api-key.entity';
import { PrmOnboardingTrainingRegistrations1764230700000 } from './migrations/1764230700000-PrmOnboardingTrainingRegistrations';
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
    ],
    migrations: [
      PrmCore1764230500000,
      PrmOnboardingTrainingRegistrations1764230700000,
      PrmAuditLog1764231000000,
      PrmApiKeys1764231100000,
    ],
  });
}
