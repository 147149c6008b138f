import { authorize } from '../../../../shared/src/auth/permissions';
import type { RequestContext } from '../../../../shared/src/context';
import { isUuid } from '../../../../shared/src/errors';
import type { Lead } from './lead.entity';
import { leadRepo } from './lead.service';

export async function resolveLeadReference(
  reference: Pick<Lead, 'id'>,
  ctx: RequestContext,
): Promise<Lead | null> {
  authorize(ctx.identity, 'read', 'Lead');
  if (!isUuid(reference.id)) return null;
  return ctx.loaders.byId(leadRepo(ctx)).load(reference.id.toLowerCase());
}
