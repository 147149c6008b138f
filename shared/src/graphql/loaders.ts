import DataLoader from 'dataloader';
import { In, type ObjectLiteral, type Repository } from 'typeorm';
import type { ChildFilter, Connection, ConnectionArgs, SortKey } from './pagination';
import { loadChildConnections } from './pagination';

/**
 * Request-scoped DataLoaders, created on first use under a name. Every relation and every
 * `__resolveReference` reads through one of these, so a query costs a fixed number of
 * statements however many rows sit behind it.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

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
      const rows = await repo.find({ where: { id: In([...ids]) } as never });
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
      const rows = await repo.find({ where: { [property]: In([...keys]) } as never });
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
      const rows = await repo.find({ where: { [property]: In([...keys]) } as never, order: order as never });
      const groups = new Map<string, T[]>();
      for (const row of rows) {
        const key = String(row[property]);
        groups.set(key, [...(groups.get(key) ?? []), row]);
      }
      return keys.map((key) => groups.get(key) ?? []);
    });
  }

  /** One page of a relation per parent, batched across parents that ask for the same page. */
  connection<T extends ObjectLiteral>(
    repo: Repository<T>,
    parentProperty: string,
    args: ConnectionArgs,
    sort?: SortKey,
    onlyIds?: readonly string[],
    where?: ChildFilter,
  ): DataLoader<string, Connection<T>> {
    const name = `${repo.metadata.name}.connection.${parentProperty}.${JSON.stringify([args.first, args.after, sort, Boolean(onlyIds), where ?? null])}`;
    return this.get<string, Connection<T>>(name, async (parentIds) => {
      const pages = await loadChildConnections(repo, {
        parentProperty,
        parentIds,
        args,
        sort,
        onlyIds,
        where,
      });
      return parentIds.map((id) => pages.get(id)!);
    });
  }
}
