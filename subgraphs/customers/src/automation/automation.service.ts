import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import { AppError, assertId, BadUserInputError, NotFoundError } from '@sales-graph/shared/errors';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { ActivityType, insertActivity } from '../activities';
import { ENROLLABLE, enrolMembers, getCampaign, lockCampaign, type EnrolmentTargets } from '../campaigns';
import { contactsOfCustomerIn } from '../contacts';
import { customerIn } from '../customers';
import type { Deal, DealStage } from '../deals';
import { leadIn, storedLeadScore, type Lead } from '../leads';
import {
  AutomationActionType,
  AutomationOutcome,
  AutomationRule,
  AutomationRun,
  AutomationTriggerType,
} from './automation.entity';
import { AUTOMATION_RULE_SEARCH, AutomationRuleFilter } from './automation.filter';
import type { CreateAutomationRuleInput } from './automation.input';
import { planRuleConfig, ruleMatches, type RuleFacts } from './automation.rules';
import { DAY_MS } from '@sales-graph/shared/time';

export const automationRuleRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(AutomationRule);
export const automationRunRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(AutomationRun);

/** Something that happened to a lead or a deal, inside the transaction that made it happen. */
export type AutomationEvent =
  | { trigger: AutomationTriggerType.LEAD_CREATED; lead: Lead }
  /** `score`: the score crossed to, if not the lead's current one (a new lead's initial score). */
  | { trigger: AutomationTriggerType.LEAD_SCORE_CROSSED; lead: Lead; previousScore: number; score?: number }
  | {
      trigger: AutomationTriggerType.DEAL_STAGE_CHANGED;
      deal: Deal;
      fromStage: DealStage;
      toStage: DealStage;
    };

/** Who rules act for: the request's caller (a RequestContext will do). */
export interface AutomationContext {
  identity: { sub: string };
}

interface ActionResult {
  outcome: AutomationOutcome;
  detail: string;
}

/** What the rules are matched against: the trigger's own facts plus the lead source and region. */
async function factsOf(
  manager: EntityManager,
  event: AutomationEvent,
  rules: AutomationRule[],
): Promise<RuleFacts> {
  const needsRegion = rules.some((rule) => rule.conditionRegion);
  const customerRegion = async (customerId: string | null) =>
    needsRegion && customerId ? ((await customerIn(manager, customerId))?.region ?? null) : null;
  if (event.trigger === AutomationTriggerType.DEAL_STAGE_CHANGED) {
    const { deal } = event;
    const needsSource = rules.some((rule) => rule.conditionLeadSource);
    const lead = needsSource && deal.leadId ? await leadIn(manager, deal.leadId) : null;
    return {
      trigger: event.trigger,
      toStage: event.toStage,
      leadSource: lead?.source ?? null,
      region: await customerRegion(deal.customerId),
    };
  }
  const { lead } = event;
  return {
    trigger: event.trigger,
    previousScore:
      event.trigger === AutomationTriggerType.LEAD_SCORE_CROSSED ? event.previousScore : undefined,
    score:
      (event.trigger === AutomationTriggerType.LEAD_SCORE_CROSSED ? event.score : undefined) ?? lead.score,
    leadSource: lead.source,
    region: lead.region ?? (await customerRegion(lead.customerId)),
  };
}

async function enrol(
  manager: EntityManager,
  rule: AutomationRule,
  event: AutomationEvent,
): Promise<ActionResult> {
  const campaign = await lockCampaign(manager, rule.campaignId!);
  let targets: EnrolmentTargets;
  if (event.trigger === AutomationTriggerType.DEAL_STAGE_CHANGED) {
    const contacts = await contactsOfCustomerIn(manager, event.deal.customerId);
    targets = { contactIds: contacts.map((c) => c.id), leadIds: [] };
  } else {
    targets = { contactIds: [], leadIds: [event.lead.id] };
  }
  if (targets.contactIds.length === 0 && targets.leadIds.length === 0) {
    return { outcome: AutomationOutcome.SKIPPED, detail: 'the customer has no contacts to enrol' };
  }
  const result = await enrolMembers(manager, `automation:${rule.id}`, campaign, targets);
  const parts = [
    result.enrolled.length ? `enrolled ${result.enrolled.length} in "${campaign.name}"` : null,
    result.alreadyEnrolled.length ? `${result.alreadyEnrolled.length} already a member` : null,
    ...result.skipped.map((skip) => `${skip.contactId ?? skip.leadId} skipped: ${skip.message}`),
  ].filter(Boolean);
  return {
    outcome: result.enrolled.length ? AutomationOutcome.APPLIED : AutomationOutcome.SKIPPED,
    detail: parts.join('; '),
  };
}

async function apply(
  manager: EntityManager,
  ctx: AutomationContext,
  rule: AutomationRule,
  event: AutomationEvent,
): Promise<ActionResult> {
  const record = event.trigger === AutomationTriggerType.DEAL_STAGE_CHANGED ? event.deal : event.lead;
  const kind = event.trigger === AutomationTriggerType.DEAL_STAGE_CHANGED ? 'deal' : 'lead';
  switch (rule.actionType) {
    case AutomationActionType.ENROL_IN_CAMPAIGN:
      return enrol(manager, rule, event);
    case AutomationActionType.ASSIGN_OWNER:
      record.ownerId = rule.ownerId;
      await manager.save(record);
      return { outcome: AutomationOutcome.APPLIED, detail: `${kind} assigned to ${rule.ownerId}` };
    case AutomationActionType.CREATE_TASK: {
      if (!record.customerId) {
        return { outcome: AutomationOutcome.SKIPPED, detail: 'the lead has no customer to attach a task to' };
      }
      const now = new Date();
      // Logged like any activity: a task on a lead is engagement, so ActivityLogged rescores the
      // lead (which may fire score rules in turn; each fires at most once, as the score only
      // rises here).
      const task = await insertActivity(
        manager,
        {
          type: ActivityType.TASK,
          subject: rule.taskSubject!,
          body: `Created by automation rule "${rule.name}"`,
          occurredAt: now,
          dueAt: new Date(now.getTime() + (rule.taskDueInDays ?? 1) * DAY_MS),
          completedAt: null,
          ownerId: record.ownerId ?? ctx.identity.sub,
          customerId: record.customerId,
          contactId: null,
          leadId: kind === 'lead' ? record.id : ((record as Deal).leadId ?? null),
          dealId: kind === 'deal' ? record.id : null,
        },
        `automation:${rule.id}`,
      );
      // The next rule's save of this lead must not write back the score from before.
      if (kind === 'lead' && task.leadId) {
        (record as Lead).score = await storedLeadScore(manager, record.id);
      }
      return { outcome: AutomationOutcome.APPLIED, detail: `task ${task.id} created` };
    }
  }
}

/**
 * Runs the enabled rules for an event in the caller's transaction (`manager`), oldest rule first,
 * so the trigger and its actions commit together: none is lost, none half-applied. Every rule that
 * fires leaves an AutomationRun. A failing action fails the whole transaction with a CONFLICT that
 * names the rule.
 */
export async function runAutomations(
  manager: EntityManager,
  ctx: AutomationContext,
  event: AutomationEvent,
): Promise<AutomationRun[]> {
  const rules = await manager.find(AutomationRule, {
    where: { enabled: true, triggerType: event.trigger },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  if (rules.length === 0) return [];
  const facts = await factsOf(manager, event, rules);
  const runs: AutomationRun[] = [];
  for (const rule of rules.filter((r) => ruleMatches(r, facts))) {
    let result: ActionResult;
    try {
      result = await apply(manager, ctx, rule, event);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw new AppError(
        'CONFLICT',
        `Automation rule "${rule.name}" (${rule.actionType}) failed, nothing was saved: ${error.message}`,
        { ruleId: rule.id, cause: error.extensions.code },
      );
    }
    runs.push(
      await manager.save(
        manager.create(AutomationRun, {
          ruleId: rule.id,
          event: event.trigger,
          leadId:
            event.trigger === AutomationTriggerType.DEAL_STAGE_CHANGED ? event.deal.leadId : event.lead.id,
          dealId: event.trigger === AutomationTriggerType.DEAL_STAGE_CHANGED ? event.deal.id : null,
          outcome: result.outcome,
          detail: result.detail,
          createdBy: ctx.identity.sub,
        }),
      ),
    );
  }
  return runs;
}

export async function getAutomationRule(ctx: RequestContext, id: string): Promise<AutomationRule> {
  const rule = await ctx.loaders.byId(automationRuleRepo(ctx)).load(assertId('AutomationRule', id));
  if (!rule) throw new NotFoundError('AutomationRule', id);
  return rule;
}

export async function createAutomationRule(
  ctx: RequestContext,
  input: CreateAutomationRuleInput,
): Promise<AutomationRule> {
  const config = planRuleConfig(input);
  if (config.campaignId) {
    const campaign = await getCampaign(ctx, config.campaignId);
    if (!ENROLLABLE.includes(campaign.status)) {
      throw new BadUserInputError(
        `Campaign "${campaign.name}" is ${campaign.status}; a rule can only enrol in DRAFT or ACTIVE campaigns`,
        'action.campaignId',
      );
    }
    config.campaignId = campaign.id;
  }
  const repo = automationRuleRepo(ctx);
  return repo.save(repo.create({ ...config, createdBy: ctx.identity.sub }));
}

export async function setAutomationRuleEnabled(
  ctx: RequestContext,
  id: string,
  enabled: boolean,
): Promise<AutomationRule> {
  const ruleId = assertId('AutomationRule', id);
  return ctx.dataSource.transaction(async (manager) => {
    const rule = await manager.findOne(AutomationRule, {
      where: { id: ruleId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!rule) throw new NotFoundError('AutomationRule', id);
    rule.enabled = enabled;
    return manager.save(rule);
  });
}

/** `automationRules(filter, orderBy, search)`: one page, in creation (= evaluation) order by default. */
export async function listAutomationRules(
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<AutomationRule>> {
  const repo = automationRuleRepo(ctx);
  const qb = repo.createQueryBuilder('rule');
  const spec = {
    typeName: 'AutomationRule',
    filterType: AutomationRuleFilter,
    searchIn: AUTOMATION_RULE_SEARCH,
  };
  return listPage(ctx, repo, qb, spec, args, query);
}
