import type { DataSource } from 'typeorm';
import { RowScope, type ScopeRegistry } from '@sales-graph/shared/access/scope';
import type { Identity } from '@sales-graph/shared/auth/identity';
import type { RequestContext } from '@sales-graph/shared/context';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import type { ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import type { Connection, ConnectionArgs } from '@sales-graph/shared/graphql/pagination';

/**
 * What the list-plan tests share: capture the page statement a list sends (the keyset page is the
 * one with `LIMIT 21` for `first: 20`), EXPLAIN ANALYZE it, and summarise what its plan read of a
 * table. Each test file keeps only its data, its lists and its cases.
 */

/** One node of an `EXPLAIN (FORMAT JSON)` plan, with the fields the tests read. */
export interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** Every node of a plan, the root first. */
export const planNodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(planNodes)];

/** Rows a scan read: actual rows × loops, plus the rows its filter and index recheck dropped. */
export const rowsRead = (node: PlanNode): number =>
  ((node['Actual Rows'] ?? 0) +
    (node['Rows Removed by Filter'] ?? 0) +
    (node['Rows Removed by Index Recheck'] ?? 0)) *
  (node['Actual Loops'] ?? 1);

export interface Statement {
  sql: string;
  parameters: unknown[];
}

/** Runs `work` and returns its result and the page statement (`LIMIT 21`) it sent on `db`. */
export async function capturePage<T>(db: DataSource, work: () => Promise<T>): Promise<[T, Statement]> {
  const logger = statementCounter(db);
  const captured: Statement[] = [];
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (sql: string, parameters?: unknown[]) => {
    captured.push({ sql, parameters: parameters ?? [] });
    original(sql);
  };
  let result: T;
  try {
    result = await work();
  } finally {
    logger.logQuery = original;
  }
  const page = captured.find((statement) => /LIMIT 21/.test(statement.sql));
  if (!page) throw new Error(`no page statement among ${JSON.stringify(captured)}`);
  return [result, page];
}

/** The nodes of the statement's plan, run for real (`EXPLAIN ANALYZE`). */
export async function explainNodes(db: DataSource, statement: Statement): Promise<PlanNode[]> {
  const [row] = (await db.query(
    `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${statement.sql}`,
    statement.parameters,
  )) as { 'QUERY PLAN': [{ Plan: PlanNode }] | string }[];
  const raw = row['QUERY PLAN'];
  const explained = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
  return planNodes(explained[0].Plan);
}

/** A request context for a list service: the caller, its row scope on `registry`, the data source. */
export function listContext<C extends RequestContext>(
  db: DataSource,
  identity: Identity,
  registry: ScopeRegistry,
): C {
  const ctx = { identity, dataSource: db, requestId: 'plan-test' } as unknown as C;
  ctx.scope = new RowScope(ctx, registry);
  return ctx;
}

/** A list service, as the plan tests call it. */
export type ListRun<C> = (ctx: C, args: ConnectionArgs, query: ListQueryArgs) => Promise<Connection<object>>;

/** What a page's plan read of the list's table. */
export interface ListPlan {
  sql: string;
  /** Rows the page answered. */
  rows: number;
  indexes: (string | undefined)[];
  seqScans: number;
  /** The most rows one scan of the table read. */
  read: number;
  sorts: number;
  /** One line per node, for PLAN_DEBUG. */
  shape: string[];
}

/**
 * The page statement `run` sends for `query` as `ctx` (its second page when `second`, so the
 * keyset condition is in it), and what its plan reads of `table`.
 */
export async function listPagePlan<C>(
  db: DataSource,
  table: string,
  run: ListRun<C>,
  ctx: C,
  query: ListQueryArgs,
  second: boolean,
): Promise<ListPlan> {
  const after = second ? (await run(ctx, { first: 20 }, query)).pageInfo.endCursor : null;
  const [page, statement] = await capturePage(db, () => run(ctx, { first: 20, after }, query));
  const all = await explainNodes(db, statement);
  const scans = all.filter(
    (node) => node['Relation Name'] === table || (node['Index Name'] ?? '').startsWith(table),
  );
  return {
    sql: statement.sql,
    rows: page.edges.length,
    indexes: scans.filter((node) => /Index/.test(node['Node Type'])).map((node) => node['Index Name']),
    seqScans: scans.filter((node) => node['Node Type'] === 'Seq Scan').length,
    read: Math.max(0, ...scans.map(rowsRead)),
    sorts: all.filter((node) => node['Node Type'] === 'Sort').length,
    shape: all.map(
      (node) =>
        `${node['Node Type']} ${node['Index Name'] ?? node['Relation Name'] ?? ''} rows=${node['Actual Rows']} removed=${node['Rows Removed by Filter'] ?? 0}`,
    ),
  };
}
