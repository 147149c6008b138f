import type { EntityManager } from 'typeorm';
import { isProduction } from '@sales-graph/shared/config';
import {
  assertId,
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ServiceUnavailableError,
} from '@sales-graph/shared/errors';
import type { ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { Connection, ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { parseEndpointUrl } from '@sales-graph/shared/webhooks/rules';
import { generateSecret, secretKey } from '@sales-graph/shared/webhooks/signature';
import {
  allowedHostsFromEnv,
  RefusedTargetError,
  resolveTarget,
  type TargetPolicy,
} from '@sales-graph/shared/webhooks/ssrf';
import type { PartnersContext } from '../context.type';
import { assertPartnerAdmin } from '../partner-users';
import { getPartner } from '../partners';
import { prmFeedHead } from './feed-source';
import { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from './webhook.entity';
import { WEBHOOK_DELIVERY_LIST, WEBHOOK_ENDPOINT_LIST } from './webhook.filter';
import type { RegisterWebhookEndpointInput, UpdateWebhookEndpointInput } from './webhook.input';
import { checkEventTypes, CRM_EVENT_PREFIX, crmFeedTypes } from './webhook.rules';

/**
 * For an endpoint subscribed to CRM types: the CRM's answer whether its partner may read them (the
 * CRM owns those grants; BAD_USER_INPUT if not) and the CRM feed's head, where its CRM cursor
 * starts. Null when it has no CRM type. The CRM not answering is SERVICE_UNAVAILABLE.
 */
async function crmCursorStart(
  ctx: PartnersContext,
  eventTypes: readonly string[],
  partnerId: string | null,
): Promise<string | null> {
  const types = crmFeedTypes(eventTypes);
  if (types.length === 0) return null;
  if (!ctx.crm.webhookChanges) throw new ServiceUnavailableError('CRM events are not available here');
  const partnerStatus = partnerId ? (await getPartner(ctx, partnerId)).status : null;
  const answer = await ctx.crm.webhookChanges({ after: '0', types, limit: 0, partnerId, partnerStatus });
  if (answer.denied.length > 0)
    throw new BadUserInputError(
      `A partner's endpoint cannot receive ${answer.denied.map((type) => `${CRM_EVENT_PREFIX}${type}`).join(', ')} events`,
      'eventTypes',
    );
  return answer.through ?? '0';
}

/** https only in production, or wherever WEBHOOK_REQUIRE_HTTPS=true. */
const requireHttps = () => isProduction() || process.env.WEBHOOK_REQUIRE_HTTPS === 'true';

/** Tests resolve names their own way; the allow-list is WEBHOOK_ALLOWED_HOSTS. */
let targetPolicy: () => TargetPolicy = () => ({ allowedHosts: allowedHostsFromEnv() });
export const setWebhookTargetPolicy = (policy: () => TargetPolicy) => {
  targetPolicy = policy;
};

/** The URL, checked: well-formed, https where required, and to a public address (or an allowed one). */
async function checkUrl(text: string): Promise<string> {
  const url = parseEndpointUrl(text, requireHttps());
  try {
    await resolveTarget(url.hostname, targetPolicy());
  } catch (error) {
    if (error instanceof RefusedTargetError)
      throw new BadUserInputError(`url refused: ${error.message}`, 'url');
    throw error;
  }
  return url.toString();
}

/** The partner a new endpoint is for: a partner admin's own; ADMIN's choice (null = every record). */
async function ownerPartner(
  ctx: PartnersContext,
  requested: string | null | undefined,
): Promise<string | null> {
  if (ctx.identity.role === 'PARTNER') {
    if (requested && requested !== ctx.identity.partnerId)
      throw new ForbiddenError("A partner user may only register endpoints for its own partner's records");
    return ctx.identity.partnerId!;
  }
  if (!requested) return null;
  return (await getPartner(ctx, assertId('Partner', requested))).id;
}

const endpoints = (ctx: PartnersContext) => ctx.dataSource.getRepository(WebhookEndpoint);

/** Registers an endpoint; its cursor starts at the feed's head (it receives what happens from now). */
export async function registerWebhookEndpoint(
  ctx: PartnersContext,
  input: RegisterWebhookEndpointInput,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  await assertPartnerAdmin(ctx);
  const partnerId = await ownerPartner(ctx, input.partnerId);
  const eventTypes = checkEventTypes(input.eventTypes ?? [], partnerId !== null);
  const url = await checkUrl(input.url);
  if (input.secret != null && !secretKey(input.secret))
    throw new BadUserInputError('secret must be whsec_ followed by the base64 of 24 to 64 bytes', 'secret');
  const secret = input.secret ?? generateSecret();
  const crmCursor = await crmCursorStart(ctx, eventTypes, partnerId);
  const endpoint = await ctx.dataSource.transaction(async (manager) => {
    const saved = await manager.save(
      manager.create(WebhookEndpoint, {
        url,
        eventTypes,
        partnerId,
        active: true,
        cursorPosition: await prmFeedHead(manager),
        crmCursorPosition: crmCursor ?? '0',
        createdBy: ctx.identity.sub,
      }),
    );
    // The secret is written beside the entity (no entity maps it): never in an audit entry.
    await manager.query(`UPDATE prm.webhook_endpoints SET signing_secret = $2 WHERE id = $1`, [
      saved.id,
      secret,
    ]);
    return saved;
  });
  return { endpoint, secret };
}

/** ADMIN's every endpoint; a partner admin's its partner's. */
export async function listWebhookEndpoints(
  ctx: PartnersContext,
  args: ConnectionArgs,
  list: ListQueryArgs = {},
): Promise<Connection<WebhookEndpoint>> {
  await assertPartnerAdmin(ctx);
  const repo = endpoints(ctx);
  return listPage(ctx, repo, repo.createQueryBuilder('endpoint'), WEBHOOK_ENDPOINT_LIST, args, list);
}

/** One endpoint the caller may administer, locked for a change (another partner's reads as missing). */
async function lockEndpoint(
  ctx: PartnersContext,
  manager: EntityManager,
  id: string,
): Promise<WebhookEndpoint> {
  const endpointId = assertId('WebhookEndpoint', id);
  const endpoint = await manager.findOne(WebhookEndpoint, {
    where: { id: endpointId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!endpoint || !(await ctx.scope.allows(WebhookEndpoint, endpoint)))
    throw new NotFoundError('WebhookEndpoint', id);
  return endpoint;
}

export async function webhookEndpoint(ctx: PartnersContext, id: string): Promise<WebhookEndpoint> {
  await assertPartnerAdmin(ctx);
  const endpointId = assertId('WebhookEndpoint', id);
  const endpoint = await (
    await ctx.scope.query(endpoints(ctx), 'endpoint')
  )
    .andWhere('endpoint.id = :id', { id: endpointId })
    .getOne();
  if (!endpoint) throw new NotFoundError('WebhookEndpoint', id);
  return endpoint;
}

export async function updateWebhookEndpoint(
  ctx: PartnersContext,
  id: string,
  input: UpdateWebhookEndpointInput,
): Promise<WebhookEndpoint> {
  await assertPartnerAdmin(ctx);
  const url = input.url != null ? await checkUrl(input.url) : undefined;
  // New event types are checked, and the CRM asked for its feed's head, before the endpoint is
  // locked: no transaction (nor a second pooled connection inside one) waits on the CRM. The
  // endpoint's partner does not change after registration.
  let types: { eventTypes: string[]; crmCursor: string | null } | undefined;
  if (input.eventTypes != null) {
    const { partnerId } = await webhookEndpoint(ctx, id);
    const eventTypes = checkEventTypes(input.eventTypes, partnerId !== null);
    types = { eventTypes, crmCursor: await crmCursorStart(ctx, eventTypes, partnerId) };
  }
  return ctx.dataSource.transaction(async (manager) => {
    const endpoint = await lockEndpoint(ctx, manager, id);
    if (url !== undefined) endpoint.url = url;
    if (types) {
      // First CRM types: its CRM cursor starts at the head (what happens from now, as at registration).
      if (types.crmCursor !== null && crmFeedTypes(endpoint.eventTypes).length === 0)
        endpoint.crmCursorPosition = types.crmCursor;
      endpoint.eventTypes = types.eventTypes;
    }
    if (input.active === false) endpoint.active = false;
    if (input.active === true && !endpoint.active) {
      endpoint.active = true;
      endpoint.disabledReason = null;
      endpoint.disabledAt = null;
      endpoint.failingSince = null;
      endpoint.consecutiveDeadLetters = 0;
    }
    return manager.save(endpoint);
  });
}

/** Deletes an endpoint (soft: its delivery log stays for ADMIN's audit); nothing is sent to it again. */
export async function deleteWebhookEndpoint(ctx: PartnersContext, id: string): Promise<WebhookEndpoint> {
  await assertPartnerAdmin(ctx);
  return ctx.dataSource.transaction(async (manager) => {
    const endpoint = await lockEndpoint(ctx, manager, id);
    endpoint.active = false;
    await manager.save(endpoint);
    await manager.softRemove(endpoint);
    return endpoint;
  });
}

/** An endpoint's delivery log, in feed order. */
export async function listWebhookDeliveries(
  ctx: PartnersContext,
  endpointId: string,
  args: ConnectionArgs,
  list: ListQueryArgs = {},
): Promise<Connection<WebhookDelivery>> {
  const endpoint = await webhookEndpoint(ctx, endpointId);
  const repo = ctx.dataSource.getRepository(WebhookDelivery);
  const qb = repo
    .createQueryBuilder('delivery')
    .andWhere('delivery.endpointId = :endpointId', { endpointId: endpoint.id });
  return listPage(ctx, repo, qb, WEBHOOK_DELIVERY_LIST, args, list);
}

/** Sends a dead letter again: pending at once with a fresh schedule, under the same webhook-id. */
export async function replayWebhookDelivery(ctx: PartnersContext, id: string): Promise<WebhookDelivery> {
  await assertPartnerAdmin(ctx);
  const deliveryId = assertId('WebhookDelivery', id);
  return ctx.dataSource.transaction(async (manager) => {
    const delivery = await manager.findOne(WebhookDelivery, {
      where: { id: deliveryId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!delivery || !(await ctx.scope.allows(WebhookDelivery, delivery)))
      throw new NotFoundError('WebhookDelivery', id);
    const endpoint = await manager.findOne(WebhookEndpoint, { where: { id: delivery.endpointId } });
    if (!endpoint) throw new NotFoundError('WebhookDelivery', id);
    if (delivery.status !== WebhookDeliveryStatus.DEAD)
      throw new ConflictError(`Only a dead-lettered delivery is replayed; this one is ${delivery.status}`);
    delivery.status = WebhookDeliveryStatus.PENDING;
    delivery.attempts = 0;
    delivery.nextAttemptAt = new Date();
    delivery.deadAt = null;
    return manager.save(delivery);
  });
}
