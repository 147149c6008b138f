import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { DataSource } from 'typeorm';
import { issueApiKey, sameHash } from '@sales-graph/shared/auth/api-key';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { assertId, isUuid, NotFoundError } from '@sales-graph/shared/errors';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { requiredText } from '@sales-graph/shared/validation';
import type { PartnersContext } from '../context.type';
import { assertPartnerAdmin } from '../partner-users';
import { getPartner, partnerStatusIn } from '../partners';
import { ApiKey } from './api-key.entity';
import { API_KEY_LIST } from './api-key.filter';
import type { CreateApiKeyInput } from './api-key.input';
import {
  assertMayGrantExport,
  isUsable,
  KEY_PARTNER_STATUSES,
  planApiKey,
  planExportScope,
} from './api-key.rules';

const repo = (ctx: PartnersContext) => ctx.dataSource.getRepository(ApiKey);

export async function createApiKey(
  ctx: PartnersContext,
  input: CreateApiKeyInput,
): Promise<{ apiKey: ApiKey; key: string }> {
  const name = requiredText(input.name, 'name');
  const plan = planApiKey(ctx.identity, input, new Date());
  const canExport = planExportScope(ctx.identity, input.canExport);
  await assertPartnerAdmin(ctx);
  if (plan.partnerId) await getPartner(ctx, plan.partnerId);
  const issued = issueApiKey();
  // In a transaction: the write's own look-up of the new id is no read for the caller.
  const apiKey = await ctx.dataSource.transaction((manager) =>
    manager.save(
      manager.create(ApiKey, {
        id: issued.id,
        name,
        ...plan,
        canExport,
        secretHash: issued.secretHash,
        prefix: issued.key.slice(0, 12),
        expiresAt: input.expiresAt ?? null,
        createdBy: ctx.identity.sub,
      }),
    ),
  );
  return { apiKey, key: issued.key };
}

/** ADMIN sees every key, a partner user its partner's keys (whatever partner its filter names). */
export async function listApiKeys(
  ctx: PartnersContext,
  args: ConnectionArgs,
  list: ListQueryArgs = {},
): Promise<Connection<ApiKey>> {
  const qb = repo(ctx).createQueryBuilder('key');
  return listPage(ctx, repo(ctx), qb, API_KEY_LIST, args, list);
}

export async function revokeApiKey(ctx: PartnersContext, id: string): Promise<ApiKey> {
  const keyId = assertId('ApiKey', id);
  await assertPartnerAdmin(ctx);
  return ctx.dataSource.transaction(async (manager) => {
    const key = await manager.findOne(ApiKey, {
      where: { id: keyId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!key || !(await ctx.scope.allows(ApiKey, key))) throw new NotFoundError('ApiKey', id);
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await manager.save(key);
    }
    return key;
  });
}

/**
 * Grants or withdraws a key's export scope (ADMIN only, checked by the resolver and again here).
 * A key's identity is cached by the gateway for API_KEY_CACHE_MS, so the change applies within it.
 */
export async function setApiKeyExportScope(
  ctx: PartnersContext,
  id: string,
  canExport: boolean,
): Promise<ApiKey> {
  const keyId = assertId('ApiKey', id);
  assertMayGrantExport(ctx.identity);
  return ctx.dataSource.transaction(async (manager) => {
    const key = await manager.findOne(ApiKey, { where: { id: keyId }, lock: { mode: 'pessimistic_write' } });
    if (!key) throw new NotFoundError('ApiKey', id);
    if (key.canExport !== canExport) {
      key.canExport = canExport;
      await manager.save(key);
    }
    return key;
  });
}

/** The identity a presented key acts as, or null if it is unknown, wrong, revoked or expired. */
export async function apiKeyIdentity(
  dataSource: DataSource,
  id: string,
  secretHash: string,
): Promise<Identity | null> {
  // A malformed id or hash is no key's: answered as unknown, never as an error.
  if (!isUuid(id) || !/^[0-9a-f]{64}$/.test(secretHash)) return null;
  const key = await dataSource.getRepository(ApiKey).findOne({ where: { id } });
  if (!key || !sameHash(key.secretHash, secretHash) || !isUsable(key, new Date())) return null;
  // A partner's integration stops working when the partner is suspended, terminated or rejected.
  if (key.partnerId) {
    const status = await partnerStatusIn(dataSource.manager, key.partnerId);
    if (!status || !KEY_PARTNER_STATUSES.has(status)) return null;
  }
  const sub = `apikey:${key.id}`;
  const scope = key.canExport ? { canExport: true } : {};
  return key.partnerId
    ? { sub, role: 'PARTNER', partnerId: key.partnerId, ...scope }
    : { sub, role: key.role as Identity['role'], ...scope };
}
