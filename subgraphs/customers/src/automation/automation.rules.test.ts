import { DealStage } from '../deals';
import { LeadSource } from '../leads';
import { AutomationActionType as A, AutomationTriggerType as T } from './automation.entity';
import type { CreateAutomationRuleInput } from './automation.input';
import { crossedUpwards, planRuleConfig, ruleMatches, type RuleFacts } from './automation.rules';

const CAMPAIGN = '00000000-0000-4000-8000-000000000001';
const input = (overrides: Partial<CreateAutomationRuleInput> = {}): CreateAutomationRuleInput => ({
  name: 'Route web leads',
  trigger: { type: T.LEAD_CREATED },
  action: { type: A.ASSIGN_OWNER, ownerId: 'user:sales-1' },
  ...overrides,
});

describe('planRuleConfig', () => {
  it('stores each trigger and action with exactly its own settings', () => {
    expect(
      planRuleConfig(
        input({
          trigger: { type: T.LEAD_SCORE_CROSSED, threshold: 60 },
          conditions: { leadSource: LeadSource.WEB, region: ' EMEA ' },
          action: { type: A.CREATE_TASK, subject: 'Call back' },
        }),
      ),
    ).toEqual({
      name: 'Route web leads',
      enabled: true,
      triggerType: T.LEAD_SCORE_CROSSED,
      threshold: 60,
      toStage: null,
      conditionLeadSource: LeadSource.WEB,
      conditionRegion: 'EMEA',
      actionType: A.CREATE_TASK,
      campaignId: null,
      ownerId: null,
      taskSubject: 'Call back',
      taskDueInDays: 1,
    });
    const enrol = planRuleConfig(
      input({
        enabled: false,
        trigger: { type: T.DEAL_STAGE_CHANGED, toStage: DealStage.CLOSED_WON },
        action: { type: A.ENROL_IN_CAMPAIGN, campaignId: CAMPAIGN },
      }),
    );
    expect(enrol).toMatchObject({ enabled: false, toStage: DealStage.CLOSED_WON, campaignId: CAMPAIGN });
  });

  it('requires each kind’s own settings', () => {
    expect(() => planRuleConfig(input({ trigger: { type: T.LEAD_SCORE_CROSSED } }))).toThrow(
      'LEAD_SCORE_CROSSED needs a threshold',
    );
    expect(() => planRuleConfig(input({ trigger: { type: T.DEAL_STAGE_CHANGED } }))).toThrow(
      'DEAL_STAGE_CHANGED needs toStage',
    );
    expect(() => planRuleConfig(input({ action: { type: A.ENROL_IN_CAMPAIGN } }))).toThrow(
      'ENROL_IN_CAMPAIGN needs a campaignId',
    );
    expect(() => planRuleConfig(input({ action: { type: A.ASSIGN_OWNER, ownerId: '  ' } }))).toThrow(
      'ASSIGN_OWNER needs an ownerId',
    );
    expect(() => planRuleConfig(input({ action: { type: A.CREATE_TASK } }))).toThrow(
      'CREATE_TASK needs a subject',
    );
    expect(() => planRuleConfig(input({ name: ' ' }))).toThrow('name must not be empty');
  });

  it('refuses settings meant for another kind, and out-of-range values', () => {
    expect(() => planRuleConfig(input({ trigger: { type: T.LEAD_CREATED, threshold: 50 } }))).toThrow(
      'trigger.threshold applies only to LEAD_SCORE_CROSSED',
    );
    expect(() =>
      planRuleConfig(
        input({ trigger: { type: T.LEAD_SCORE_CROSSED, threshold: 50, toStage: DealStage.PROPOSAL } }),
      ),
    ).toThrow('trigger.toStage applies only to DEAL_STAGE_CHANGED');
    expect(() =>
      planRuleConfig(input({ action: { type: A.ASSIGN_OWNER, ownerId: 'u', campaignId: CAMPAIGN } })),
    ).toThrow('action.campaignId applies only to ENROL_IN_CAMPAIGN');
    expect(() => planRuleConfig(input({ trigger: { type: T.LEAD_SCORE_CROSSED, threshold: 0 } }))).toThrow(
      'trigger.threshold must be an integer from 1 to 100',
    );
    expect(() =>
      planRuleConfig(input({ action: { type: A.CREATE_TASK, subject: 'x', dueInDays: 400 } })),
    ).toThrow('action.dueInDays must be an integer from 0 to 365');
  });
});

describe('ruleMatches', () => {
  const rule = {
    enabled: true,
    triggerType: T.LEAD_SCORE_CROSSED,
    threshold: 60,
    toStage: null,
    conditionLeadSource: null,
    conditionRegion: null,
  };
  const facts = (overrides: Partial<RuleFacts> = {}): RuleFacts => ({
    trigger: T.LEAD_SCORE_CROSSED,
    previousScore: 40,
    score: 70,
    leadSource: LeadSource.WEB,
    region: 'EMEA',
    ...overrides,
  });

  it('fires a score rule only when the score crosses the threshold upwards', () => {
    expect(crossedUpwards(59, 60, 60)).toBe(true);
    expect(crossedUpwards(60, 80, 60)).toBe(false);
    expect(crossedUpwards(70, 50, 60)).toBe(false);
    expect(ruleMatches(rule, facts())).toBe(true);
    expect(ruleMatches(rule, facts({ previousScore: 65 }))).toBe(false);
    expect(ruleMatches(rule, facts({ score: 59 }))).toBe(false);
    expect(ruleMatches(rule, facts({ previousScore: 80, score: 20 }))).toBe(false);
  });

  it('matches the trigger, the stage, and being enabled', () => {
    expect(ruleMatches({ ...rule, enabled: false }, facts())).toBe(false);
    expect(ruleMatches(rule, facts({ trigger: T.LEAD_CREATED }))).toBe(false);
    const stageRule = {
      ...rule,
      triggerType: T.DEAL_STAGE_CHANGED,
      threshold: null,
      toStage: DealStage.CLOSED_WON,
    };
    expect(
      ruleMatches(stageRule, facts({ trigger: T.DEAL_STAGE_CHANGED, toStage: DealStage.CLOSED_WON })),
    ).toBe(true);
    expect(
      ruleMatches(stageRule, facts({ trigger: T.DEAL_STAGE_CHANGED, toStage: DealStage.PROPOSAL })),
    ).toBe(false);
  });

  it('applies the conditions: source exactly, region case-insensitively, unknown never matches', () => {
    const created = { ...rule, triggerType: T.LEAD_CREATED, threshold: null };
    const createdFacts = facts({ trigger: T.LEAD_CREATED });
    expect(ruleMatches({ ...created, conditionLeadSource: LeadSource.WEB }, createdFacts)).toBe(true);
    expect(ruleMatches({ ...created, conditionLeadSource: LeadSource.EVENT }, createdFacts)).toBe(false);
    expect(ruleMatches({ ...created, conditionRegion: 'emea' }, createdFacts)).toBe(true);
    expect(ruleMatches({ ...created, conditionRegion: 'NA' }, createdFacts)).toBe(false);
    expect(ruleMatches({ ...created, conditionRegion: 'EMEA' }, { ...createdFacts, region: null })).toBe(
      false,
    );
  });
});
