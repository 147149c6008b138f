import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { authorize } from '../../../../shared/src/auth/permissions';
import type { RequestContext } from '../../../../shared/src/context';
import { Customer } from '../customers/customer.entity';
import { getCustomer } from '../customers/customer.service';
import { Contact } from './contact.entity';
import { CreateContactInput } from './contact.input';
import { createContact } from './contact.service';

@Resolver(() => Contact)
export class ContactResolver {
  @Mutation(() => Contact)
  async createContact(
    @Arg('input', () => CreateContactInput) input: CreateContactInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Contact> {
    authorize(ctx.identity, 'create', 'Contact');
    return createContact(ctx, input);
  }

  @FieldResolver(() => Customer)
  async customer(@Root() contact: Contact, @Ctx() ctx: RequestContext): Promise<Customer> {
    authorize(ctx.identity, 'read', 'Customer');
    return getCustomer(ctx, contact.customerId);
  }
}
