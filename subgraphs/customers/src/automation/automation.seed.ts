import type { EntityManager } from 'typeorm';
import type { DemoRandom } from '@sales-graph/shared/demo/random';
import { Campaign, CampaignStatus } from '../campaigns';
import { DealStage } from '../deals';
import { LeadSource } from '../leads';
import { AutomationActionType, AutomationRule, AutomationTriggerType } from './automation.entity';

/**
 * The routing and nurture rules a marketing team starts with: EMEA web leads to one owner, web
 * leads into the running nurture campaign, hot leads get a call, won customers get a kick-off.
 * (They act on what happens from now on; the demo history itself was not produced by them.)
 */
export async function seedAutomationRules(manager: EntityManager, _rng: DemoRandom): Promise<void> {
  const nurture = await manager.findOneBy(Campaign, {
    name: 'Autumn nurture',
    status: CampaignStatus.ACTIVE,
  });
  const none = { threshold: null, toStage: null, conditionLeadSource: null, conditionRegion: null };
  const noAction = { campaignId: null, ownerId: null, taskSubject: null, taskDueInDays: null };
  const rules = [
    {
      ...none,
      ...noAction,
      name: 'EMEA web leads to the EMEA team lead',
      triggerType: AutomationTriggerType.LEAD_CREATED,
      conditionLeadSource: LeadSource.WEB,
      conditionRegion: 'EMEA',
      actionType: AutomationActionType.ASSIGN_OWNER,
      ownerId: 'user:sales-emea-lead',
    },
    ...(nurture
      ? [
          {
            ...none,
            ...noAction,
            name: 'Web leads into the nurture campaign',
            triggerType: AutomationTriggerType.LEAD_CREATED,
            conditionLeadSource: LeadSource.WEB,
            actionType: AutomationActionType.ENROL_IN_CAMPAIGN,
            campaignId: nurture.id,
          },
        ]
      : []),
    {
      ...none,
      ...noAction,
      name: 'Hot leads get a call within a day',
      triggerType: AutomationTriggerType.LEAD_SCORE_CROSSED,
      threshold: 70,
      actionType: AutomationActionType.CREATE_TASK,
      taskSubject: 'Call the lead: score passed 70',
      taskDueInDays: 1,
    },
    {
      ...none,
      ...noAction,
      name: 'Kick-off call for won deals',
      triggerType: AutomationTriggerType.DEAL_STAGE_CHANGED,
      toStage: DealStage.CLOSED_WON,
      actionType: AutomationActionType.CREATE_TASK,
      taskSubject: 'Schedule the onboarding kick-off',
      taskDueInDays: 3,
    },
  ];
  for (const rule of rules) {
    await manager.save(manager.create(AutomationRule, { ...rule, enabled: true, createdBy: 'seed' }));
  }
}
