import type { DataSource } from 'typeorm';
import { Subscriptions, wireSubscriptions } from '@sales-graph/shared/events/events';
import type { ActivityEvents } from './activities/activity.events';
import {
  automateDealStageChanged,
  automateLeadCreated,
  automateLeadScoreChanged,
} from './automation/automation.reactions';
import type { CampaignEvents } from './campaigns/campaign.events';
import { moveActivitiesOnMerge } from './activities/activity.reactions';
import { moveContactsOnMerge } from './contacts/contact.reactions';
import type { CustomerEvents } from './customers/customer.events';
import { moveOrdersOnMerge } from './orders/order.reactions';
import { moveTicketsOnMerge } from './tickets/ticket.reactions';
import { leaveCampaignsOnUnsubscribe } from './campaigns/campaign.reactions';
import type { DealEvents } from './deals/deal.events';
import { keepStageWithDeals, moveDealsOnMerge } from './deals/deal.reactions';
import type { PipelineEvents } from './pipelines/pipeline.events';
import type { LeadEvents } from './leads/lead.events';
import type { PreferenceEvents } from './preferences/preference.events';
import { moveLeadsOnMerge, rescoreLeadOnActivity } from './leads/lead.reactions';
import type { TicketEvents } from './tickets/ticket.events';

/** Every domain event of the CRM: each module declares its own in `<x>.events.ts`. */
export type CrmEvents = LeadEvents &
  DealEvents &
  ActivityEvents &
  TicketEvents &
  CampaignEvents &
  PreferenceEvents &
  PipelineEvents &
  CustomerEvents;

/**
 * The CRM's reactions across modules, in the order they run for one event. A new reaction is one
 * line here (its handler lives in the reacting module); webhooks and the change feed subscribe
 * here too (`onAny`, e.g. to enqueue every event to the outbox).
 */
export function crmSubscriptions(): Subscriptions<CrmEvents> {
  return (
    new Subscriptions<CrmEvents>()
      .on('LeadCreated', 'automation', automateLeadCreated)
      .on('LeadScoreChanged', 'automation', automateLeadScoreChanged)
      .on('DealStageChanged', 'automation', automateDealStageChanged)
      .on('ActivityLogged', 'leads.rescore', rescoreLeadOnActivity)
      .on('ContactUnsubscribed', 'campaigns.leave', leaveCampaignsOnUnsubscribe)
      .on('PipelineStageRemoving', 'deals.keep-stage', keepStageWithDeals)
      // A customer merge: each owner of rows pointing at a customer moves the duplicate's.
      .on('CustomersMerging', 'contacts.move', moveContactsOnMerge)
      .on('CustomersMerging', 'leads.move', moveLeadsOnMerge)
      .on('CustomersMerging', 'deals.move', moveDealsOnMerge)
      .on('CustomersMerging', 'activities.move', moveActivitiesOnMerge)
      .on('CustomersMerging', 'tickets.move', moveTicketsOnMerge)
      .on('CustomersMerging', 'orders.move', moveOrdersOnMerge)
  );
}

/** Wires the CRM's subscribers to the data source its services write through. */
export function wireCrmSubscriptions(dataSource: DataSource): void {
  wireSubscriptions(dataSource, crmSubscriptions());
}
