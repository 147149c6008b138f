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

/** Columns every source contributes, in the same order and types. */
interface Source {
  /** The source's rows of one customer (`parent.id`), given a table alias `x`. */
  from: string;
  /** activity_id, deal_id, ticket_id, order_id, label, detail, extra (aliased when the SQL is built). */
  columns: [string, string, string, string, string, string, string];
  /** Expression of the source's event time and the source record's id. */
  at: string;
  id: string;
  /** Tells apart several entries of one source record (campaign touches), appended to the id. */
  touch?: string;
}

const SOURCES: Record<TimelineEntryType, Source> = {
  [TimelineEntryType.ACTIVITY]: {
    from: `crm.activities x WHERE x.customer_id = parent.id AND x.deleted_at IS NULL`,
    columns: ['x.id', 'x.deal_id', 'NULL::uuid', 'NULL::uuid', 'x.subject', 'x.type', 'left(x.body, 280)'],
    at: 'x.occurred_at',
    id: 'x.id',
  },
  [TimelineEntryType.DEAL_STAGE_CHANGE]: {
    from: `crm.deal_stage_changes x JOIN crm.deals d ON d.id = x.deal_id
      WHERE d.customer_id = parent.id AND d.deleted_at IS NULL`,
    columns: ['NULL::uuid', 'x.deal_id', 'NULL::uuid', 'NULL::uuid', 'd.title', 'x.from_stage', 'x.to_stage'],
    at: 'x.changed_at',
    id: 'x.id',
  },
  [TimelineEntryType.TICKET_OPENED]: {
    from: `crm.tickets x WHERE x.customer_id = parent.id AND x.deleted_at IS NULL`,
    columns: ['NULL::uuid', 'NULL::uuid', 'x.id', 'NULL::uuid', 'x.subject', 'x.priority', 'NULL::text'],
    at: 'x.opened_at',
    id: 'x.id',
  },
  [TimelineEntryType.ORDER_PLACED]: {
    from: `crm.orders x WHERE x.customer_id = parent.id AND x.deleted_at IS NULL`,
    columns: [
      'NULL::uuid',
      'NULL::uuid',
      'NULL::uuid',
      'x.id',
      'x.order_number',
      'x.total_amount::text',
      'x.currency::text',
    ],
    at: 'x.ordered_at',
    id: 'x.id',
  },
  // Campaign memberships of the customer's contacts and leads: one touch at enrolment and one at
  // the response, if any (the entry's id is the membership's). Two index paths joined with UNION
  // ALL (contacts by customer → memberships by contact; leads by customer → memberships by lead;
  // a membership has exactly one of the two, so none is read twice), not an `OR` of two `IN`s,
  // which reads all of campaign_members per customer.
  [TimelineEntryType.CAMPAIGN_TOUCH]: {
    from: `(SELECT m.id, m.campaign_id, m.created_at, m.responded_at
        FROM crm.contacts c JOIN crm.campaign_members m ON m.contact_id = c.id AND m.deleted_at IS NULL
        WHERE c.customer_id = parent.id AND c.deleted_at IS NULL
      UNION ALL
      SELECT m.id, m.campaign_id, m.created_at, m.responded_at
        FROM crm.leads l JOIN crm.campaign_members m ON m.lead_id = l.id AND m.deleted_at IS NULL
        WHERE l.customer_id = parent.id AND l.deleted_at IS NULL) x
      JOIN crm.campaigns cp ON cp.id = x.campaign_id
      CROSS JOIN LATERAL (VALUES ('ENROLLED', x.created_at), ('RESPONDED', x.responded_at)) AS t(touch, at)
      WHERE t.at IS NOT NULL`,
    columns: ['NULL::uuid', 'NULL::uuid', 'NULL::uuid', 'NULL::uuid', 'cp.name', 't.touch', 'cp.channel'],
    at: 't.at',
    id: 'x.id',
    touch: 't.touch',
  },
};

/**
 * SQL of an entry's id. Within one source, its byte order (COLLATE "C": lowercase hex uuids, the
 * same prefix, ENROLLED < RESPONDED) is the order of (source id, touch), so each branch can read
 * along its (time, id) index and still agree with the merged order.
 */
function entryIdSql(type: TimelineEntryType, source: Source): string {
  const touch = source.touch ? ` || ':' || ${source.touch}` : '';
  return `('${type}:' || ${source.id}::text${touch})`;
}

const COLUMN_NAMES = ['activity_id', 'deal_id', 'ticket_id', 'order_id', 'label', 'detail', 'extra'];

function parseAfter(after: string | null | undefined): { at: string; id: string } | undefined {
  if (!after) return undefined;
  const [value, id] = decodeCursor(after);
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || !parseTimelineEntryId(id)) {
    throw new BadUserInputError('Invalid cursor', 'after');
  }
  return { at: value, id };
}

/**
 * The SQL of one timeline page for many customers: for each customer (`unnest` + `LATERAL`),
 * every source's newest `limit` rows after the cursor (activities, tickets and orders each read
 * backwards along their `(customer_id, time, id)` index; stage changes through the customer's
 * deals and `(deal_id, changed_at)`), merged with UNION ALL and cut to `limit` again in
 * (time, id) order; next to it, the customer's entry count over all of those sources (computed
 * once per customer). A
 * customer with no entries yields one row with a null entry, so its count still comes back.
 */
export function timelineSql(types: readonly TimelineEntryType[], limit: number, withCursor: boolean): string {
  // `at <= cursor` bounds the index scan; the entry id decides among entries of the same instant.
  const keyset = (type: TimelineEntryType, source: Source) =>
    withCursor
      ? ` AND ${source.at} <= $2::timestamptz AND (${source.at} < $2::timestamptz ` +
        `OR ${entryIdSql(type, source)} COLLATE "C" < $3::text COLLATE "C")`
      : '';
  const branches = types.map((type) => {
    const source = SOURCES[type];
    const columns = source.columns.map((sql, i) => `${sql} AS ${COLUMN_NAMES[i]}`).join(', ');
    const order = `${source.at} DESC, ${source.id} DESC${source.touch ? `, ${source.touch} DESC` : ''}`;
    return (
      `(SELECT '${type}'::text AS kind, ${entryIdSql(type, source)} AS id, ${source.id} AS source_id, ` +
      `${source.at} AS occurred_at, ${columns} ` +
      `FROM ${source.from}${keyset(type, source)} ORDER BY ${order} LIMIT ${limit})`
    );
  });
  const counts = types.map((type) => `(SELECT count(*) FROM ${SOURCES[type].from})`).join(' + ');
  return (
    `SELECT parent.id AS customer_id, parent.total, e.* ` +
    // OFFSET 0 keeps the counts in this subquery: once per customer, not once per entry row.
    `FROM (SELECT parent.id, (${counts})::int AS total ` +
    `FROM unnest($1::uuid[]) AS parent(id) OFFSET 0) AS parent ` +
    `LEFT JOIN LATERAL (SELECT * FROM (${branches.join(' UNION ALL ')}) u ` +
    `ORDER BY u.occurred_at DESC, u.id COLLATE "C" DESC LIMIT ${limit}) e ON true ` +
    `ORDER BY parent.id, e.occurred_at DESC, e.id COLLATE "C" DESC`
  );
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

  const params: unknown[] = [[...customerIds]];
  if (after) params.push(after.at, after.id);
  const rows = (await ctx.dataSource.query(
    timelineSql(types, first + 1, Boolean(after)),
    params,
  )) as TimelineResultRow[];

  const pages = new Map<string, Connection<TimelineEntry>>(customerIds.map((id) => [id, empty()]));
  const entries = new Map<string, TimelineEntry[]>();
  for (const row of rows) {
    pages.get(row.customer_id)!.totalCount = row.total;
    if (row.id === null) continue;
    entries.set(row.customer_id, [...(entries.get(row.customer_id) ?? []), toEntry(row as TimelineRow)]);
  }
  for (const [customerId, list] of entries) {
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
