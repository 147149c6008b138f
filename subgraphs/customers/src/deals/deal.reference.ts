import { authorize } from '../../../../shared/src/auth/permissions';
import type { RequestContext } from '../../../../shared/src/context';
import { isUuid } from '../../../../shared/src/errors';
import type { Deal } from './deal.entity';
import { dealRepo } from './deal.service';

export async function resolveDealReference(reference: Pick<Deal, 'id'>, ctx: RequestContext): Promise<Deal | null> {
  authorize(ctx.identity, 'read', 'Deal');
  if (!isUuid(reference.id)) return null;
  return ctx.loaders.byId(dealRepo(ctx)).load(reference.id.toLowerCase());
}
