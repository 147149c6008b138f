import { Arg, Ctx, Directive, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { Deal } from '../deals';
import { currentRequest, runAsActor } from '@sales-graph/shared/http';
import { ProspectInput } from '../customers';
import { PartnerSourcedDealInput, ProspectOpenDeals } from './partner-deal.input';
import { createPartnerSourcedDeal, openDealsForProspects } from './partner-deal.service';
import {
  cachedPartnerDealAggregates,
  PartnerDealAggregate,
  PartnerDealAggregatesInput,
} from './partner-deal-facts';
import {
  applyAttributionChanges,
  PartnerAttributionChangeInput,
  PartnerAttributionSnapshot,
  partnerAttributionSnapshot,
} from './partner-attributions';

/**
 * The PRM's deal-registration calls into the CRM. SERVICE only, and `@inaccessible`: they are not
 * part of the public graph (the gateway neither shows nor routes them).
 */
@Resolver()
export class PartnerSourcedDealResolver {
  @Directive('@inaccessible')
  @Mutation(() => Deal, {
    description:
      'Creates (or, for a known externalRef, returns) the deal of an approved deal registration. Roles: SERVICE only (one subgraph calling another).',
  })
  async createPartnerSourcedDeal(
    @Arg('input', () => PartnerSourcedDealInput, { description: 'The deal to create.' })
    input: PartnerSourcedDealInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Deal> {
    authorize(ctx.identity, 'create', 'PartnerSourcedDeal');
    return createPartnerSourcedDeal(ctx, input);
  }

  @Directive('@inaccessible')
  @Query(() => [ProspectOpenDeals], {
    description:
      'Open deals of the customers matching each prospect (normalised domain or name). Roles: SERVICE only (one subgraph calling another).',
  })
  async openDealsForProspects(
    @Arg('prospects', () => [ProspectInput], { description: 'The prospects to look up.' })
    prospects: ProspectInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<ProspectOpenDeals[]> {
    authorize(ctx.identity, 'read', 'PartnerSourcedDeal');
    return openDealsForProspects(ctx, prospects);
  }

  @Directive('@inaccessible')
  @Query(() => [PartnerDealAggregate], {
    description:
      'Sums and counts of the deals each partner slot sourced or influenced, per period and currency, in one statement. Roles: SERVICE only (one subgraph calling another).',
  })
  async partnerDealAggregates(
    @Arg('input', () => PartnerDealAggregatesInput, { description: 'The slots, their ids and the periods.' })
    input: PartnerDealAggregatesInput,
    @Ctx() ctx: RequestContext,
  ): Promise<PartnerDealAggregate[]> {
    authorize(ctx.identity, 'read', 'PartnerSourcedDeal');
    return cachedPartnerDealAggregates(ctx, input);
  }

  @Directive('@inaccessible')
  @Mutation(() => Int, {
    description:
      "Applies changes of the PRM's attributions to the CRM's projection, idempotently: each (record, role) keeps its highest version. Answers how many rows changed. Roles: SERVICE only (the PRM's outbox and backfill).",
  })
  async applyPartnerAttributions(
    @Arg('changes', () => [PartnerAttributionChangeInput], { description: 'The changes, any order.' })
    changes: PartnerAttributionChangeInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<number> {
    authorize(ctx.identity, 'create', 'PartnerSourcedDeal');
    // The PRM outbox's delivery, over HTTP: background work no client request waits for (statement
    // counts of requests leave it out, as they leave out the dispatcher's own).
    return runAsActor(
      { ...(currentRequest() ?? { requestId: 'partner-attributions' }), background: true },
      () => applyAttributionChanges(ctx.dataSource, changes),
    );
  }

  @Directive('@inaccessible')
  @Query(() => PartnerAttributionSnapshot, {
    description:
      "The CRM's projection of these records' attributions, and its total of attributed rows (the PRM's reconciliation). Roles: SERVICE only.",
  })
  async partnerAttributionSnapshot(
    @Arg('recordIds', () => [ID], { description: 'Deals and leads to read.' }) recordIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<PartnerAttributionSnapshot> {
    authorize(ctx.identity, 'read', 'PartnerSourcedDeal');
    return partnerAttributionSnapshot(ctx, recordIds);
  }
}
