import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { renderScope, SCOPE_MARK, SCOPED_SQL, type ScopeCondition } from '../access/scope';
import { BadUserInputError, isUuid } from '../errors';
import { openCursor, sealCursor, type CursorPosition, type CursorValue } from './cursor';
import { selectEntities } from '../db/entity-select';
import { DEFAULT_PAGE_SIZE, EXPORT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size';

export { DEFAULT_PAGE_SIZE, EXPORT_PAGE_SIZE, MAX_PAGE_SIZE };

@Directive('@shareable')
@ObjectType({
  description: 'Where a page sits in its list: pass endCursor as `after` to read the next page.',
})
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow this page.' })
  hasNextPage: boolean;

  @Field(() => Boolean, { description: 'Whether items precede this page (true when `after` was given).' })
  hasPreviousPage: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the first item on the page; null when empty.',
  })
  startCursor: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item on the page: the `after` of the next page; null when empty.',
  })
  endCursor: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size, 1 to ${MAX_PAGE_SIZE} (root lists: up to ${EXPORT_PAGE_SIZE} for an API key with the export scope).`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor after which the page starts.' })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/**
 * The most rows a list counts: past it, `totalCount` is this cap and `totalCountIsExact` false, so
 * a count on a large list reads at most this many index entries, not the whole filtered set.
 */
export const COUNT_CAP = 10_000;

/** A count or its exactness, given as a value or as a (lazy) thenable GraphQL awaits when selected. */
export type Countable<V> = V | PromiseLike<V>;

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** The list's size (capped at `COUNT_CAP`); a `LazyCount`'s part when the count runs only if selected. */
  totalCount: Countable<number>;
  /** False when the list holds more than `COUNT_CAP` rows. */
  totalCountIsExact: Countable<boolean>;
}

/** A list's size as counted up to `COUNT_CAP`. */
export interface CappedCount {
  count: number;
  exact: boolean;
}

/** The capped count of `rows + 1` rows read with `LIMIT COUNT_CAP + 1`. */
export function capCount(rows: number): CappedCount {
  return rows > COUNT_CAP ? { count: COUNT_CAP, exact: false } : { count: rows, exact: true };
}

/**
 * Work started on the first `then` only, and shared by every later one. A connection's count is
 * one: GraphQL awaits `totalCount` / `totalCountIsExact` only when the client selected them, so a
 * page read without them costs no count statement; both fields (and aliases) share one count.
 */
export class Lazy<V> implements PromiseLike<V> {
  private promise?: Promise<V>;

  constructor(private readonly run: () => Promise<V>) {}

  then<A = V, B = never>(
    onFulfilled?: ((value: V) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.promise ??= this.run();
    return this.promise.then(onFulfilled, onRejected);
  }

  /** The two connection fields of one count, each awaiting it only when itself is read. */
  static fields(count: Lazy<CappedCount>): Pick<Connection<never>, 'totalCount' | 'totalCountIsExact'> {
    return {
      totalCount: new Lazy(async () => (await count).count),
      totalCountIsExact: new Lazy(async () => (await count).exact),
    };
  }
}

/** Builds `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function connectionType<T extends object>(
  name: string,
  nodeType: ClassType<T>,
  options: { shareable?: boolean } = {},
): ClassType<Connection<T>> {
  // A type both subgraphs define (e.g. AuditEntry) must be marked shareable in each.
  const shareable: ClassDecorator = options.shareable ? Directive('@shareable') : () => undefined;

  @shareable
  @ObjectType(`${name}Edge`, { description: `One ${name} on a page of the list, with its cursor.` })
  class EdgeType {
    @Field(() => String, {
      description: `Opaque position of this ${name}: pass it as \`after\` to read on from here.`,
    })
    cursor: string;

    @Field(() => nodeType, { description: `The ${name}.` })
    node: T;
  }

  @shareable
  @ObjectType(`${name}Connection`, {
    description: `A page of ${name} items (cursor pagination: \`first\` and \`after\`), with the total count.`,
  })
  class ConnectionType {
    @Field(() => [EdgeType], { description: `The ${name} items on this page, in list order.` })
    edges: EdgeType[];

    @Field(() => PageInfo, { description: 'Whether more pages follow, and the cursor to read the next one.' })
    pageInfo: PageInfo;

    @Field(() => Int, {
      description:
        `How many ${name} items the whole list holds, across all pages, counted up to ${COUNT_CAP}: ` +
        `a larger list answers ${COUNT_CAP} and \`totalCountIsExact: false\`. ` +
        'Counted only when selected (a page without it costs no count).',
    })
    totalCount: number;

    @Field(() => Boolean, {
      description: `False when the list holds more than ${COUNT_CAP} items and \`totalCount\` is that cap (a lower bound); true when \`totalCount\` is exact.`,
    })
    totalCountIsExact: boolean;
  }
  return ConnectionType;
}

/** The order a connection is read in: one entity property, then `id` to break ties. */
export interface SortKey {
  property: string;
  direction: 'ASC' | 'DESC';
}

export const CREATED_ORDER: SortKey = { property: 'createdAt', direction: 'ASC' };

/** The page asked for: `first`, else the default; outside 1..`max` is BAD_USER_INPUT. */
export function pageSize(args: ConnectionArgs, max: number = MAX_PAGE_SIZE): number {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new BadUserInputError(`first must be between 1 and ${max}`, 'first');
  }
  return first;
}

function cursorValue(value: unknown): CursorValue {
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return String(value);
}

/** The opaque cursor of a row in a connection read in `sort` order (see `./cursor`). */
export function encodeCursor(row: ObjectLiteral, sort: SortKey): string {
  return sealCursor([cursorValue(row[sort.property]), String(row.id)]);
}

/** The `[sortValue, id]` a cursor of this server sealed; anything else is BAD_USER_INPUT. */
export function decodeCursor(cursor: string): CursorPosition {
  return openCursor(cursor);
}

function columnOf(repo: Repository<ObjectLiteral>, property: string) {
  const column = repo.metadata.findColumnWithPropertyPath(property);
  if (!column) throw new Error(`${repo.metadata.name} has no column ${property}`);
  return { name: column.databaseName, type: String(column.type), nullable: column.isNullable };
}

/** SQL cast that makes a cursor parameter compare like (and use the index of) its column. */
function castFor(type: string): string {
  if (/^date$/i.test(type)) return '::date';
  if (/timestamp|Date/i.test(type)) return '::timestamptz';
  if (/^(int|int4|integer)$/i.test(type)) return '::int';
  if (/numeric|decimal|int|Number/i.test(type)) return '::numeric';
  if (/uuid/i.test(type)) return '::uuid';
  return '::text';
}

/** A cursor value that cannot be the column's (forged, or from another order) is bad input, not a SQL error. */
function checkCursorValue(value: CursorValue, id: string, cast: string, nullable: boolean): void {
  const text = typeof value === 'string' ? value : '';
  const ok =
    isUuid(id) &&
    (value === null
      ? nullable
      : cast === '::timestamptz'
        ? /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(text) &&
          !Number.isNaN(Date.parse(text))
        : cast === '::date'
          ? /^(?!0000)\d{4}-\d{2}-\d{2}$/.test(text) &&
            new Date(`${text}T00:00:00Z`).toISOString().startsWith(text)
          : cast === '::int'
            ? Number.isInteger(value) && Math.abs(value as number) <= 2147483647
            : cast === '::numeric'
              ? /^-?\d{1,30}(\.\d{1,30})?$/.test(String(value))
              : cast === '::uuid'
                ? isUuid(text)
                : typeof value === 'string' && !value.includes('\u0000'));
  if (!ok) throw new BadUserInputError('Invalid cursor', 'after');
}

/** `(sort, id) > (cursor)` in the connection's direction, for one table alias. */
function afterCondition(
  repo: Repository<ObjectLiteral>,
  alias: string,
  sort: SortKey,
  after: string,
  paramPrefix: string,
): { sql: string; params: Record<string, unknown> } {
  const [value, id] = decodeCursor(after);
  const column = columnOf(repo, sort.property);
  const cast = castFor(column.type);
  checkCursorValue(value, id, cast, column.nullable);
  const op = sort.direction === 'ASC' ? '>' : '<';
  const params = { [`${paramPrefix}v`]: value, [`${paramPrefix}id`]: id };
  const col = `${alias}.${column.name}`;
  const rowAfter = `(${col}, ${alias}.id) ${op} (:${paramPrefix}v${cast}, :${paramPrefix}id::uuid)`;
  if (!column.nullable) return { sql: rowAfter, params };
  // PostgreSQL puts NULLs last ascending and first descending; a row comparison with NULL is
  // never true, so a nullable sort column needs the NULL rows placed explicitly.
  const sameNullId = `(${col} IS NULL AND ${alias}.id ${op} :${paramPrefix}id::uuid)`;
  if (sort.direction === 'ASC') {
    return { sql: value === null ? sameNullId : `(${rowAfter} OR ${col} IS NULL)`, params };
  }
  return { sql: value === null ? `(${sameNullId} OR ${col} IS NOT NULL)` : rowAfter, params };
}

function toConnection<T extends ObjectLiteral>(
  rows: T[],
  first: number,
  count: Pick<Connection<T>, 'totalCount' | 'totalCountIsExact'>,
  sort: SortKey,
  hasPrevious: boolean,
): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(node, sort) }));
  return {
    edges,
    ...count,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/**
 * The count of a page, run when a client reads `totalCount` or `totalCountIsExact`. Inside a
 * transaction (whose connection may be gone by the time the fields resolve) it runs now, after
 * the page. (Returned in a box: an async function returning the thenable itself would await it.)
 */
async function deferCount<T extends ObjectLiteral, V>(
  repo: Repository<T>,
  run: () => Promise<V>,
): Promise<{ lazy: Lazy<V> }> {
  const lazy = new Lazy(run);
  if (repo.manager.queryRunner) await lazy;
  return { lazy };
}

/**
 * The statement counting a list's rows up to `COUNT_CAP + 1`: the filtered ids under a LIMIT,
 * counted (distinct only when a join could repeat a row: DISTINCT would read the whole set before
 * the limit). It reads at most the cap's worth of index entries however large the list is.
 */
export function cappedCountQuery<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): [string, unknown[]] {
  const ids = qb
    .clone()
    .orderBy()
    .select(`${qb.alias}.id`, 'id')
    .limit(COUNT_CAP + 1);
  if (qb.expressionMap.joinAttributes.length > 0) ids.distinct(true);
  const [sql, params] = ids.getQueryAndParameters();
  // The scope mark leads the statement, as in the page's.
  return [`${SCOPED_SQL} SELECT count(*)::int AS n FROM (${sql}) capped`, params];
}

/**
 * One page of a root list: keyset pagination on (sort, id) — one statement, whatever the page
 * size — plus, only when the client selects `totalCount` / `totalCountIsExact`, a second one
 * counting the filtered set up to `COUNT_CAP` (`SELECT count(*) FROM (… LIMIT cap + 1)`).
 */
export async function paginate<T extends ObjectLiteral>(
  repo: Repository<T>,
  qb: SelectQueryBuilder<T>,
  args: ConnectionArgs,
  sort: SortKey = CREATED_ORDER,
  maxPageSize: number = MAX_PAGE_SIZE,
): Promise<Connection<T>> {
  // Every root list reads through the caller's row scope (`ctx.scope.where(qb)`), so none can forget it.
  if (!qb.expressionMap.comment?.startsWith(SCOPE_MARK)) {
    throw new Error(`paginate(${repo.metadata.name}): the query was not scoped with ctx.scope.where`);
  }
  const first = pageSize(args, maxPageSize);
  const alias = qb.alias;
  const page = qb.clone();
  if (args.after) {
    const condition = afterCondition(repo as Repository<ObjectLiteral>, alias, sort, args.after, 'cursor_');
    page.andWhere(condition.sql, condition.params);
  }
  const column = columnOf(repo as Repository<ObjectLiteral>, sort.property).name;
  page
    .orderBy(`${alias}.${column}`, sort.direction)
    .addOrderBy(`${alias}.id`, sort.direction)
    .limit(first + 1);
  const rows = await page.getMany();
  const { lazy: count } = await deferCount(repo, async () => {
    const [sql, params] = cappedCountQuery(qb);
    const [row] = (await repo.manager.query(sql, params)) as { n: number }[];
    return capCount(row.n);
  });
  return toConnection(rows, first, Lazy.fields(count), sort, Boolean(args.after));
}

export type ChildFilter = Readonly<Record<string, string | readonly string[]>>;

export interface ChildConnectionQuery {
  /** Entity property that points at the parent, e.g. `customerId`. */
  parentProperty: string;
  parentIds: readonly string[];
  args: ConnectionArgs;
  sort?: SortKey;
  /**
   * The caller's row scope (from `RowScope.condition`; null when it reads every row): only rows
   * meeting it appear and count. Required, so that no caller leaves it out by accident.
   */
  scope: ScopeCondition | null;
  /**
   * Filters on entity properties, applied to page and count: a value means equality
   * (`{ status: 'OFFERED' }`), a list means one of (`{ status: ['OPEN', 'PENDING'] }`).
   */
  where?: ChildFilter;
}

/**
 * The same page of a relation for many parents at once (one `LATERAL` statement for the pages
 * and, only when a client selects a count, one statement counting each parent's rows up to the
 * cap), so a list of N parents costs one or two statements, not 2N.
 */
export async function loadChildConnections<T extends ObjectLiteral>(
  repo: Repository<T>,
  { parentProperty, parentIds, args, sort = CREATED_ORDER, scope, where = {} }: ChildConnectionQuery,
): Promise<Map<string, Connection<T>>> {
  const first = pageSize(args);
  const anyRepo = repo as Repository<ObjectLiteral>;
  const table = repo.metadata.tablePath;
  const parentColumn = columnOf(anyRepo, parentProperty).name;
  const sortColumn = columnOf(anyRepo, sort.property).name;
  const deleted = repo.metadata.deleteDateColumn;
  const live = deleted ? ` AND c.${deleted.databaseName} IS NULL` : '';
  const scoped = scope ? ` AND ${renderScope(scope, 'c', () => 'CAST(:scopeValues AS uuid[])')}` : '';
  const filters = Object.entries(where).map(([property, value], i) => ({
    column: columnOf(anyRepo, property).name,
    value,
    param: `where_${i}`,
  }));
  const filtered = filters
    .map((f) =>
      Array.isArray(f.value) ? ` AND c.${f.column} = ANY(:${f.param})` : ` AND c.${f.column} = :${f.param}`,
    )
    .join('');
  const countParams: unknown[] = [[...parentIds]];
  const countScoped = scope
    ? ` AND ${renderScope(scope, 'c', (values) => `$${countParams.push([...values])}::uuid[]`)}`
    : '';
  const countFiltered = filters
    .map((f) => {
      const param = `$${countParams.push(f.value)}`;
      return Array.isArray(f.value) ? ` AND c.${f.column} = ANY(${param})` : ` AND c.${f.column} = ${param}`;
    })
    .join('');
  const after = args.after ? afterCondition(anyRepo, 'c', sort, args.after, 'cursor_') : undefined;

  const pageIds =
    `SELECT page.id FROM unnest(CAST(:parentIds AS uuid[])) AS parent(id) CROSS JOIN LATERAL (` +
    `SELECT c.id FROM ${table} c WHERE c.${parentColumn} = parent.id${live}${scoped}${filtered}` +
    `${after ? ` AND ${after.sql}` : ''} ORDER BY c.${sortColumn} ${sort.direction}, c.id ${sort.direction} ` +
    `LIMIT ${first + 1}) page`;

  // The scope again on the page's rows: the mark of selectEntities' statement stays true by itself.
  const rows = await selectEntities(repo, scope, {
    // ARRAY(...) runs the LATERAL once (an InitPlan); `IN (subquery)` can re-run it per row.
    where: `e.id = ANY(ARRAY(${pageIds}))`,
    params: {
      parentIds: [...parentIds],
      scopeValues: scope ? [...scope.values] : undefined,
      ...Object.fromEntries(filters.map((f) => [f.param, f.value])),
      ...(after?.params ?? {}),
    },
    orderBy: `e.${sortColumn} ${sort.direction}, e.id ${sort.direction}`,
  });

  // One statement for the counts of all parents, each read up to the cap, run when a client reads one.
  const { lazy: counts } = await deferCount(repo, async () => {
    const totals = (await repo.manager.query(
      `${SCOPED_SQL} SELECT parent.id AS parent, (SELECT count(*)::int FROM (SELECT 1 FROM ${table} c ` +
        `WHERE c.${parentColumn} = parent.id${live}${countScoped}${countFiltered} LIMIT ${COUNT_CAP + 1}) capped) AS total ` +
        `FROM unnest($1::uuid[]) AS parent(id)`,
      countParams,
    )) as { parent: string; total: number }[];
    return new Map(totals.map((row) => [row.parent, capCount(row.total)]));
  });

  const byParent = new Map<string, T[]>();
  for (const row of rows) {
    const parent = String(row[parentProperty]);
    const list = byParent.get(parent) ?? [];
    list.push(row);
    byParent.set(parent, list);
  }
  return new Map(
    parentIds.map((id) => [
      id,
      toConnection(
        byParent.get(id) ?? [],
        first,
        Lazy.fields(new Lazy(async () => (await counts).get(id) ?? capCount(0))),
        sort,
        Boolean(args.after),
      ),
    ]),
  );
}
