import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import type { Lead } from './lead.entity';
import { findLead } from './lead.service';

/** Batched through the request's loader; a lead the caller may not see resolves to null. */
export async function resolveLeadReference(
  reference: Pick<Lead, 'id'>,
  ctx: RequestContext,
): Promise<Lead | null> {
  authorize(ctx.identity, 'read', 'Lead');
  return findLead(ctx, reference.id);
}
