import {
  EntityMetadata,
  type EntityTarget,
  type ObjectLiteral,
  type Repository,
  type SelectQueryBuilder,
} from 'typeorm';
import type { RequestContext } from '../context';

/**
 * How a partner-visible table is scoped: a row is readable when one of `columns` holds one of
 * the caller's `values` (its partner id, or the ids of a claim set). Declared once per entity in
 * the subgraph's registry; everything that reads the table goes through `RowScope`.
 */
export interface ScopeRule {
  /** uuid properties (e.g. `partnerId`, `id`, `dealId`) compared with the caller's values. */
  properties: readonly string[];
  /** The values the caller may see in those columns (loaded once per request). */
  values: (ctx: RequestContext) => Promise<readonly string[]>;
}

/** SQL comment every statement built by the scope API starts with (the test guard looks for it). */
export const SCOPE_MARK = 'scope';
/**
 * Comment for a read that must see rows beyond the caller's scope (a conflict check spanning every
 * partner), with its reason; what it returns must never reach the caller unfiltered.
 */
export const systemMark = (reason: string) => `${SCOPE_MARK}:system ${reason.replace(/\*\//g, '')}`;
/** Prefix for hand-written SQL: `${SCOPED_SQL} SELECT ...`. */
export const SCOPED_SQL = `/* ${SCOPE_MARK} */`;

/** One subgraph's partner-visible entities, each with its rule. */
export class ScopeRegistry {
  private readonly rules = new Map<string, ScopeRule>();

  constructor(entries: readonly (readonly [entity: { name: string }, rule: ScopeRule])[]) {
    for (const [entity, rule] of entries) this.rules.set(entity.name, rule);
  }

  rule(entityName: string): ScopeRule | undefined {
    return this.rules.get(entityName);
  }

  entityNames(): string[] {
    return [...this.rules.keys()];
  }
}

/** An empty registry: nothing is row-scoped (a subgraph with no partner-visible tables). */
export const NO_SCOPE = new ScopeRegistry([]);

/** A condition on one table alias, rendered for either named (`:p`) or positional (`$n`) parameters. */
export interface ScopeCondition {
  columns: readonly string[];
  values: readonly string[];
}

export function renderScope(
  condition: ScopeCondition,
  alias: string,
  param: (values: readonly string[]) => string,
): string {
  const placeholder = param(condition.values);
  return `(${condition.columns.map((column) => `${alias}.${column} = ANY(${placeholder})`).join(' OR ')})`;
}

/**
 * The caller's row scope for one request: internal roles read every row; a partner user reads a
 * registered entity's rows only as far as its rule allows, and a row outside it reads as missing.
 */
export class RowScope {
  private readonly cache = new Map<string, Promise<readonly string[]>>();
  private counter = 0;

  constructor(
    private readonly ctx: RequestContext,
    private readonly registry: ScopeRegistry,
  ) {}

  /** The same rules for another context (`viewAs`: a service reading as a partner). */
  withContext(ctx: RequestContext): RowScope {
    return new RowScope(ctx, this.registry);
  }

  /** Whether the caller is row-scoped at all. */
  get scoped(): boolean {
    return this.ctx.identity.role === 'PARTNER';
  }

  private values(entityName: string, rule: ScopeRule): Promise<readonly string[]> {
    let values = this.cache.get(entityName);
    if (!values) {
      // A PARTNER identity without a partner id sees nothing rather than everything.
      values = this.ctx.identity.partnerId ? rule.values(this.ctx) : Promise.resolve([]);
      this.cache.set(entityName, values);
    }
    return values;
  }

  /** The condition rows of this entity must meet, or null when the caller reads them all. */
  async condition(metadata: EntityMetadata): Promise<ScopeCondition | null> {
    if (!this.scoped) return null;
    const rule = this.registry.rule(metadata.name);
    if (!rule) return null;
    const columns = rule.properties.map((property) => {
      const column = metadata.findColumnWithPropertyPath(property);
      if (!column) throw new Error(`${metadata.name} has no column ${property}`);
      return column.databaseName;
    });
    return { columns, values: await this.values(metadata.name, rule) };
  }

  /** Restricts a query builder to the rows the caller may read, and marks it as scoped. */
  async where<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    alias: string = qb.alias,
    metadata: EntityMetadata = qb.expressionMap.mainAlias!.metadata,
  ): Promise<SelectQueryBuilder<T>> {
    const condition = await this.condition(metadata);
    qb.comment(SCOPE_MARK);
    if (!condition) return qb;
    const name = `scope_${(this.counter += 1)}`;
    return qb.andWhere(
      renderScope(condition, alias, () => `CAST(:${name} AS uuid[])`),
      { [name]: [...condition.values] },
    );
  }

  /** A scoped query builder over a repository: where every root list and by-id read starts. */
  query<T extends ObjectLiteral>(repo: Repository<T>, alias: string): Promise<SelectQueryBuilder<T>> {
    return this.where(repo.createQueryBuilder(alias), alias, repo.metadata);
  }

  /** Whether the caller may read a row already in hand (e.g. one a write is about to change). */
  async allows(entity: EntityMetadata | EntityTarget<ObjectLiteral>, row: ObjectLiteral): Promise<boolean> {
    const metadata = entity instanceof EntityMetadata ? entity : this.ctx.dataSource.getMetadata(entity);
    return (await this.filter(metadata.name, [row])).length === 1;
  }

  /**
   * Rows in hand (e.g. another subgraph's records an aggregate is computed from) that the caller
   * may read one by one, by the rule registered under `name`: an aggregate counts only these.
   */
  async filter<R extends ObjectLiteral>(name: string, rows: readonly R[]): Promise<R[]> {
    const rule = this.scoped ? this.registry.rule(name) : undefined;
    if (!rule) return [...rows];
    const values = new Set(await this.values(name, rule));
    return rows.filter((row) =>
      rule.properties.some((property) => row[property] != null && values.has(String(row[property]))),
    );
  }

  /**
   * The ids of `name` rows (e.g. partners) the caller may read, for an aggregate keyed by its
   * owner: the aggregate runs for these keys only, so it counts only rows the caller may read.
   */
  async readableIds(name: string, ids: readonly string[]): Promise<Set<string>> {
    return new Set(
      (
        await this.filter(
          name,
          ids.map((id) => ({ id })),
        )
      ).map((row) => row.id),
    );
  }
}
