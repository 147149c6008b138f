import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { authorize } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { Customer, findCustomer } from '../customers';
import { Contact } from './contact.entity';
import { CreateContactInput, UpdateContactInput } from './contact.input';
import { createContact, deleteContact, updateContact } from './contact.service';

@Resolver(() => Contact)
export class ContactResolver {
  @Mutation(() => Contact, {
    description: 'Adds a contact to a customer (SALES, MARKETING, SUPPORT and ADMIN).',
  })
  async createContact(
    @Arg('input', () => CreateContactInput, { description: 'The new contact.' }) input: CreateContactInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Contact> {
    authorize(ctx.identity, 'create', 'Contact');
    return createContact(ctx, input);
  }

  @Mutation(() => Contact, {
    description: 'Changes the given fields of a contact (SALES, MARKETING, SUPPORT and ADMIN).',
  })
  async updateContact(
    @Arg('id', () => ID, { description: 'The contact.' }) id: string,
    @Arg('input', () => UpdateContactInput, {
      description: 'The fields to change; omitted fields keep their value.',
    })
    input: UpdateContactInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Contact> {
    authorize(ctx.identity, 'update', 'Contact');
    return updateContact(ctx, id, input);
  }

  @Mutation(() => Contact, {
    description: 'Soft delete: the contact disappears from its customer. Roles: SALES and ADMIN.',
  })
  async deleteContact(
    @Arg('id', () => ID, { description: 'The contact.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Contact> {
    authorize(ctx.identity, 'delete', 'Contact');
    return deleteContact(ctx, id);
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'Null once the customer is deleted.' })
  async customer(@Root() contact: Contact, @Ctx() ctx: RequestContext): Promise<Customer | null> {
    authorize(ctx.identity, 'read', 'Customer');
    return findCustomer(ctx, contact.customerId);
  }
}
