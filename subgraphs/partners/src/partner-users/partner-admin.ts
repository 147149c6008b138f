import type { RequestContext } from '@sales-graph/shared/context';
import { isUuid } from '@sales-graph/shared/errors';
import { PartnerUser } from './partner-user.entity';
import { assertActivePartnerAdmin } from './partner-user.rules';

/**
 * The PartnerUser a PARTNER identity acts as, or null (any other role, an API key, an unknown
 * subject). A PARTNER token's `sub` is the PartnerUser.id (a uuid, stable when the email
 * changes; `npm run token -- --role PARTNER --partner <partner id> --sub <partner user id>`).
 * A user of another partner than the token names reads as null. Read through the request-scoped
 * loader: one lookup per request however many checks ask.
 */
export async function callerPartnerUser(ctx: RequestContext): Promise<PartnerUser | null> {
  const { role, sub, partnerId } = ctx.identity;
  if (role !== 'PARTNER' || !isUuid(sub)) return null;
  const user = await ctx.loaders.byId(ctx.dataSource.getRepository(PartnerUser)).load(sub);
  return user && user.partnerId === partnerId ? user : null;
}

/**
 * For partner-administrative actions: a PARTNER identity must be an ACTIVE ADMIN user of its
 * partner (else FORBIDDEN); internal roles are decided by the permission table alone. Which
 * partner's records the action may touch is still scoped by the caller (others are NOT_FOUND).
 */
export async function assertPartnerAdmin(ctx: RequestContext): Promise<void> {
  if (ctx.identity.role !== 'PARTNER') return;
  assertActivePartnerAdmin(await callerPartnerUser(ctx), ctx.identity.partnerId);
}
