import { authorize } from '../../../../shared/src/auth/permissions';
import type { RequestContext } from '../../../../shared/src/context';
import { isUuid } from '../../../../shared/src/errors';
import type { Partner } from './partner.entity';
import { findPartner } from './partner.service';

export async function resolvePartnerReference(
  reference: Pick<Partner, 'id'>,
  ctx: RequestContext,
): Promise<Partner | null> {
  authorize(ctx.identity, 'read', 'Partner');
  if (!isUuid(reference.id)) return null;
  return findPartner(ctx, reference.id.toLowerCase());
}
