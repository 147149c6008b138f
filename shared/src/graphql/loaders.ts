import DataLoader from 'dataloader';
import type { ObjectLiteral, Repository } from 'typeorm';
import type { RowScope } from '../access/scope';
import { selectEntities } from '../db/entity-select';
import { groupBy } from '../group-by';
import type { ChildFilter, Connection, ConnectionArgs, SortKey } from './pagination';
import { loadChildConnections } from './pagination';

/**
 * Request-scoped DataLoaders, created on first use under a name. Every relation and every
 * `__resolveReference` reads through one of these, so a query costs a fixed number of
 * statements however many rows sit behind it. Each reads through the caller's row scope, so a
 * row the caller may not read loads as missing.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  constructor(private readonly scope: RowScope) {}

  /** Rows whose `property` is one of `keys`, within the caller's scope, in plain SQL (`selectEntities`). */
  private async rowsWhere<T extends ObjectLiteral>(
    repo: Repository<T>,
    property: string,
    keys: readonly string[],
    orderBy?: string,
  ): Promise<T[]> {
    const column = repo.metadata.findColumnWithPropertyPath(property);
    if (!column) throw new Error(`${repo.metadata.name} has no column ${property}`);
    return selectEntities(repo, await this.scope.condition(repo.metadata), {
      where: `e.${column.databaseName} IN (:...keys)`,
      params: { keys: [...keys] },
      orderBy,
    });
  }

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /** Rows by primary key; a missing id loads as null. */
  byId<T extends ObjectLiteral & { id: string }>(repo: Repository<T>): DataLoader<string, T | null> {
    return this.get<string, T | null>(`${repo.metadata.name}.byId`, async (ids) => {
      const rows = await this.rowsWhere(repo, 'id', ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** The one row whose `property` (unique among live rows) equals each key; null if none. */
  oneBy<T extends ObjectLiteral>(
    repo: Repository<T>,
    property: keyof T & string,
  ): DataLoader<string, T | null> {
    return this.get<string, T | null>(`${repo.metadata.name}.oneBy.${property}`, async (keys) => {
      const rows = await this.rowsWhere(repo, property, keys);
      const byKey = new Map(rows.map((row) => [String(row[property]), row]));
      return keys.map((key) => byKey.get(key) ?? null);
    });
  }

  /** All rows whose `property` equals each key (small, unpaginated relations). */
  manyBy<T extends ObjectLiteral>(
    repo: Repository<T>,
    property: keyof T & string,
    order: Record<string, 'ASC' | 'DESC'> = { createdAt: 'ASC', id: 'ASC' },
  ): DataLoader<string, T[]> {
    return this.get<string, T[]>(`${repo.metadata.name}.manyBy.${property}`, async (keys) => {
      const orderBy = Object.entries(order)
        .map(([orderProperty, direction]) => {
          const column = repo.metadata.findColumnWithPropertyPath(orderProperty);
          if (!column) throw new Error(`${repo.metadata.name} has no column ${orderProperty}`);
          return `e.${column.databaseName} ${direction === 'DESC' ? 'DESC' : 'ASC'}`;
        })
        .join(', ');
      const rows = await this.rowsWhere(repo, property, keys, orderBy);
      const groups = groupBy(rows, (row) => String(row[property]));
      return keys.map((key) => groups.get(key) ?? []);
    });
  }

  /** One page of a relation per parent, batched across parents that ask for the same page. */
  connection<T extends ObjectLiteral>(
    repo: Repository<T>,
    parentProperty: string,
    args: ConnectionArgs,
    sort?: SortKey,
    where?: ChildFilter,
  ): DataLoader<string, Connection<T>> {
    const name = `${repo.metadata.name}.connection.${parentProperty}.${JSON.stringify([args.first, args.after, sort, where ?? null])}`;
    return this.get<string, Connection<T>>(name, async (parentIds) => {
      const pages = await loadChildConnections(repo, {
        parentProperty,
        parentIds,
        args,
        sort,
        scope: await this.scope.condition(repo.metadata),
        where,
      });
      return parentIds.map((id) => pages.get(id)!);
    });
  }
}
