import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { OrderByValue } from '@sales-graph/shared/graphql/filters';
import { ConnectionArgs, type Connection } from '@sales-graph/shared/graphql/pagination';
import type { PartnersContext } from '../context.type';
import {
  CreatedWebhookEndpoint,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookEndpoint,
  WebhookEndpointConnection,
} from './webhook.entity';
import {
  WebhookDeliveryFilter,
  WebhookDeliveryOrder,
  WebhookEndpointFilter,
  WebhookEndpointOrder,
} from './webhook.filter';
import { RegisterWebhookEndpointInput, UpdateWebhookEndpointInput } from './webhook.input';
import { webhookEventTypes } from './webhook.rules';
import {
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  registerWebhookEndpoint,
  replayWebhookDelivery,
  updateWebhookEndpoint,
} from './webhook.service';

@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  @Query(() => [String], {
    description:
      'The event types a webhook endpoint may subscribe to (<Type>.<OP>, or <Type>.* for every op).',
  })
  webhookEventTypes(@Ctx() ctx: PartnersContext): string[] {
    authorize(ctx.identity, 'read', 'WebhookEndpoint');
    return webhookEventTypes();
  }

  @Query(() => WebhookEndpointConnection, {
    description:
      "Webhook endpoints, in creation order: all for ADMIN, its own partner's for a partner admin.",
  })
  async webhookEndpoints(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => WebhookEndpointFilter, {
      nullable: true,
      description: 'Only endpoints meeting these conditions.',
    })
    filter: WebhookEndpointFilter | undefined,
    @Arg('orderBy', () => WebhookEndpointOrder, {
      nullable: true,
      description: 'The order of the list; creation order when omitted.',
    })
    orderBy: OrderByValue | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<WebhookEndpoint>> {
    authorize(ctx.identity, 'read', 'WebhookEndpoint');
    return listWebhookEndpoints(ctx, args, { filter, orderBy });
  }

  @Query(() => WebhookDeliveryConnection, {
    description:
      "One endpoint's delivery log, in event order: status, attempts, last error and response code.",
  })
  async webhookDeliveries(
    @Arg('endpointId', () => ID, { description: 'The endpoint.' }) endpointId: string,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => WebhookDeliveryFilter, {
      nullable: true,
      description: 'Only deliveries meeting these conditions.',
    })
    filter: WebhookDeliveryFilter | undefined,
    @Arg('orderBy', () => WebhookDeliveryOrder, {
      nullable: true,
      description: 'The order of the log; event (feed) order when omitted.',
    })
    orderBy: OrderByValue | undefined,
    @Ctx() ctx: PartnersContext,
  ): Promise<Connection<WebhookDelivery>> {
    authorize(ctx.identity, 'read', 'WebhookDelivery');
    return listWebhookDeliveries(ctx, endpointId, args, { filter, orderBy });
  }

  @Mutation(() => CreatedWebhookEndpoint, {
    description:
      'Registers a webhook endpoint; the signing secret is in the answer and never shown again. ADMIN, or a partner admin for its partner.',
  })
  async registerWebhookEndpoint(
    @Arg('input', () => RegisterWebhookEndpointInput, { description: 'The endpoint.' })
    input: RegisterWebhookEndpointInput,
    @Ctx() ctx: PartnersContext,
  ) {
    authorize(ctx.identity, 'create', 'WebhookEndpoint');
    return registerWebhookEndpoint(ctx, input);
  }

  @Mutation(() => WebhookEndpoint, { description: 'Changes, deactivates or reactivates a webhook endpoint.' })
  async updateWebhookEndpoint(
    @Arg('id', () => ID, { description: 'The endpoint.' }) id: string,
    @Arg('input', () => UpdateWebhookEndpointInput, { description: 'What changes.' })
    input: UpdateWebhookEndpointInput,
    @Ctx() ctx: PartnersContext,
  ): Promise<WebhookEndpoint> {
    authorize(ctx.identity, 'update', 'WebhookEndpoint');
    return updateWebhookEndpoint(ctx, id, input);
  }

  @Mutation(() => WebhookEndpoint, {
    description: 'Deletes a webhook endpoint: nothing is sent to it again.',
  })
  async deleteWebhookEndpoint(
    @Arg('id', () => ID, { description: 'The endpoint.' }) id: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<WebhookEndpoint> {
    authorize(ctx.identity, 'delete', 'WebhookEndpoint');
    return deleteWebhookEndpoint(ctx, id);
  }

  @Mutation(() => WebhookDelivery, {
    description: 'Sends a dead-lettered delivery again (same webhook-id, a fresh retry schedule).',
  })
  async replayWebhookDelivery(
    @Arg('id', () => ID, { description: 'The delivery.' }) id: string,
    @Ctx() ctx: PartnersContext,
  ): Promise<WebhookDelivery> {
    authorize(ctx.identity, 'update', 'WebhookDelivery');
    return replayWebhookDelivery(ctx, id);
  }
}
