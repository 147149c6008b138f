import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import type { Deal } from './deal.entity';
import { findDeal } from './deal.service';

/** Batched through the request's loader; a deal the caller may not see resolves to null. */
export async function resolveDealReference(
  reference: Pick<Deal, 'id'>,
  ctx: RequestContext,
): Promise<Deal | null> {
  authorize(ctx.identity, 'read', 'Deal');
  return findDeal(ctx, reference.id);
}
