import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { ownPartner } from '../access';
import { Certification, Course, Enrolment } from './training.entity';
import { CertificationResolver, EnrolmentResolver, PartnerTrainingResolver } from './training.resolver';
import { seedTraining } from './training.seed';
import type { CrmDemoIds } from '../seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Course: true;
    Training: true;
  }
}

/** Courses, enrolments and certifications. */
export default defineModule<CrmDemoIds>({
  name: 'training',
  entities: [Course, Enrolment, Certification],
  resolvers: [PartnerTrainingResolver, EnrolmentResolver, CertificationResolver],
  scope: [
    [Enrolment, ownPartner('partnerId')],
    [Certification, ownPartner('partnerId')],
  ],
  permissions: {
    Course: { ADMIN: ALL, CHANNEL_MANAGER: ALL, ANALYST: READ, PARTNER: READ },
    Training: { ADMIN: ALL, CHANNEL_MANAGER: ALL, ANALYST: READ, PARTNER: ['read', 'create'] },
  },
  seeds: [{ order: 40, after: ['baseline', 'partner-users'], run: seedTraining }],
});
