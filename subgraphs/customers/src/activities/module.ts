import { ALL, READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { activitiesScale } from '../seed/scale.steps';
import { seedActivities } from './activities.seed';
import { Activity } from './activity.entity';
import { ActivityResolver, CustomerActivityResolver } from './activity.resolver';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Activity: true;
  }
}

/** Activities (calls, emails, meetings, notes) on customers and deals. */
export default defineModule({
  name: 'activities',
  entities: [Activity],
  resolvers: [ActivityResolver, CustomerActivityResolver],
  permissions: {
    Activity: {
      ADMIN: ALL,
      SALES: WRITE,
      MARKETING: READ,
      SUPPORT: READ,
      CHANNEL_MANAGER: READ,
      ANALYST: READ,
    },
  },
  seeds: [{ order: 20, after: ['baseline'], run: seedActivities }],
  scale: [activitiesScale],
});
