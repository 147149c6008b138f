import type { Identity } from '@sales-graph/shared/auth/identity';
import { ok } from './assertions';
import type { GraphQLResponse, TestGraph } from './graph';

/** One event of `crmChanges` / `prmChanges`, as a client reads it. */
export interface FeedEvent {
  cursor: string;
  position: string;
  type: string;
  id: string;
  op: 'CREATED' | 'UPDATED' | 'DELETED' | 'RESTORED' | 'MERGED';
  changedFields: string[];
  mergedInto: string | null;
  occurredAt: string;
}

export type FeedField = 'crmChanges' | 'prmChanges';

export interface FeedPage {
  events: FeedEvent[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface FeedArgs {
  after?: string | null;
  types?: string[];
  first?: number;
}

const feedQuery = (field: FeedField) => {
  const typeEnum = field === 'crmChanges' ? 'CrmChangeType' : 'PrmChangeType';
  return `query Feed($after: String, $types: [${typeEnum}!], $first: Int) {
    ${field}(after: $after, types: $types, first: $first) {
      edges { cursor node { position type id op changedFields mergedInto occurredAt } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
};

interface FeedData {
  edges: { cursor: string; node: Omit<FeedEvent, 'cursor'> }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** One page of a change feed through the gateway, as the raw response (to look at its errors). */
export function queryFeed(
  graph: TestGraph,
  field: FeedField,
  identity: Identity,
  args: FeedArgs = {},
): Promise<GraphQLResponse<Record<FeedField, FeedData>>> {
  return graph.query<Record<FeedField, FeedData>>(feedQuery(field), { ...args }, identity);
}

/** One page of a change feed through the gateway (failing on any error). */
export async function readFeed(
  graph: TestGraph,
  field: FeedField,
  identity: Identity,
  args: FeedArgs = {},
): Promise<FeedPage> {
  const page = ok(await queryFeed(graph, field, identity, args))[field];
  return {
    events: page.edges.map((edge) => ({ cursor: edge.cursor, ...edge.node })),
    hasNextPage: page.pageInfo.hasNextPage,
    endCursor: page.pageInfo.endCursor,
  };
}

/**
 * Every event of a feed after `after` that is ready now, page by page, and the cursor to read on
 * from (`after` itself when nothing was new).
 */
export async function drainFeed(
  graph: TestGraph,
  field: FeedField,
  identity: Identity,
  args: FeedArgs = {},
): Promise<{ events: FeedEvent[]; cursor: string | null; pages: number }> {
  const events: FeedEvent[] = [];
  let cursor = args.after ?? null;
  let pages = 0;
  for (;;) {
    const page = await readFeed(graph, field, identity, { ...args, after: cursor });
    pages += 1;
    events.push(...page.events);
    if (page.endCursor) cursor = page.endCursor;
    if (!page.hasNextPage) return { events, cursor, pages };
  }
}
