import { ALL, READ, WRITE } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { AutomationRule, AutomationRun } from './automation.entity';
import { AutomationRuleResolver } from './automation.resolver';
import { seedAutomationRules } from './automation.seed';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    AutomationRule: true;
  }
}

/** Marketing automation rules and their runs (in the trigger's transaction). */
export default defineModule({
  name: 'automation',
  entities: [AutomationRule, AutomationRun],
  resolvers: [AutomationRuleResolver],
  permissions: {
    AutomationRule: { ADMIN: ALL, MARKETING: WRITE, ANALYST: READ },
  },
  seeds: [{ order: 80, after: ['baseline', 'campaigns'], run: seedAutomationRules }],
});
