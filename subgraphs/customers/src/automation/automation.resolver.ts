import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection, type SortKey } from '@sales-graph/shared/graphql/pagination';
import {
  AutomationAction,
  AutomationConditions,
  AutomationRule,
  AutomationRuleConnection,
  AutomationRun,
  AutomationRunConnection,
  AutomationTrigger,
} from './automation.entity';
import { AutomationRuleFilter, AutomationRuleOrder } from './automation.filter';
import { CreateAutomationRuleInput } from './automation.input';
import {
  automationRunRepo,
  createAutomationRule,
  getAutomationRule,
  listAutomationRules,
  setAutomationRuleEnabled,
} from './automation.service';

const NEWEST_FIRST: SortKey = { property: 'createdAt', direction: 'DESC' };

@Resolver(() => AutomationRule)
export class AutomationRuleResolver {
  @Query(() => AutomationRule, {
    description:
      'One automation rule by id (MARKETING, ANALYST and ADMIN). Null, with a NOT_FOUND error, when there is no such record or the caller may not see it: the field is nullable so that one failed read leaves the rest of the response intact.',
    nullable: true,
  })
  async automationRule(
    @Arg('id', () => ID, { description: "The rule's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<AutomationRule> {
    authorize(ctx.identity, 'read', 'AutomationRule');
    return getAutomationRule(ctx, id);
  }

  @Query(() => AutomationRuleConnection, {
    description:
      'Automation rules in creation (= evaluation) order unless `orderBy` says otherwise. Roles: MARKETING, ANALYST and ADMIN.',
  })
  async automationRules(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => AutomationRuleFilter, {
      description: 'Only rules meeting these conditions.',
      nullable: true,
    })
    filter: AutomationRuleFilter | undefined,
    @Arg('orderBy', () => AutomationRuleOrder, {
      description: 'The order of the list; creation order when omitted.',
      nullable: true,
    })
    orderBy: OrderByValue | undefined,
    @Arg('search', () => String, { nullable: true, description: 'Name contains this, ignoring case.' })
    search: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<AutomationRule>> {
    authorize(ctx.identity, 'read', 'AutomationRule');
    return listAutomationRules(ctx, args, { filter, orderBy, search });
  }

  @Mutation(() => AutomationRule, {
    description:
      'Creates a rule: a trigger, optional conditions (lead source, region) and one action. Roles: MARKETING and ADMIN.',
  })
  async createAutomationRule(
    @Arg('input', () => CreateAutomationRuleInput, { description: 'The new rule.' })
    input: CreateAutomationRuleInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AutomationRule> {
    authorize(ctx.identity, 'create', 'AutomationRule');
    return createAutomationRule(ctx, input);
  }

  @Mutation(() => AutomationRule, {
    description: 'Turns an automation rule on or off (MARKETING and ADMIN).',
  })
  async setAutomationRuleEnabled(
    @Arg('id', () => ID, { description: 'The automation rule.' }) id: string,
    @Arg('enabled', () => Boolean, { description: 'true to let the rule fire, false to stop it.' })
    enabled: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<AutomationRule> {
    authorize(ctx.identity, 'update', 'AutomationRule');
    return setAutomationRuleEnabled(ctx, id, enabled);
  }

  @FieldResolver(() => AutomationTrigger, { description: 'The event that fires the rule.' })
  trigger(@Root() rule: AutomationRule): AutomationTrigger {
    return { type: rule.triggerType, threshold: rule.threshold, toStage: rule.toStage };
  }

  @FieldResolver(() => AutomationConditions, { description: 'Which events the rule applies to.' })
  conditions(@Root() rule: AutomationRule): AutomationConditions {
    return { leadSource: rule.conditionLeadSource, region: rule.conditionRegion };
  }

  @FieldResolver(() => AutomationAction, { description: 'What the rule does.' })
  action(@Root() rule: AutomationRule): AutomationAction {
    return {
      type: rule.actionType,
      campaignId: rule.campaignId,
      ownerId: rule.ownerId,
      subject: rule.taskSubject,
      dueInDays: rule.taskDueInDays,
    };
  }

  @FieldResolver(() => AutomationRunConnection, { description: 'Times the rule fired, newest first.' })
  async runs(
    @Root() rule: AutomationRule,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<AutomationRun>> {
    authorize(ctx.identity, 'read', 'AutomationRule');
    return ctx.loaders.connection(automationRunRepo(ctx), 'ruleId', args, NEWEST_FIRST).load(rule.id);
  }
}
