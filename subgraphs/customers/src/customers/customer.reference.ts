import { authorize } from '../../../../shared/src/auth/permissions';
import type { RequestContext } from '../../../../shared/src/context';
import { isUuid } from '../../../../shared/src/errors';
import type { Customer } from './customer.entity';
import { customerRepo } from './customer.service';

/** Batched through the request's loader: one statement for every Customer the gateway asks for. */
export async function resolveCustomerReference(
  reference: Pick<Customer, 'id'>,
  ctx: RequestContext,
): Promise<Customer | null> {
  authorize(ctx.identity, 'read', 'Customer');
  if (!isUuid(reference.id)) return null;
  return ctx.loaders.byId(customerRepo(ctx)).load(reference.id.toLowerCase());
}
