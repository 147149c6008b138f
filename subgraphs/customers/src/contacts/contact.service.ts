import type { RequestContext } from '../../../../shared/src/context';
import { optionalEmail, optionalPhone, optionalText, requiredText } from '../../../../shared/src/validation';
import { getCustomer } from '../customers/customer.service';
import { Contact } from './contact.entity';
import type { CreateContactInput } from './contact.input';

export async function createContact(ctx: RequestContext, input: CreateContactInput): Promise<Contact> {
  const values = {
    firstName: requiredText(input.firstName, 'firstName', 100),
    lastName: requiredText(input.lastName, 'lastName', 100),
    email: optionalEmail(input.email),
    phone: optionalPhone(input.phone),
    title: optionalText(input.title, 'title', 100),
  };
  const customer = await getCustomer(ctx, input.customerId);
  const repo = ctx.dataSource.getRepository(Contact);
  return repo.save(repo.create({ ...values, customerId: customer.id, createdBy: ctx.identity.sub }));
}
