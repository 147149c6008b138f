import { registerEnumType } from 'type-graphql';
import {
  DateTimeFilter,
  enumFilter,
  FilterField,
  FilterInput,
  IdFilter,
  orderByInput,
  StringFilter,
} from '@sales-graph/shared/graphql/filters';
import { AutomationActionType, AutomationTriggerType } from './automation.entity';

export const AutomationTriggerTypeFilter = enumFilter('AutomationTriggerType', AutomationTriggerType);
export const AutomationActionTypeFilter = enumFilter('AutomationActionType', AutomationActionType);

@FilterInput({
  description:
    'Conditions on automation rules, all of which must hold (the older `enabled` and `trigger` shorthands too), combined with `and`, `or` and `not`.',
})
export class AutomationRuleFilter {
  @FilterField(() => Boolean, {
    op: 'eq',
    description: 'Only enabled (true) or disabled (false) rules.',
  })
  enabled?: boolean | null;
  @FilterField(() => AutomationTriggerType, {
    property: 'triggerType',
    op: 'eq',
    description: 'Only rules fired by this event.',
  })
  trigger?: AutomationTriggerType | null;
  @FilterField(() => IdFilter) id?: IdFilter;
  @FilterField(() => StringFilter) name?: StringFilter;
  @FilterField(() => AutomationTriggerTypeFilter, { property: 'triggerType' }) triggerIs?: InstanceType<
    typeof AutomationTriggerTypeFilter
  >;
  @FilterField(() => AutomationActionTypeFilter, { property: 'actionType' }) actionIs?: InstanceType<
    typeof AutomationActionTypeFilter
  >;
  @FilterField(() => DateTimeFilter) createdAt?: DateTimeFilter;
  @FilterField(() => DateTimeFilter, { description: 'Incremental sync: with orderBy UPDATED_AT.' })
  updatedAt?: DateTimeFilter;
}

export enum AutomationRuleOrderField {
  NAME = 'name',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(AutomationRuleOrderField, {
  name: 'AutomationRuleOrderField',
  description: 'What a list of automation rules can be ordered by.',
  valuesConfig: {
    NAME: { description: 'The rule name.' },
    CREATED_AT: { description: 'When the rule was created (its evaluation order).' },
    UPDATED_AT: { description: 'When the rule last changed (for incremental sync).' },
  },
});
export const AutomationRuleOrder = orderByInput('AutomationRule', AutomationRuleOrderField);

/** What `automationRules(search:)` looks in. */
export const AUTOMATION_RULE_SEARCH = ['name'];
