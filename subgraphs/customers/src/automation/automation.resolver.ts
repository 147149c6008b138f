import {
  Arg,
  Args,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { authorize } from '../../../../shared/src/auth/permissions';
import type { RequestContext } from '../../../../shared/src/context';
import {
  ConnectionArgs,
  paginate,
  type Connection,
  type SortKey,
} from '../../../../shared/src/graphql/pagination';
import {
  AutomationAction,
  AutomationConditions,
  AutomationRule,
  AutomationRuleConnection,
  AutomationRun,
  AutomationRunConnection,
  AutomationTrigger,
  AutomationTriggerType,
} from './automation.entity';
import { CreateAutomationRuleInput } from './automation.input';
import {
  automationRuleRepo,
  automationRunRepo,
  createAutomationRule,
  getAutomationRule,
  setAutomationRuleEnabled,
} from './automation.service';

@InputType()
export class AutomationRuleFilter {
  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;

  @Field(() => AutomationTriggerType, { nullable: true })
  trigger?: AutomationTriggerType | null;
}

const NEWEST_FIRST: SortKey = { property: 'createdAt', direction: 'DESC' };

@Resolver(() => AutomationRule)
export class AutomationRuleResolver {
  @Query(() => AutomationRule, { nullable: true })
  async automationRule(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<AutomationRule> {
    authorize(ctx.identity, 'read', 'AutomationRule');
    return getAutomationRule(ctx, id);
  }

  @Query(() => AutomationRuleConnection, {
    description: 'Automation rules in creation (= evaluation) order.',
  })
  async automationRules(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => AutomationRuleFilter, { nullable: true }) filter: AutomationRuleFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<AutomationRule>> {
    authorize(ctx.identity, 'read', 'AutomationRule');
    const repo = automationRuleRepo(ctx);
    const qb = repo.createQueryBuilder('rule');
    if (filter?.enabled != null) qb.andWhere('rule.enabled = :enabled', { enabled: filter.enabled });
    if (filter?.trigger) qb.andWhere('rule.trigger_type = :trigger', { trigger: filter.trigger });
    return paginate(repo, await ctx.scope.where(qb), args);
  }

  @Mutation(() => AutomationRule, {
    description: 'Creates a rule: a trigger, optional conditions (lead source, region) and one action.',
  })
  async createAutomationRule(
    @Arg('input', () => CreateAutomationRuleInput) input: CreateAutomationRuleInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AutomationRule> {
    authorize(ctx.identity, 'create', 'AutomationRule');
    return createAutomationRule(ctx, input);
  }

  @Mutation(() => AutomationRule)
  async setAutomationRuleEnabled(
    @Arg('id', () => ID) id: string,
    @Arg('enabled', () => Boolean) enabled: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<AutomationRule> {
    authorize(ctx.identity, 'update', 'AutomationRule');
    return setAutomationRuleEnabled(ctx, id, enabled);
  }

  @FieldResolver(() => AutomationTrigger)
  trigger(@Root() rule: AutomationRule): AutomationTrigger {
    return { type: rule.triggerType, threshold: rule.threshold, toStage: rule.toStage };
  }

  @FieldResolver(() => AutomationConditions)
  conditions(@Root() rule: AutomationRule): AutomationConditions {
    return { leadSource: rule.conditionLeadSource, region: rule.conditionRegion };
  }

  @FieldResolver(() => AutomationAction)
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
