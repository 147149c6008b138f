import { ALL, READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { ownPartner } from '../access';
import { PartnerUser } from './partner-user.entity';
import { PartnerUsersResolver } from './partner-user.resolver';
import { seedPartnerUsers } from './partner-users.seed';
import type { CrmDemoIds } from '../seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    PartnerUser: true;
  }
}

/** A partner's users (invitations, roles, removal). */
export default defineModule<CrmDemoIds>({
  name: 'partner-users',
  entities: [PartnerUser],
  resolvers: [PartnerUsersResolver],
  scope: [[PartnerUser, ownPartner('partnerId')]],
  permissions: {
    PartnerUser: { ADMIN: ALL, CHANNEL_MANAGER: ALL, ANALYST: READ, PARTNER: WRITE },
  },
  seeds: [{ order: 30, after: ['baseline'], run: seedPartnerUsers }],
});
