import { getNamedType } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { intFromEnv } from '../config';
import type { RequestContext } from '../context';
import { ConflictError, ServiceUnavailableError } from '../errors';
import { Loaders } from '../graphql/loaders';
import type { ScheduledJob } from '../jobs/jobs';
import { parseIdempotencyKey, principalOf, requestHash } from './idempotency.rules';
import { reviveResult, storeResult } from './idempotency.result';

/** How long a key answers its first result: IDEMPOTENCY_KEY_TTL_HOURS, default 24, at least 1. */
export const idempotencyKeyTtlHours = (): number => Math.max(1, intFromEnv('IDEMPOTENCY_KEY_TTL_HOURS', 24));

const tableOf = (dataSource: DataSource): string =>
  `"${(dataSource.options as PostgresConnectionOptions).schema ?? 'public'}".idempotency_keys`;

/**
 * Mutations sent with an `Idempotency-Key` header run exactly once per (principal, key, root
 * field of the operation): every mutation field is wrapped here, so no resolver knows about it.
 *
 * The key is claimed with an INSERT on the table's primary key in a transaction that the
 * mutation's own writes join (its `ctx.dataSource.transaction(...)` becomes a savepoint in it),
 * and its result is written in the same transaction. So a retry after a crash either finds the
 * first result or finds nothing and runs again; a concurrent duplicate waits on the key's row
 * until the first commits (then replays it) or rolls back (then runs itself). A mutation that
 * fails leaves no key behind: its retry runs again. The same key with other arguments (or for
 * another field) is CONFLICT.
 */
export const Idempotency: MiddlewareFn<RequestContext> = async ({ args, context, info }, next) => {
  if (info.parentType.name !== 'Mutation' || context.idempotencyKey === undefined) return next();
  const key = parseIdempotencyKey(context.idempotencyKey);
  const principal = principalOf(context.identity);
  if (!key || !principal) return next();
  const claim = {
    principal,
    key,
    // The response key: an operation may hold the same mutation twice under two aliases.
    responseKey: info.path.key as string,
    field: info.fieldName,
    hash: requestHash(info.fieldName, args),
  };
  const ctx = context;
  const original = { dataSource: ctx.dataSource, loaders: ctx.loaders };
  const table = tableOf(original.dataSource);
  const runner = original.dataSource.createQueryRunner();
  let first: StoredKey | undefined;
  try {
    await runner.connect();
    await runner.startTransaction();
    first = await claimOrFind(runner, table, claim);
    if (first) {
      await runner.commitTransaction();
    } else {
      // The resolver's reads and writes go through the claim's transaction; loaders made inside
      // it (bound to its connection) are dropped once it ends.
      ctx.dataSource = joining(original.dataSource, runner);
      ctx.loaders = new Loaders(ctx.scope);
      let result: unknown;
      try {
        result = await next();
      } finally {
        ctx.dataSource = original.dataSource;
        ctx.loaders = original.loaders;
      }
      const stored = storeResult(result, original.dataSource, getNamedType(info.returnType).name);
      await runner.query(
        `UPDATE ${table} SET result = $4 WHERE principal = $1 AND key = $2 AND response_key = $3`,
        [claim.principal, claim.key, claim.responseKey, JSON.stringify(stored)],
      );
      await runner.commitTransaction();
      return result;
    }
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
  // A replay, on a connection of its own (the claim's is back in the pool).
  if (first.field !== claim.field || first.hash !== claim.hash)
    throw new ConflictError(
      `This Idempotency-Key was already used for ${first.field === claim.field ? 'a' : 'another'} ` +
        `${first.field} with other arguments; a retry must repeat the first request exactly, a new request needs a new key`,
      'Idempotency-Key',
      { idempotentField: first.field },
    );
  return reviveResult(first.result, ctx);
};

type Claim = { principal: string; key: string; responseKey: string; field: string; hash: string };
type StoredKey = { field: string; hash: string; result: Parameters<typeof reviveResult>[0] };

/**
 * Claims the key (a new one inserts, one past its retention is taken over) or, when it is live,
 * returns what it holds: after waiting for the transaction that holds it, if any, to end.
 */
async function claimOrFind(runner: QueryRunner, table: string, claim: Claim): Promise<StoredKey | undefined> {
  const params = [claim.principal, claim.key, claim.responseKey];
  const claimed: unknown[] = await runner.query(
    `INSERT INTO ${table} AS k (principal, key, response_key, field, request_hash)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (principal, key, response_key) DO UPDATE
       SET field = EXCLUDED.field, request_hash = EXCLUDED.request_hash, result = NULL, created_at = now()
       WHERE k.created_at < now() - $6::interval
     RETURNING 1`,
    [...params, claim.field, claim.hash, `${idempotencyKeyTtlHours()} hours`],
  );
  if (claimed.length > 0) return undefined;
  const [first] = (await runner.query(
    `SELECT field, request_hash AS hash, result FROM ${table} WHERE principal = $1 AND key = $2 AND response_key = $3`,
    params,
  )) as StoredKey[];
  if (!first) throw new ServiceUnavailableError('The Idempotency-Key was being released; try again');
  return first;
}

/**
 * The data source as a resolver sees it inside the claim's transaction: `transaction(...)`
 * nests (a savepoint; an isolation level asked for there does not apply), and reads and writes
 * use the claim's connection.
 */
function joining(dataSource: DataSource, runner: QueryRunner): DataSource {
  const manager: EntityManager = runner.manager;
  return new Proxy(dataSource, {
    get(target, property) {
      switch (property) {
        case 'manager':
          return manager;
        case 'transaction':
          return manager.transaction.bind(manager);
        case 'query':
          return manager.query.bind(manager);
        case 'getRepository':
          return manager.getRepository.bind(manager);
        case 'getTreeRepository':
          return manager.getTreeRepository.bind(manager);
        case 'createQueryBuilder':
          return manager.createQueryBuilder.bind(manager);
        default: {
          const value: unknown = Reflect.get(target, property);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        }
      }
    },
  });
}

/** Forgets keys past their retention; every subgraph runs it among its periodic jobs. */
export const idempotencyCleanupJob: ScheduledJob = {
  name: 'idempotency-keys.cleanup',
  run: async (manager, now) => {
    const table = tableOf(manager.connection);
    const [, deleted] = (await manager.query(
      `DELETE FROM ${table} WHERE created_at < $1::timestamptz - $2::interval`,
      [now.toISOString(), `${idempotencyKeyTtlHours()} hours`],
    )) as [unknown, number];
    return { deleted };
  },
};
