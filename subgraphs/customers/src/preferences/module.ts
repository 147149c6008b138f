import { ALL, READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { ContactPreference } from './preference.entity';
import { ContactPreferenceResolver, ContactPreferencesResolver } from './preference.resolver';
import { seedPreferences } from './preferences.seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    ContactPreference: true;
  }
}

/** A contact's consent and channel preferences. */
export default defineModule({
  name: 'preferences',
  entities: [ContactPreference],
  resolvers: [ContactPreferenceResolver, ContactPreferencesResolver],
  permissions: {
    ContactPreference: { ADMIN: ALL, SALES: WRITE, MARKETING: WRITE, ANALYST: READ },
  },
  seeds: [{ order: 60, after: ['baseline'], run: seedPreferences }],
});
