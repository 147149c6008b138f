import { auditLogResolver } from '../../../shared/src/audit/audit.resolver';
import { buildFederatedSchema } from '../../../shared/src/subgraph';
import { PartnerAccessResolver } from './access/partner-access.resolver';
import { ApiKeyResolver } from './api-keys/api-key.resolver';
import { DealAttributionResolver, LeadAttributionResolver } from './attribution/attribution.resolver';
import { PartnerOnboardingResolver } from './onboarding/onboarding.resolver';
import { PartnerUsersResolver } from './partner-users/partner-user.resolver';
import { resolvePartnerReference } from './partners/partner.reference';
import { PartnerResolver } from './partners/partner.resolver';
import {
  DealRegistrationResolver,
  PartnerRegistrationsResolver,
} from './registrations/registration.resolver';
import {
  CertificationResolver,
  EnrolmentResolver,
  PartnerTrainingResolver,
} from './training/training.resolver';

/** Deal and Lead references carry only the id; their PRM fields load through loaders. */
const idReference = async (reference: { id: string }) => ({ id: reference.id.toLowerCase() });

export function buildPartnersSchema() {
  return buildFederatedSchema(
    {
      resolvers: [
        PartnerResolver,
        PartnerAccessResolver,
        ApiKeyResolver,
        auditLogResolver('prmAuditLog', 'Changes to PRM records, newest first (ADMIN only).'),
        DealAttributionResolver,
        LeadAttributionResolver,
        PartnerOnboardingResolver,
        PartnerUsersResolver,
        PartnerTrainingResolver,
        EnrolmentResolver,
        CertificationResolver,
        DealRegistrationResolver,
        PartnerRegistrationsResolver,
      ],
    },
    {
      Partner: { __resolveReference: resolvePartnerReference },
      Deal: { __resolveReference: idReference },
      Lead: { __resolveReference: idReference },
    },
  );
}
