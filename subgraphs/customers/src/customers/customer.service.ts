import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import { type ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import { type Connection, type ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { CustomerFilter, CUSTOMER_SEARCH } from './customer.filter';
import { isUuid, NotFoundError } from '@sales-graph/shared/errors';
import { normaliseDomain, optionalText, requiredText } from '@sales-graph/shared/validation';
import { Customer, LifecycleStage } from './customer.entity';
import type { CreateCustomerInput } from './customer.input';
import { assertNotDuplicate, customerNameKey, type DuplicateReason } from './customer.rules';

export const customerRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(Customer);

/** The customer with this id if it exists and the caller may see it; reads through the request's loader. */
export async function findCustomer(ctx: RequestContext, id: string): Promise<Customer | null> {
  if (!isUuid(id)) return null;
  return ctx.loaders.byId(customerRepo(ctx)).load(id.toLowerCase());
}

/** The customer with this id, or NOT_FOUND (also when the caller may not see it, so ids cannot be probed). */
export async function getCustomer(ctx: RequestContext, id: string): Promise<Customer> {
  const customer = await findCustomer(ctx, id);
  if (!customer) throw new NotFoundError('Customer', id);
  return customer;
}

/** Locks the live customer row for the transaction (NOT_FOUND if it is missing or deleted). */
export async function lockLiveCustomer(manager: EntityManager, customerId: string): Promise<Customer> {
  const customer = await manager.findOne(Customer, {
    where: { id: customerId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!customer) throw new NotFoundError('Customer', customerId);
  return customer;
}

/** Validated values of a new customer (throws BAD_USER_INPUT before anything is written). */
export function newCustomerValues(input: CreateCustomerInput) {
  return {
    name: requiredText(input.name, 'name'),
    domain: normaliseDomain(input.domain),
    industry: optionalText(input.industry, 'industry', 100),
    region: optionalText(input.region, 'region', 100),
    lifecycleStage: input.lifecycleStage ?? LifecycleStage.PROSPECT,
  };
}

/**
 * A live customer with the same normalised domain (preferred) or name, other than `exceptId`; a
 * null name or domain is not compared.
 * Serialised per transaction by an advisory lock, so two concurrent creates cannot both pass.
 */
export async function findDuplicateCustomer(
  manager: EntityManager,
  values: { name: string | null; domain: string | null },
  exceptId: string | null = null,
): Promise<{ id: string; reason: DuplicateReason } | null> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('crm.customers.duplicates'))`);
  const rows: { id: string; reason: DuplicateReason }[] = await manager.query(
    `SELECT id, CASE WHEN domain = $1 THEN 'DOMAIN' ELSE 'NAME' END AS reason FROM crm.customers
     WHERE deleted_at IS NULL AND (domain = $1 OR name_key = $2) AND ($3::uuid IS NULL OR id <> $3::uuid)
     ORDER BY (domain = $1) DESC NULLS LAST, created_at, id LIMIT 1`,
    [values.domain, values.name === null ? null : customerNameKey(values.name), exceptId],
  );
  return rows[0] ?? null;
}

/** Inserts a customer inside the caller's transaction, refusing a duplicate unless allowed. */
export async function insertCustomer(
  ctx: RequestContext,
  manager: EntityManager,
  input: CreateCustomerInput,
  ownership: Partial<Pick<Customer, 'ownership' | 'ownerPartnerId'>> = {},
): Promise<Customer> {
  const values = newCustomerValues(input);
  assertNotDuplicate(await findDuplicateCustomer(manager, values), input.allowDuplicate);
  return manager.save(
    manager.create(Customer, {
      ...values,
      ...ownership,
      createdBy: ctx.identity.sub,
      updatedBy: ctx.identity.sub,
    }),
  );
}

export async function createCustomer(ctx: RequestContext, input: CreateCustomerInput): Promise<Customer> {
  newCustomerValues(input);
  return ctx.dataSource.transaction((manager) => insertCustomer(ctx, manager, input));
}

/** `customers(filter, orderBy, search)`: one page for the caller, in creation order unless `orderBy` says otherwise. */
export async function listCustomers(
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<Customer>> {
  const repo = customerRepo(ctx);
  const qb = repo.createQueryBuilder('customer');
  // The scope is ANDed outside the filter's own brackets: no `or` can widen it.
  return listPage(
    ctx,
    repo,
    qb,
    { typeName: 'Customer', filterType: CustomerFilter, searchIn: CUSTOMER_SEARCH },
    args,
    query,
  );
}

/** In `manager`'s transaction: the customer, deleted or not (`withDeleted`). */
export function customerIn(
  manager: EntityManager,
  id: string,
  withDeleted = false,
): Promise<Customer | null> {
  return manager.findOne(Customer, { where: { id }, withDeleted });
}

/**
 * The live customers each prospect names, by its normalised domain or company-name key (one
 * statement for all prospects; a customer matched by both is listed once per prospect).
 */
export async function customersMatchingProspects(
  db: Pick<EntityManager, 'query'>,
  prospects: readonly { ref: string; domain: string | null; nameKey: string | null }[],
): Promise<{ ref: string; customerId: string }[]> {
  if (prospects.length === 0) return [];
  const rows: { ref: string; customer_id: string }[] = await db.query(
    `SELECT DISTINCT p.ref, c.id AS customer_id
     FROM unnest($1::text[], $2::text[], $3::text[]) AS p(ref, domain, name_key)
     JOIN crm.customers c ON c.deleted_at IS NULL AND (c.domain = p.domain OR c.name_key = p.name_key)`,
    [prospects.map((p) => p.ref), prospects.map((p) => p.domain), prospects.map((p) => p.nameKey)],
  );
  return rows.map((row) => ({ ref: row.ref, customerId: row.customer_id }));
}

/** The live customers whose domain hash is among `hashes`, by id (one statement on `customers_domain_hash_idx`). */
export async function customersWithDomainHashes(
  db: Pick<EntityManager, 'query'>,
  hashes: readonly string[],
): Promise<
  {
    id: string;
    name: string;
    domainHash: string;
    ownership: Customer['ownership'];
    ownerPartnerId: string | null;
  }[]
> {
  if (hashes.length === 0) return [];
  const rows: {
    id: string;
    name: string;
    domain_hash: string;
    ownership: Customer['ownership'];
    owner_partner_id: string | null;
  }[] = await db.query(
    `SELECT c.id, c.name, c.domain_hash, c.ownership, c.owner_partner_id FROM crm.customers c
     WHERE c.deleted_at IS NULL AND c.domain_hash IS NOT NULL AND c.domain_hash = ANY($1::text[])
     ORDER BY c.id`,
    [[...new Set(hashes)]],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    domainHash: row.domain_hash,
    ownership: row.ownership,
    ownerPartnerId: row.owner_partner_id,
  }));
}
