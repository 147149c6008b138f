import type { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import type { RequestContext } from '../context';
import { applyListQuery, type ListQueryArgs } from './filters';
import { maxRootPageSize } from './page-size';
import { paginate, type Connection, type ConnectionArgs, type SortKey } from './pagination';

/** What a root list is: its GraphQL type, its `<X>Filter` class, the columns `search` reads. */
export type ListSpec = Parameters<typeof applyListQuery>[2];

/**
 * One page of a root list, the one way every root list is read: the caller's `filter`, `search`
 * and `orderBy` on `qb` (the list's rows, or a narrower set such as partners at risk), then the
 * caller's row scope, ANDed outside the filter's own brackets so that no `or` can widen it, then
 * keyset paging with the lazy capped count. `fallback` is the list's order when `orderBy` is
 * omitted (creation order unless the list says otherwise). The page may be as large as the
 * caller's `maxRootPageSize` (1,000 rows for an export-scoped API key, else 100).
 */
export async function listPage<T extends ObjectLiteral>(
  ctx: RequestContext,
  repo: Repository<T>,
  qb: SelectQueryBuilder<T>,
  list: ListSpec,
  args: ConnectionArgs,
  query: ListQueryArgs,
  fallback?: SortKey,
): Promise<Connection<T>> {
  const sort = applyListQuery(qb, ctx.identity, list, query, fallback);
  return paginate(repo, await ctx.scope.where(qb), args, sort, maxRootPageSize(ctx.identity));
}
