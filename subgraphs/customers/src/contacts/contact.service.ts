import { In, type EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import { assertId, ConflictError, isUuid, NotFoundError } from '@sales-graph/shared/errors';
import type { Connection, ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { getCustomer, lockLiveCustomer } from '../customers';
import { optionalEmail, optionalPhone, optionalText, requiredText } from '@sales-graph/shared/validation';
import { Contact } from './contact.entity';
import type { CreateContactInput, UpdateContactInput } from './contact.input';
import { contactRoles } from './contact.rules';

const contactRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Contact);

/** The contact if it exists and the caller may see it; reads through the request's loader. */
export async function findContact(ctx: RequestContext, id: string): Promise<Contact | null> {
  if (!isUuid(id)) return null;
  return ctx.loaders.byId(contactRepo(ctx)).load(id.toLowerCase());
}

/** A customer's contacts, a page of them (batched across customers). */
export function contactsOfCustomer(
  ctx: RequestContext,
  customerId: string,
  args: ConnectionArgs,
): Promise<Connection<Contact>> {
  return ctx.loaders.connection(contactRepo(ctx), 'customerId', args).load(customerId);
}

/** The contact if it exists and the caller may see it (else NOT_FOUND). */
export async function getContact(ctx: RequestContext, id: string): Promise<Contact> {
  const contact = await ctx.loaders.byId(contactRepo(ctx)).load(assertId('Contact', id));
  if (!contact) throw new NotFoundError('Contact', id);
  return contact;
}

/** Validated values of a new contact (throws BAD_USER_INPUT before anything is written). */
export function newContactValues(input: Omit<CreateContactInput, 'customerId'>) {
  return {
    firstName: requiredText(input.firstName, 'firstName', 100),
    lastName: requiredText(input.lastName, 'lastName', 100),
    email: optionalEmail(input.email),
    phone: optionalPhone(input.phone),
    title: optionalText(input.title, 'title', 100),
    roles: contactRoles(input.roles),
  };
}

/**
 * Inserts a contact inside the caller's transaction. The customer row is locked first, so two
 * contacts with the same email cannot both pass the duplicate check.
 */
export async function insertContact(
  ctx: RequestContext,
  manager: EntityManager,
  customerId: string,
  values: ReturnType<typeof newContactValues>,
): Promise<Contact> {
  await lockLiveCustomer(manager, customerId);
  await assertEmailFree(manager, customerId, values.email, null);
  return manager.save(
    manager.create(Contact, {
      ...values,
      customerId,
      createdBy: ctx.identity.sub,
      updatedBy: ctx.identity.sub,
    }),
  );
}

export async function createContact(ctx: RequestContext, input: CreateContactInput): Promise<Contact> {
  const values = newContactValues(input);
  const customer = await getCustomer(ctx, input.customerId);
  return ctx.dataSource.transaction((manager) => insertContact(ctx, manager, customer.id, values));
}

/** A customer's live contacts have distinct emails; names the contact that has it already. */
export async function assertEmailFree(
  manager: EntityManager,
  customerId: string,
  email: string | null,
  exceptId: string | null,
): Promise<void> {
  if (!email) return;
  const rows: { id: string }[] = await manager.query(
    `SELECT id FROM crm.contacts WHERE customer_id = $1 AND email = $2 AND deleted_at IS NULL
       AND ($3::uuid IS NULL OR id <> $3::uuid) LIMIT 1`,
    [customerId, email, exceptId],
  );
  if (rows.length > 0) {
    throw new ConflictError(`This customer already has a contact with email ${email}`, 'email', {
      duplicateOf: rows[0].id,
    });
  }
}

/**
 * THE contact lock: the live contact's row, locked for the caller's transaction, so changes to the
 * contact or to what hangs off it (its preferences, its memberships) cannot interleave. Null if
 * there is no live contact with this id (nothing is locked).
 */
export async function lockContact(manager: EntityManager, id: string): Promise<Contact | null> {
  return manager.findOne(Contact, { where: { id }, lock: { mode: 'pessimistic_write' } });
}

/** The contact to edit: locked (lockContact), and its customer live and locked too; else NOT_FOUND. */
async function lockEditableContact(manager: EntityManager, id: string): Promise<Contact> {
  const contact = await lockContact(manager, assertId('Contact', id));
  if (!contact) throw new NotFoundError('Contact', id);
  await lockLiveCustomer(manager, contact.customerId).catch(() => {
    throw new NotFoundError('Contact', id);
  });
  return contact;
}

const given = <T>(value: T | undefined): value is T => value !== undefined;

export async function updateContact(
  ctx: RequestContext,
  id: string,
  input: UpdateContactInput,
): Promise<Contact> {
  const changes: Partial<Contact> = {};
  if (given(input.firstName)) changes.firstName = requiredText(input.firstName ?? '', 'firstName', 100);
  if (given(input.lastName)) changes.lastName = requiredText(input.lastName ?? '', 'lastName', 100);
  if (given(input.email)) changes.email = optionalEmail(input.email);
  if (given(input.phone)) changes.phone = optionalPhone(input.phone);
  if (given(input.title)) changes.title = optionalText(input.title, 'title', 100);
  if (given(input.roles)) changes.roles = contactRoles(input.roles);
  return ctx.dataSource.transaction(async (manager) => {
    const contact = await lockEditableContact(manager, id);
    if (changes.email !== undefined && changes.email !== contact.email) {
      await assertEmailFree(manager, contact.customerId, changes.email, contact.id);
    }
    Object.assign(contact, changes, { updatedBy: ctx.identity.sub });
    return manager.save(contact);
  });
}

/** Soft delete; a contact still named by a converted lead keeps that link. */
export async function deleteContact(ctx: RequestContext, id: string): Promise<Contact> {
  return ctx.dataSource.transaction(async (manager) => {
    const contact = await lockEditableContact(manager, id);
    contact.updatedBy = ctx.identity.sub;
    await manager.save(contact);
    return manager.softRemove(contact);
  });
}

/** In `manager`'s transaction: the contacts of `ids` (live ones). */
export function contactsIn(manager: EntityManager, ids: string[]): Promise<Contact[]> {
  return ids.length ? manager.find(Contact, { where: { id: In(ids) } }) : Promise.resolve([]);
}

/** In `manager`'s transaction: a customer's live contacts, oldest first. */
export function contactsOfCustomerIn(manager: EntityManager, customerId: string): Promise<Contact[]> {
  return manager.find(Contact, { where: { customerId }, order: { createdAt: 'ASC', id: 'ASC' } });
}

/** In `manager`'s transaction: the customer's live contact with this (normalised) email, if any. */
export function contactWithEmail(
  manager: EntityManager,
  customerId: string,
  email: string,
): Promise<Contact | null> {
  return manager.findOne(Contact, { where: { customerId, email } });
}

/** In `manager`'s transaction: the contact, deleted or not. */
export function contactEvenDeleted(manager: EntityManager, id: string): Promise<Contact | null> {
  return manager.findOne(Contact, { where: { id }, withDeleted: true });
}
