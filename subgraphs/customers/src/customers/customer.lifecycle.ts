import type { EntityManager } from 'typeorm';
import { AuditAction, AuditEntry } from '@sales-graph/shared/audit/audit.entity';
import type { RequestContext } from '@sales-graph/shared/context';
import { assertId, BadUserInputError, ConflictError, NotFoundError } from '@sales-graph/shared/errors';
import {
  decodeCursor,
  encodeCursor,
  pageSize,
  type Connection,
  type ConnectionArgs,
} from '@sales-graph/shared/graphql/pagination';
import { SortDirection, type OrderByValue } from '@sales-graph/shared/graphql/filters';
import { reassignRows } from '@sales-graph/shared/db/reassign';
import { emit } from '@sales-graph/shared/events/events';
import { currentRequest } from '@sales-graph/shared/http';
import { normaliseDomain, optionalText, requiredText } from '@sales-graph/shared/validation';
import { Customer } from './customer.entity';
import type { CustomerEvents } from './customer.events';
import type { UpdateCustomerInput } from './customer.input';
import {
  CustomerDuplicatePair,
  type CustomerDuplicatePairFilter,
  CustomerDuplicatePairOrderField,
  CustomerMergeResult,
  DuplicateMatch,
  type MergedRecords,
} from './customer.lifecycle.types';
import { alreadyMerged, assertMergeable, assertNotDuplicate } from './customer.rules';
import { findDuplicateCustomer } from './customer.service';

/**
 * The record types a merge moves, in the order it answers them: the rows of other modules'
 * tables that point at a customer (each owner moves its own on `CustomersMerging`, see
 * `src/subscriptions.ts`), then the duplicate's ownership decisions, which stay visible on the
 * survivor (whose own ownership stands).
 */
export const MERGED_RECORD_TYPES = [
  'Contact',
  'Lead',
  'Deal',
  'Activity',
  'Ticket',
  'Order',
  'CustomerOwnershipChange',
] as const;

/** The live customer, locked for the rest of the transaction, or NOT_FOUND. */
async function lockCustomer(manager: EntityManager, id: string, withDeleted = false): Promise<Customer> {
  const customer = await manager.findOne(Customer, {
    where: { id: assertId('Customer', id) },
    withDeleted,
    lock: { mode: 'pessimistic_write' },
  });
  if (!customer) throw new NotFoundError('Customer', id);
  return customer;
}

const given = <T>(value: T | undefined): value is T => value !== undefined;

/** Changes the given fields; a new name or domain is checked for duplicates like a new customer. */
export async function updateCustomer(
  ctx: RequestContext,
  id: string,
  input: UpdateCustomerInput,
): Promise<Customer> {
  const changes: Partial<Customer> = {};
  if (given(input.name)) changes.name = requiredText(input.name ?? '', 'name');
  if (given(input.domain)) changes.domain = normaliseDomain(input.domain);
  if (given(input.industry)) changes.industry = optionalText(input.industry, 'industry', 100);
  if (given(input.region)) changes.region = optionalText(input.region, 'region', 100);
  if (input.lifecycleStage) changes.lifecycleStage = input.lifecycleStage;
  return ctx.dataSource.transaction(async (manager) => {
    const customer = await lockCustomer(manager, id);
    // Only a changed key is checked: a duplicate the caller already allowed is not raised again.
    const newName = changes.name !== undefined && changes.name !== customer.name ? changes.name : null;
    const newDomain = changes.domain && changes.domain !== customer.domain ? changes.domain : null;
    Object.assign(customer, changes, { updatedBy: ctx.identity.sub });
    if (newName !== null || newDomain !== null) {
      const duplicate = await findDuplicateCustomer(
        manager,
        { name: newName, domain: newDomain },
        customer.id,
      );
      assertNotDuplicate(duplicate, input.allowDuplicate);
    }
    return manager.save(customer);
  });
}

/** Soft delete: the customer disappears from every read until it is restored. */
export async function deleteCustomer(ctx: RequestContext, id: string): Promise<Customer> {
  return ctx.dataSource.transaction(async (manager) => {
    const customer = await lockCustomer(manager, id);
    customer.updatedBy = ctx.identity.sub;
    await manager.save(customer);
    await manager.softRemove(customer);
    return (await manager.findOne(Customer, { where: { id: customer.id }, withDeleted: true }))!;
  });
}

/**
 * Brings a soft-deleted customer back; refused (CONFLICT with `duplicateOf`) when a live
 * customer with the same name or domain was created meanwhile, unless `allowDuplicate`.
 */
export async function restoreCustomer(
  ctx: RequestContext,
  id: string,
  allowDuplicate: boolean | null = null,
): Promise<Customer> {
  return ctx.dataSource.transaction(async (manager) => {
    const customer = await lockCustomer(manager, id, true);
    if (!customer.deletedAt) throw new ConflictError(`Customer ${customer.id} is not deleted`, 'id');
    if (customer.mergedIntoId) {
      throw new ConflictError(
        `Customer ${customer.id} was merged into ${customer.mergedIntoId} and cannot be restored`,
        'id',
        { mergedIntoId: customer.mergedIntoId },
      );
    }
    const duplicate = await findDuplicateCustomer(
      manager,
      { name: customer.name, domain: customer.domain },
      customer.id,
    );
    assertNotDuplicate(duplicate, allowDuplicate);
    await manager.recover(customer);
    customer.deletedAt = null;
    customer.updatedBy = ctx.identity.sub;
    return manager.save(customer);
  });
}

/**
 * Merges `duplicateId` into `survivorId` in one transaction: every related record moves to the
 * survivor, the duplicate is soft-deleted with `mergedIntoId`, and the merge itself is audited
 * with the ids moved per record type (the move is one UPDATE per table).
 */
export async function mergeCustomers(
  ctx: RequestContext,
  survivorId: string,
  duplicateId: string,
): Promise<CustomerMergeResult> {
  const ids = [assertId('Customer', survivorId), assertId('Customer', duplicateId)];
  if (ids[0] === ids[1]) assertMergeable({ id: ids[0], deletedAt: null }, { id: ids[1], deletedAt: null });
  return ctx.dataSource.transaction(async (manager) => {
    // Lock both rows in id order so two crossing merges cannot deadlock.
    const [first, second] = [...ids].sort();
    const locked = new Map<string, Customer>();
    for (const id of [first, second]) locked.set(id, await lockCustomer(manager, id, true));
    const survivor = locked.get(ids[0])!;
    const duplicate = locked.get(ids[1])!;
    if (alreadyMerged(survivor, duplicate)) return firstMerge(manager, survivor.id, duplicate.id);
    assertMergeable(survivor, duplicate);

    const movedIds = new Map<string, readonly string[]>();
    await emit<CustomerEvents>(manager, {
      type: 'CustomersMerging',
      survivorId: survivor.id,
      duplicateId: duplicate.id,
      by: ctx.identity.sub,
      moved: (recordType, ids) => {
        if (movedIds.has(recordType)) throw new Error(`${recordType} rows were moved twice in one merge`);
        movedIds.set(recordType, [...ids].sort());
      },
    });
    movedIds.set(
      'CustomerOwnershipChange',
      await reassignRows(manager, {
        table: 'crm.customer_ownership_changes',
        column: 'customer_id',
        from: duplicate.id,
        to: survivor.id,
      }),
    );
    const moved = MERGED_RECORD_TYPES.map((recordType): MergedRecords => {
      const ids = movedIds.get(recordType);
      // No owner answered: its rows would stay on the deleted duplicate.
      if (!ids) throw new Error(`No module moved the ${recordType} rows of a merged customer`);
      return { recordType, count: ids.length, ids: [...ids] };
    });
    const unknown = [...movedIds.keys()].filter(
      (type) => !(MERGED_RECORD_TYPES as readonly string[]).includes(type),
    );
    if (unknown.length > 0)
      throw new Error(`A merge moved rows of unlisted record types: ${unknown.join(', ')}`);

    duplicate.mergedIntoId = survivor.id;
    duplicate.updatedBy = ctx.identity.sub;
    await manager.save(duplicate);
    await manager.softRemove(duplicate);
    survivor.updatedBy = ctx.identity.sub;
    await manager.save(survivor);

    const request = currentRequest();
    await manager.insert(AuditEntry, {
      actorSub: ctx.identity.sub,
      actorRole: ctx.identity.role,
      requestId: request?.requestId ?? ctx.requestId,
      action: AuditAction.UPDATE,
      recordType: 'Customer',
      recordId: survivor.id,
      before: null,
      after: {
        operation: 'mergeCustomers',
        survivorId: survivor.id,
        mergedId: duplicate.id,
        moved: Object.fromEntries(moved.map((m) => [m.recordType, { count: m.count, ids: m.ids }])),
      },
      changedFields: ['merge'],
    } as never);
    return Object.assign(new CustomerMergeResult(), {
      survivorId: survivor.id,
      mergedId: duplicate.id,
      moved,
    });
  });
}

/** A merge done before, as it answered then: what it moved is in its audit entry. */
async function firstMerge(manager: EntityManager, survivorId: string, mergedId: string) {
  const entry = await manager
    .getRepository(AuditEntry)
    .createQueryBuilder('a')
    .where('a.record_type = :type AND a.record_id = :survivorId', { type: 'Customer', survivorId })
    .andWhere(`a.after ->> 'operation' = 'mergeCustomers' AND a.after ->> 'mergedId' = :mergedId`, {
      mergedId,
    })
    .orderBy('a.created_at', 'DESC')
    .getOne();
  const moved =
    (entry?.after as { moved?: Record<string, { count: number; ids: string[] }> } | null)?.moved ?? {};
  return Object.assign(new CustomerMergeResult(), {
    survivorId,
    mergedId,
    moved: MERGED_RECORD_TYPES.map((recordType): MergedRecords => ({
      recordType,
      count: moved[recordType]?.count ?? 0,
      ids: moved[recordType]?.ids ?? [],
    })),
  });
}

/**
 * Pairs of live customers sharing a normalised domain or name, in a stable order; two statements
 * (page and count) whatever the page size; the customers themselves load through the loader.
 */
export async function possibleDuplicateCustomers(
  ctx: RequestContext,
  args: ConnectionArgs,
  filter?: CustomerDuplicatePairFilter,
  orderBy?: OrderByValue,
): Promise<Connection<CustomerDuplicatePair>> {
  const first = pageSize(args);
  const byUpdated = orderBy?.field === CustomerDuplicatePairOrderField.UPDATED_AT;
  const op = orderBy?.direction === SortDirection.DESC ? '<' : '>';
  const direction = orderBy?.direction === SortDirection.DESC ? 'DESC' : 'ASC';
  // A pair's change time: the later of its customers' (a pair is computed, not stored).
  const changed = 'GREATEST(a.updated_at, b.updated_at)';
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const range = filter?.updatedAt ?? {};
  const OPS = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
  let conditions = '';
  for (const [key, sql] of Object.entries(OPS) as [keyof typeof OPS, string][]) {
    const value = range[key];
    if (value != null) conditions += ` AND ${changed} ${sql} ${param(value)}::timestamptz`;
  }
  const pairs = `FROM crm.customers a JOIN crm.customers b
      ON b.deleted_at IS NULL AND (b.created_at, b.id) > (a.created_at, a.id)
      AND ((a.domain IS NOT NULL AND b.domain = a.domain) OR b.name_key = a.name_key)
    WHERE a.deleted_at IS NULL`;
  const countParams = [...params];
  const countSql = `SELECT count(*)::int AS total ${pairs}${conditions}`;
  let after = '';
  if (args.after) {
    const [value, id] = decodeCursor(args.after);
    if (typeof value !== 'string') throw new BadUserInputError('Invalid cursor', 'after');
    if (byUpdated) {
      // [changed, "a,b"]: the pair's change time, then its two ids.
      const [a, b] = id.split(',');
      if (Number.isNaN(Date.parse(value)) || !b) throw new BadUserInputError('Invalid cursor', 'after');
      after = ` AND (${changed}, a.id, b.id) ${op} (${param(value)}::timestamptz, ${param(assertCursorId(a))}::uuid, ${param(assertCursorId(b))}::uuid)`;
    } else {
      after = ` AND (a.id, b.id) ${op} (${param(assertCursorId(value))}::uuid, ${param(assertCursorId(id))}::uuid)`;
    }
  }
  const order = byUpdated
    ? `${changed} ${direction}, a.id ${direction}, b.id ${direction}`
    : `a.id ${direction}, b.id ${direction}`;
  const [rows, [{ total }]] = await Promise.all([
    ctx.dataSource.query(
      `SELECT a.id AS a, b.id AS b, (a.domain IS NOT NULL AND b.domain = a.domain) AS same_domain,
        (b.name_key = a.name_key) AS same_name, ${changed} AS changed
        ${pairs}${conditions}${after} ORDER BY ${order} LIMIT ${first + 1}`,
      params,
    ) as Promise<{ a: string; b: string; same_domain: boolean; same_name: boolean; changed: Date }[]>,
    ctx.dataSource.query(countSql, countParams) as Promise<{ total: number }[]>,
  ]);
  const sort = { property: 'a', direction: 'ASC' as const };
  const edges = rows.slice(0, first).map((row) => ({
    cursor: byUpdated
      ? encodeCursor({ a: new Date(row.changed).toISOString(), id: `${row.a},${row.b}` }, sort)
      : encodeCursor({ a: row.a, id: row.b }, sort),
    node: Object.assign(new CustomerDuplicatePair(), {
      customerId: row.a,
      duplicateId: row.b,
      matches: [
        ...(row.same_domain ? [DuplicateMatch.DOMAIN] : []),
        ...(row.same_name ? [DuplicateMatch.NAME] : []),
      ],
    }),
  }));
  return {
    edges,
    totalCount: total,
    totalCountIsExact: true,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

function assertCursorId(id: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new BadUserInputError('Invalid cursor', 'after');
  return id;
}
