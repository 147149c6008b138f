import type { Identity } from '@sales-graph/shared/auth/identity';
import type { TestGraph } from './graph';

export interface ListNode {
  id: string;
  [field: string]: unknown;
}
/** One page of a root list as the list scenarios select it. */
export interface ListPage {
  totalCount: number;
  edges: { cursor: string; node: ListNode }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Reads the root lists of `queries` (list name → its query with `$first`, `$after`, `$filter`,
 * `$orderBy` …) through the test graph `graph()` returns: a page, the ids of one page (checking its
 * `totalCount`), and every row by walking the cursors.
 */
export function listReader<L extends string>(graph: () => TestGraph, queries: Record<L, string>) {
  async function page(list: L, variables: Record<string, unknown>, identity?: Identity): Promise<ListPage> {
    const response = await graph().query<Record<string, ListPage>>(
      queries[list],
      { first: 100, ...variables },
      identity,
    );
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data![list];
  }
  /** The ids one page of a filter returns, in order; checks totalCount agrees. */
  async function ids(list: L, variables: Record<string, unknown>, identity?: Identity): Promise<string[]> {
    const result = await page(list, variables, identity);
    expect(result.totalCount).toBe(result.edges.length);
    return result.edges.map((edge) => edge.node.id);
  }
  /** Every row, walking pages of `first` by cursor. */
  async function walkNodes(list: L, variables: Record<string, unknown>, first: number): Promise<ListNode[]> {
    const rows: ListNode[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const result: ListPage = await page(list, { ...variables, first, after });
      rows.push(...result.edges.map((edge) => edge.node));
      if (!result.pageInfo.hasNextPage) return rows;
      after = result.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  }
  const walk = async (list: L, variables: Record<string, unknown>, first: number): Promise<string[]> =>
    (await walkNodes(list, variables, first)).map((node) => node.id);
  return { page, ids, walk, walkNodes };
}
