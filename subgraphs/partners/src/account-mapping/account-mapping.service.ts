import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import type { PartnersContext } from '../context.type';
import { BadUserInputError, NotFoundError, RateLimitedError, assertId } from '@sales-graph/shared/errors';
import { logger } from '@sales-graph/shared/log';
import { assertPartnerAdmin } from '../partner-users';
import { getPartner } from '../partners';
import {
  AccountMapping,
  AccountMappingHash,
  AccountMappingUpload,
  type AccountOverlap,
} from './account-mapping.entity';
import {
  MAX_HASHES_PER_PARTNER,
  MIN_HASHES,
  UPLOADS_PER_DAY,
  parseHashes,
  summariseOverlap,
  uploadRetryAfter,
} from './account-mapping.rules';
import { DAY_MS } from '@sales-graph/shared/time';

const log = logger('partners');

const hashRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(AccountMappingHash);
const uploadRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(AccountMappingUpload);

/**
 * The partner whose mapping the caller reads: a partner user or key its own (another partner's
 * id is NOT_FOUND, so ids cannot be probed); an internal role the one it names.
 */
async function mappingPartnerId(ctx: RequestContext, partnerId: string | null | undefined): Promise<string> {
  const own = ctx.identity.role === 'PARTNER' ? ctx.identity.partnerId! : null;
  if (partnerId === null || partnerId === undefined) {
    if (own) return own;
    throw new BadUserInputError('partnerId is required', 'partnerId');
  }
  const id = assertId('Partner', partnerId);
  if (own && own !== id) throw new NotFoundError('Partner', partnerId);
  return (await getPartner(ctx, id)).id;
}

/** The mapping's size, last upload and uploads in the 24 hours before `now`, read through the row scope. */
async function mappingState(ctx: RequestContext, partnerId: string, now: Date): Promise<AccountMapping> {
  const hashes = await (
    await ctx.scope.query(hashRepo(ctx), 'h')
  )
    .andWhere('h.partnerId = :partnerId', { partnerId })
    .getCount();
  const uploads = await (
    await ctx.scope.query(uploadRepo(ctx), 'u')
  )
    .select('max(u.uploadedAt)', 'last')
    .addSelect('count(*) FILTER (WHERE u.uploadedAt > :since)::int', 'recent')
    .andWhere('u.partnerId = :partnerId', { partnerId, since: new Date(now.getTime() - DAY_MS) })
    .getRawOne<{ last: Date | null; recent: number }>();
  return {
    partnerId,
    hashCount: hashes,
    lastUploadedAt: uploads?.last ? new Date(uploads.last) : null,
    uploadsToday: uploads?.recent ?? 0,
    uploadsPerDay: UPLOADS_PER_DAY,
  };
}

/** `accountMapping(partnerId)`: the caller's own partner's mapping, or (internal roles) the named one's. */
export async function getAccountMapping(
  ctx: RequestContext,
  partnerId: string | null | undefined,
  now: Date = new Date(),
): Promise<AccountMapping> {
  return mappingState(ctx, await mappingPartnerId(ctx, partnerId), now);
}

/**
 * A partner uploads hashes of its accounts' normalised domains (`replace`: instead of those it
 * had). Only the partner itself (an active admin user, or its API key), at most UPLOADS_PER_DAY
 * times in any 24 hours and MAX_HASHES_PER_PARTNER in all; every upload is logged (who, when,
 * how many). All or nothing: a refused upload writes no row.
 */
export async function uploadAccountMapping(
  ctx: RequestContext,
  hashes: readonly string[],
  replace: boolean,
  now: Date = new Date(),
): Promise<AccountMapping> {
  const partnerId = ctx.identity.partnerId!;
  // A partner user must be its partner's active admin; an API key is the partner's own integration.
  if (!ctx.identity.sub.startsWith('apikey:')) await assertPartnerAdmin(ctx);
  const batch = parseHashes(hashes);
  await ctx.dataSource.transaction(async (manager: EntityManager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('prm.account-mapping:' || $1))`, [partnerId]);
    const recent: { uploaded_at: Date }[] = await manager.query(
      `SELECT uploaded_at FROM prm.account_mapping_uploads WHERE partner_id = $1 AND uploaded_at > $2`,
      [partnerId, new Date(now.getTime() - DAY_MS)],
    );
    const retryAfter = uploadRetryAfter(
      recent.map((r) => new Date(r.uploaded_at)),
      now,
    );
    if (retryAfter > 0) throw new RateLimitedError(retryAfter);
    if (replace)
      await manager.query(`DELETE FROM prm.account_mapping_hashes WHERE partner_id = $1`, [partnerId]);
    await manager.query(
      `INSERT INTO prm.account_mapping_hashes (partner_id, hash, created_at)
       SELECT $1, h, $3 FROM unnest($2::text[]) AS h ON CONFLICT DO NOTHING`,
      [partnerId, batch, now],
    );
    const [{ total }]: { total: number }[] = await manager.query(
      `SELECT count(*)::int AS total FROM prm.account_mapping_hashes WHERE partner_id = $1`,
      [partnerId],
    );
    if (total > MAX_HASHES_PER_PARTNER) {
      throw new BadUserInputError(
        `A mapping holds at most ${MAX_HASHES_PER_PARTNER} hashes (this upload would make ${total}); upload with replace`,
        'hashes',
      );
    }
    await manager.save(
      manager.create(AccountMappingUpload, {
        partnerId,
        uploadedBy: ctx.identity.sub,
        uploadedAt: now,
        hashes: batch.length,
        replaced: replace,
        total,
      }),
    );
  });
  log.info('account mapping uploaded', { partnerId, hashes: batch.length, replace });
  return mappingState(ctx, partnerId, now);
}

/**
 * The overlap of a mapping with the CRM's customers (the CRM matches, `accountOverlap`; what the
 * caller may see of it is `summariseOverlap`): exact for internal roles, coarse for the partner.
 * Null when the CRM does not answer (a partial answer).
 */
export async function accountOverlap(
  ctx: PartnersContext,
  mapping: AccountMapping,
): Promise<AccountOverlap | null> {
  const rows = await (
    await ctx.scope.query(hashRepo(ctx), 'h')
  )
    .select('h.hash', 'hash')
    .andWhere('h.partnerId = :partnerId', { partnerId: mapping.partnerId })
    .orderBy('h.hash')
    .getRawMany<{ hash: string }>();
  const exact = ctx.identity.role !== 'PARTNER';
  const hashes = rows.map((r) => r.hash);
  // Below the minimum a partner learns nothing, so the CRM is not even asked.
  if (hashes.length === 0 || (!exact && hashes.length < MIN_HASHES) || !ctx.crm.accountOverlap) {
    return summariseOverlap([], mapping.partnerId, hashes.length, exact);
  }
  try {
    return summariseOverlap(await ctx.crm.accountOverlap(hashes), mapping.partnerId, hashes.length, exact);
  } catch (error) {
    log.warn('account overlap: the CRM did not answer', error);
    return null;
  }
}

/**
 * Of these partners, those whose mapping holds this account's domain hash (lead distribution
 * ranks them first): one indexed read.
 */
export async function partnersMappingAccount(
  manager: EntityManager,
  domainHash: string | null | undefined,
): Promise<Set<string>> {
  if (!domainHash) return new Set();
  const rows: { partner_id: string }[] = await manager.query(
    `SELECT partner_id FROM prm.account_mapping_hashes WHERE hash = $1`,
    [domainHash],
  );
  return new Set(rows.map((r) => r.partner_id));
}
