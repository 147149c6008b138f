import type { DataSource } from 'typeorm';
import type { PartnerMembership, PartnerStatusName } from '@sales-graph/shared/auth/identity';
import { MembershipCheck, type MembershipCheckOptions } from '@sales-graph/shared/auth/membership';
import { isUuid } from '@sales-graph/shared/errors';
import { isUsable, KEY_PARTNER_STATUSES } from '../api-keys';
import { PartnerUserStatus } from '../partner-users';

const API_KEY_SUB = /^apikey:(.+)$/;

/**
 * What a PARTNER identity is in the PRM's own tables, in one statement: a user token's `sub` is a
 * PartnerUser id (ACTIVE or INVITED, of the partner the token names); an API key's is
 * `apikey:<key id>` (a usable PARTNER key of that partner, whose partner may use keys). Null for
 * anything else: unknown, removed, another partner's, revoked, expired.
 */
export async function lookUpMembership(
  dataSource: DataSource,
  sub: string,
  partnerId: string,
): Promise<PartnerMembership | null> {
  const keyId = API_KEY_SUB.exec(sub)?.[1];
  if (keyId !== undefined) {
    if (!isUuid(keyId)) return null;
    const [key] = await dataSource.query(
      `SELECT k.role, k.partner_id, k.revoked_at, k.expires_at, k.deleted_at, p.status AS partner_status
       FROM prm.api_keys k JOIN prm.partners p ON p.id = k.partner_id AND p.deleted_at IS NULL
       WHERE k.id = $1`,
      [keyId],
    );
    if (!key || key.role !== 'PARTNER' || key.partner_id !== partnerId) return null;
    const usable = isUsable(
      { revokedAt: key.revoked_at, expiresAt: key.expires_at, deletedAt: key.deleted_at },
      new Date(),
    );
    if (!usable || !KEY_PARTNER_STATUSES.has(key.partner_status)) return null;
    return { partnerStatus: key.partner_status as PartnerStatusName, member: 'ACTIVE' };
  }
  if (!isUuid(sub)) return null;
  const [user] = await dataSource.query(
    `SELECT u.status, p.status AS partner_status
     FROM prm.partner_users u JOIN prm.partners p ON p.id = u.partner_id AND p.deleted_at IS NULL
     WHERE u.id = $1 AND u.partner_id = $2 AND u.deleted_at IS NULL`,
    [sub, partnerId],
  );
  if (!user || (user.status !== PartnerUserStatus.ACTIVE && user.status !== PartnerUserStatus.INVITED)) {
    return null;
  }
  return {
    partnerStatus: user.partner_status as PartnerStatusName,
    member: user.status === PartnerUserStatus.ACTIVE ? 'ACTIVE' : 'INVITED',
  };
}

/** The PRM's membership check over its own tables. */
export const prmMembershipCheck = (dataSource: DataSource, options: MembershipCheckOptions = {}) =>
  new MembershipCheck((sub, partnerId) => lookUpMembership(dataSource, sub, partnerId), options);
