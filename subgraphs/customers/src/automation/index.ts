export {
  AutomationActionType,
  AutomationOutcome,
  AutomationRule,
  AutomationRun,
  AutomationTriggerType,
} from './automation.entity';
export { createAutomationRule, getAutomationRule, setAutomationRuleEnabled } from './automation.service';
