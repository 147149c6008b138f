import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { isUuid } from '@sales-graph/shared/errors';
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
