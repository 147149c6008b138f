import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import type { Customer } from './customer.entity';
import { findCustomer } from './customer.service';

/** Batched through the request's loader; a customer the caller may not see resolves to null. */
export async function resolveCustomerReference(
  reference: Pick<Customer, 'id'>,
  ctx: RequestContext,
): Promise<Customer | null> {
  authorize(ctx.identity, 'read', 'Customer');
  return findCustomer(ctx, reference.id);
}
