import { getMetadataStorage } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../context';
import { ConflictError, NotFoundError } from '../errors';

/**
 * How a mutation's first result is kept for its retries: records by reference (entity name and
 * id: a retry answers the same records, read as they are now through the caller's row scope),
 * everything else as JSON. A result marked `@ShownOnce()` (a secret shown once, such as a new API
 * key) is never stored: its retry answers CONFLICT instead of the secret.
 */
type Stored =
  | null
  | boolean
  | number
  | string
  | Stored[]
  | { $date: string }
  | { $entity: string; id: string }
  | { $class: string; fields: Record<string, Stored> }
  | { $shownOnce: string };

const shownOnce = new WeakSet<object>();

/** Marks an object type whose value holds a secret the API shows once: retries never repeat it. */
export function ShownOnce(): ClassDecorator {
  return (target) => {
    shownOnce.add(target);
  };
}

/** Whether the GraphQL object type `typeName` is marked `@ShownOnce()`. */
const isShownOnce = (typeName: string): boolean =>
  getMetadataStorage().objectTypes.some((type) => type.name === typeName && shownOnce.has(type.target));

/** The result of a mutation whose GraphQL return type is `typeName`, as kept for its retries. */
export function storeResult(value: unknown, dataSource: DataSource, typeName?: string): Stored {
  if (typeName && isShownOnce(typeName)) return { $shownOnce: typeName };
  return store(value, dataSource, new Set());
}

/** `path`: the objects being stored around this one, so a cycle ends (a repeated record does not). */
function store(value: unknown, dataSource: DataSource, path: Set<object>): Stored {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof Date) return { $date: value.toISOString() };
  if (typeof value !== 'object' || path.has(value)) return null;
  if (Array.isArray(value))
    return within(path, value, () => value.map((item) => store(item, dataSource, path)));
  const type = value.constructor;
  if (type !== Object && dataSource.hasMetadata(type)) {
    const metadata = dataSource.getMetadata(type);
    const id = (value as { id?: unknown }).id;
    if (metadata.primaryColumns.length === 1 && metadata.primaryColumns[0].propertyName === 'id' && id)
      return { $entity: metadata.name, id: String(id) };
  }
  return within(path, value, () => {
    const fields: Record<string, Stored> = {};
    for (const [key, field] of Object.entries(value)) {
      if (field !== undefined && typeof field !== 'function') fields[key] = store(field, dataSource, path);
    }
    return { $class: type.name, fields };
  });
}

function within<T>(path: Set<object>, value: object, run: () => T): T {
  path.add(value);
  try {
    return run();
  } finally {
    path.delete(value);
  }
}

/** The stored first result, with its records loaded (one statement per record type). */
export async function reviveResult(stored: Stored, ctx: RequestContext): Promise<unknown> {
  const wanted = new Map<string, Set<string>>();
  collect(stored, wanted);
  const loaded = new Map<string, Map<string, unknown>>();
  for (const [name, ids] of wanted) {
    const repo = ctx.dataSource.getRepository(name);
    const qb = (await ctx.scope.query(repo, 'e')).withDeleted().andWhereInIds([...ids]);
    loaded.set(name, new Map((await qb.getMany()).map((row) => [String((row as { id: string }).id), row])));
  }
  return build(stored, loaded);
}

function collect(stored: Stored, wanted: Map<string, Set<string>>): void {
  if (stored === null || typeof stored !== 'object') return;
  if (Array.isArray(stored)) return stored.forEach((item) => collect(item, wanted));
  if ('$entity' in stored) {
    wanted.set(stored.$entity, (wanted.get(stored.$entity) ?? new Set()).add(stored.id));
  } else if ('$class' in stored) {
    for (const field of Object.values(stored.fields)) collect(field, wanted);
  }
}

function build(stored: Stored, loaded: Map<string, Map<string, unknown>>): unknown {
  if (stored === null || typeof stored !== 'object') return stored;
  if (Array.isArray(stored)) return stored.map((item) => build(item, loaded));
  if ('$date' in stored) return new Date(stored.$date);
  if ('$shownOnce' in stored)
    throw new ConflictError(
      'This Idempotency-Key was used by a request whose answer held a secret shown once; it is not shown again. ' +
        'The first request did take effect: find its record in the list (e.g. apiKeys) or use a new key.',
      'Idempotency-Key',
    );
  if ('$entity' in stored) {
    const row = loaded.get(stored.$entity)?.get(stored.id);
    // Gone since (or no longer readable by the caller): the same answer as a read of it.
    if (!row) throw new NotFoundError(stored.$entity, stored.id);
    return row;
  }
  const fields = Object.fromEntries(
    Object.entries(stored.fields).map(([key, field]) => [key, build(field, loaded)]),
  );
  const type = objectTypeNamed(stored.$class);
  return type ? Object.assign(Object.create(type.prototype as object) as object, fields) : fields;
}

/** The object type class of that name, when exactly one is declared (getters and `instanceof` keep working). */
function objectTypeNamed(name: string): { prototype: unknown } | undefined {
  const matches = getMetadataStorage().objectTypes.filter((type) => type.target.name === name);
  return matches.length === 1 ? (matches[0].target as { prototype: unknown }) : undefined;
}
