import type { RequestContext } from '../../../../shared/src/context';
import { isUuid, NotFoundError } from '../../../../shared/src/errors';
import { visible } from '../access/partner-scope';
import { normaliseDomain, optionalText, requiredText } from '../../../../shared/src/validation';
import { Customer, LifecycleStage } from './customer.entity';
import type { CreateCustomerInput } from './customer.input';

export const customerRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Customer);

/** The customer with this id if it exists and the caller may see it; reads through the request's loader. */
export async function findCustomer(ctx: RequestContext, id: string): Promise<Customer | null> {
  if (!isUuid(id) || !(await visible(ctx, 'Customer', id.toLowerCase()))) return null;
  return ctx.loaders.byId(customerRepo(ctx)).load(id.toLowerCase());
}

/** The customer with this id, or NOT_FOUND (also when the caller may not see it, so ids cannot be probed). */
export async function getCustomer(ctx: RequestContext, id: string): Promise<Customer> {
  const customer = await findCustomer(ctx, id);
  if (!customer) throw new NotFoundError('Customer', id);
  return customer;
}

export async function createCustomer(ctx: RequestContext, input: CreateCustomerInput): Promise<Customer> {
  const customer = customerRepo(ctx).create({
    name: requiredText(input.name, 'name'),
    domain: normaliseDomain(input.domain),
    industry: optionalText(input.industry, 'industry', 100),
    region: optionalText(input.region, 'region', 100),
    lifecycleStage: input.lifecycleStage ?? LifecycleStage.PROSPECT,
    createdBy: ctx.identity.sub,
  });
  return customerRepo(ctx).save(customer);
}
