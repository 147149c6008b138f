import { can } from '@sales-graph/shared/auth/permissions';
import type { RequestContext } from '@sales-graph/shared/context';
import { BadUserInputError } from '@sales-graph/shared/errors';
import {
  decodeCursor,
  encodeCursor,
  pageSize,
  type Connection,
  type ConnectionArgs,
  type SortKey,
} from '@sales-graph/shared/graphql/pagination';
import { int, joinSql, param, raw, sql, toQuery, type Param, type Sql } from '@sales-graph/shared/db/sql';
import { groupBy } from '@sales-graph/shared/group-by';
import { activityTimelineSource } from '../activities';
import { campaignTouchTimelineSource } from '../campaigns';
import { contactsOfCustomerSql } from '../contacts';
import { dealStageChangeTimelineSource } from '../deals';
import { leadsOfCustomerSql } from '../leads';
import { orderTimelineSource } from '../orders';
import { ticketTimelineSource } from '../tickets';
import { TimelineEntry, TimelineEntryType } from './timeline.entry';
import {
  ALL_TIMELINE_TYPES,
  describeTimelineRow,
  parseTimelineEntryId,
  TIMELINE_SUBJECT,
  type TimelineRow,
} from './timeline.rules';

/**
 * Newest first; ties on the same instant are broken by the entry id (`<TYPE>:<source id>`, plus
 * `:<touch>` for campaign touches), compared byte-wise, so the order is total and stable.
 */
export const TIMELINE_ORDER: SortKey = { property: 'occurredAt', direction: 'DESC' };

/**
 * What each source contributes: its rows of one customer, given as a SQL expression (`from`:
 * FROM … WHERE …, aliases of the owner's choosing), the expressions of its event time and its
 * record's id, and the columns the entry shows. Every source's owner builds its own (its
 * module's `index.ts`); the timeline composes them into ONE statement (below).
 */
interface Source {
  from: Sql;
  at: Sql;
  id: Sql;
  /** Tells apart several entries of one source record (campaign touches), appended to the id. */
  touch?: Sql;
  dealId?: Sql;
  label: Sql;
  detail: Sql;
  extra?: Sql;
}

/** Each type's source, for the customer `customer` (a SQL expression of its id). */
const SOURCES: Record<TimelineEntryType, (customer: Sql) => Source> = {
  [TimelineEntryType.ACTIVITY]: activityTimelineSource,
  [TimelineEntryType.DEAL_STAGE_CHANGE]: dealStageChangeTimelineSource,
  [TimelineEntryType.TICKET_OPENED]: ticketTimelineSource,
  [TimelineEntryType.ORDER_PLACED]: orderTimelineSource,
  [TimelineEntryType.CAMPAIGN_TOUCH]: (customer) =>
    campaignTouchTimelineSource({
      contacts: contactsOfCustomerSql(customer),
      leads: leadsOfCustomerSql(customer),
    }),
};

/** The column an entry's own record id fills (the others of the four are null). */
const RECORD_COLUMN: Partial<Record<TimelineEntryType, 'activity_id' | 'ticket_id' | 'order_id'>> = {
  [TimelineEntryType.ACTIVITY]: 'activity_id',
  [TimelineEntryType.TICKET_OPENED]: 'ticket_id',
  [TimelineEntryType.ORDER_PLACED]: 'order_id',
};

/** The branch's columns, in the order and types every branch of the UNION has. */
function columnsOf(type: TimelineEntryType, source: Source): Sql {
  const record = (column: string) => (RECORD_COLUMN[type] === column ? source.id : raw('NULL::uuid'));
  const columns: [string, Sql][] = [
    ['activity_id', record('activity_id')],
    ['deal_id', source.dealId ?? raw('NULL::uuid')],
    ['ticket_id', record('ticket_id')],
    ['order_id', record('order_id')],
    ['label', source.label],
    ['detail', source.detail],
    ['extra', source.extra ?? raw('NULL::text')],
  ];
  return joinSql(
    columns.map(([name, value]) => sql`${value} AS ${raw(name)}`),
    ', ',
  );
}

/**
 * SQL of an entry's id. Within one source, its byte order (COLLATE "C": lowercase hex uuids, the
 * same prefix, ENROLLED < RESPONDED) is the order of (source id, touch), so each branch can read
 * along its (time, id) index and still agree with the merged order.
 */
function entryIdSql(type: TimelineEntryType, source: Source): Sql {
  const touch = source.touch ? sql` || ':' || ${source.touch}` : raw('');
  return sql`('${raw(type)}:' || ${source.id}::text${touch})`;
}

function parseAfter(after: string | null | undefined): { at: string; id: string } | undefined {
  if (!after) return undefined;
  const [value, id] = decodeCursor(after);
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || !parseTimelineEntryId(id)) {
    throw new BadUserInputError('Invalid cursor', 'after');
  }
  return { at: value, id };
}

/**
 * One timeline page for many customers, as ONE statement: for each customer (`unnest` +
 * `LATERAL`), every source's newest `limit` rows after the cursor (activities, tickets and orders
 * each read backwards along their `(customer_id, time, id)` index; stage changes through the
 * customer's deals and `(deal_id, changed_at)`), merged with UNION ALL and cut to `limit` again
 * in (time, id) order; next to it, the customer's entry count over all of those sources (computed
 * once per customer). A customer with no entries yields one row with a null entry, so its count
 * still comes back. `customers` binds the customer ids (uuid[]), `after` the cursor's instant and
 * entry id.
 */
export function timelineStatement(
  types: readonly TimelineEntryType[],
  limit: number,
  customers: Param,
  after?: { at: Param; id: Param },
): Sql {
  const parent = raw('parent.id');
  const sources = types.map((type) => [type, SOURCES[type](parent)] as const);
  // `at <= cursor` bounds the index scan; the entry id decides among entries of the same instant.
  const keyset = (type: TimelineEntryType, source: Source) =>
    after
      ? sql` AND ${source.at} <= ${after.at}::timestamptz AND (${source.at} < ${after.at}::timestamptz OR ${entryIdSql(type, source)} COLLATE "C" < ${after.id}::text COLLATE "C")`
      : raw('');
  const branches = sources.map(([type, source]) => {
    const order = sql`${source.at} DESC, ${source.id} DESC${source.touch ? sql`, ${source.touch} DESC` : raw('')}`;
    return sql`(SELECT '${raw(type)}'::text AS kind, ${entryIdSql(type, source)} AS id, ${source.id} AS source_id, ${source.at} AS occurred_at, ${columnsOf(type, source)} FROM ${source.from}${keyset(type, source)} ORDER BY ${order} LIMIT ${int(limit)})`;
  });
  const counts = joinSql(
    sources.map(([, source]) => sql`(SELECT count(*) FROM ${source.from})`),
    ' + ',
  );
  // OFFSET 0 keeps the counts in their subquery: once per customer, not once per entry row.
  const perCustomer = sql`SELECT parent.id, (${counts})::int AS total FROM unnest(${customers}::uuid[]) AS parent(id) OFFSET 0`;
  const page = sql`SELECT * FROM (${joinSql(branches, ' UNION ALL ')}) u ORDER BY u.occurred_at DESC, u.id COLLATE "C" DESC LIMIT ${int(limit)}`;
  return sql`SELECT parent.id AS customer_id, parent.total, e.* FROM (${perCustomer}) AS parent LEFT JOIN LATERAL (${page}) e ON true ORDER BY parent.id, e.occurred_at DESC, e.id COLLATE "C" DESC`;
}

/**
 * The text of `timelineStatement`, its parameters `$1` the customer ids (uuid[]) and, with a
 * cursor, `$2` its instant and `$3` its entry id (for a plan or a test).
 */
export function timelineSql(types: readonly TimelineEntryType[], limit: number, withCursor: boolean): string {
  const after = withCursor ? { at: param(null), id: param(null) } : undefined;
  return timelineStatement(types, limit, param(null), after).text;
}

type TimelineResultRow = { customer_id: string; total: number } & (
  { [K in keyof TimelineRow]: null } | TimelineRow
);

function toEntry(row: TimelineRow): TimelineEntry {
  return Object.assign(new TimelineEntry(), {
    id: row.id,
    sourceId: row.source_id,
    type: row.kind,
    occurredAt: row.occurred_at,
    ...describeTimelineRow(row),
    activityId: row.activity_id,
    dealId: row.deal_id,
    ticketId: row.ticket_id,
    orderId: row.order_id,
  });
}

/** One page of the timeline of each customer, in a single SQL statement for all of them. */
export async function loadTimelinePages(
  ctx: RequestContext,
  customerIds: readonly string[],
  args: ConnectionArgs,
  types: readonly TimelineEntryType[],
): Promise<Map<string, Connection<TimelineEntry>>> {
  const first = pageSize(args);
  const after = parseAfter(args.after);
  const empty = (): Connection<TimelineEntry> => ({
    edges: [],
    totalCount: 0,
    totalCountIsExact: true,
    pageInfo: { hasNextPage: false, hasPreviousPage: Boolean(after), startCursor: null, endCursor: null },
  });
  if (types.length === 0) return new Map(customerIds.map((id) => [id, empty()]));

  const statement = toQuery(
    timelineStatement(
      types,
      first + 1,
      param([...customerIds]),
      after && { at: param(after.at), id: param(after.id) },
    ),
  );
  const rows = (await ctx.dataSource.query(statement.text, statement.parameters)) as TimelineResultRow[];

  const pages = new Map<string, Connection<TimelineEntry>>(customerIds.map((id) => [id, empty()]));
  for (const row of rows) pages.get(row.customer_id)!.totalCount = row.total;
  const entries = groupBy(
    rows.filter((row): row is TimelineResultRow & TimelineRow => row.id !== null),
    (row) => row.customer_id,
  );
  for (const [customerId, found] of entries) {
    const list = found.map(toEntry);
    const edges = list.slice(0, first).map((node) => ({ node, cursor: encodeCursor(node, TIMELINE_ORDER) }));
    const page = pages.get(customerId)!;
    page.edges = edges;
    page.pageInfo = {
      hasNextPage: list.length > first,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    };
  }
  return pages;
}

/**
 * `Customer.timeline(types)`: one page of a customer's history, batched with every other customer's
 * page of the same request and arguments (one statement). Without `types`, every type the caller
 * may read (the resolver has authorized the types asked for).
 */
export function customerTimeline(
  ctx: RequestContext,
  customerId: string,
  args: ConnectionArgs,
  types: readonly TimelineEntryType[] | null,
): Promise<Connection<TimelineEntry>> {
  const wanted = ALL_TIMELINE_TYPES.filter((type) =>
    types ? types.includes(type) : can(ctx.identity, 'read', TIMELINE_SUBJECT[type]),
  );
  const name = `Customer.timeline.${JSON.stringify([args.first, args.after, wanted])}`;
  return ctx.loaders
    .get<string, Connection<TimelineEntry>>(name, async (customerIds) => {
      const pages = await loadTimelinePages(ctx, customerIds, args, wanted);
      return customerIds.map((id) => pages.get(id)!);
    })
    .load(customerId);
}
