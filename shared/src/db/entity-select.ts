import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata, ObjectLiteral, Repository } from 'typeorm';
import { renderScope, SCOPED_SQL, type ScopeCondition } from '../access/scope';

/**
 * The hot reads (every loader's batch, every relation page) in plain SQL: the entity's column
 * list is built once per entity, the conditions are the caller's, and the rows are hydrated by
 * TypeORM's own column metadata (`prepareHydratedValue`, transformers, embedded columns), so they
 * are the same entities `getMany()` would return. TypeORM's query builder, which rebuilds and
 * rewrites the whole statement on every call (`replacePropertyNamesForTheWholeQuery`,
 * `createSelectExpression`), was the largest self time of the subgraphs per request.
 *
 * Like the query builder, it leaves out soft-deleted rows (`@DeleteDateColumn`). The statement
 * starts with the scope mark, and it is true: the caller's row scope is an argument
 * (`RowScope.condition(metadata)`: null when the caller reads every row), applied here on `e`, so
 * no caller can send the mark without the condition.
 */
export async function selectEntities<T extends ObjectLiteral>(
  repo: Repository<T>,
  scope: ScopeCondition | null,
  statement: {
    /** Conditions on alias `e`, with named parameters (`:ids`, `:...list`). */
    where: string;
    params?: Record<string, unknown>;
    /** e.g. `e.created_at ASC, e.id ASC`. */
    orderBy?: string;
  },
): Promise<T[]> {
  const shape = shapeOf(repo.metadata);
  const live = shape.deleted ? ` AND e.${shape.deleted} IS NULL` : '';
  const scoped = scope ? ` AND ${renderScope(scope, 'e', () => 'CAST(:entityScopeValues AS uuid[])')}` : '';
  const order = statement.orderBy ? ` ORDER BY ${statement.orderBy}` : '';
  const [sql, params] = repo.manager.connection.driver.escapeQueryWithParameters(
    `${shape.select} WHERE (${statement.where})${live}${scoped}${order}`,
    { ...statement.params, ...(scope ? { entityScopeValues: [...scope.values] } : {}) },
    {},
  );
  const rows = (await repo.manager.query(sql, params)) as Record<string, unknown>[];
  return rows.map((row) => hydrate<T>(repo, shape.columns, row));
}

interface Shape {
  /** `/* scope *\/ SELECT e."id", … FROM "schema"."table" e` */
  select: string;
  columns: readonly ColumnMetadata[];
  deleted?: string;
}

const shapes = new WeakMap<EntityMetadata, Shape>();

function shapeOf(metadata: EntityMetadata): Shape {
  let shape = shapes.get(metadata);
  if (!shape) {
    // What `getMany()` hydrates: the selectable, non-virtual columns (relation-only join columns are virtual).
    const columns = metadata.columns.filter((column) => column.isSelect && !column.isVirtual);
    // Quoted as TypeORM quotes it, so a statement reads the same in logs and counts.
    const table = metadata.tablePath
      .split('.')
      .map((part) => `"${part}"`)
      .join('.');
    shape = {
      select: `${SCOPED_SQL} SELECT ${columns.map((column) => `e."${column.databaseName}"`).join(', ')} FROM ${table} e`,
      columns,
      deleted: metadata.deleteDateColumn?.databaseName,
    };
    shapes.set(metadata, shape);
  }
  return shape;
}

function hydrate<T extends ObjectLiteral>(
  repo: Repository<T>,
  columns: readonly ColumnMetadata[],
  row: Record<string, unknown>,
): T {
  const driver = repo.manager.connection.driver;
  const entity = repo.metadata.create(repo.manager.queryRunner, { fromDeserializer: true }) as T;
  for (const column of columns) {
    const value = row[column.databaseName];
    if (value !== undefined) column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
  }
  return entity;
}
