import type { DataSource, EntityManager } from 'typeorm';

/**
 * Typed domain events: something that happened to a module's record, announced by the module that
 * owns it INSIDE the transaction that made it happen, so every reaction commits (or rolls back)
 * with it. Modules do not call each other to react; they subscribe.
 *
 * - A module declares its events as a map from event type to payload (`interface LeadEvents {
 *   LeadCreated: { lead: Lead; by: string } }`) and emits them with `emit<LeadEvents>(manager, {
 *   type: 'LeadCreated', lead, by })` where `manager` is the transaction's EntityManager.
 * - The subgraph's composition root builds one `Subscriptions<AllEvents>` (handlers in the order
 *   they are added; `onAny` handlers, e.g. an outbox writer, see every event after the typed ones)
 *   and wires it to the data source with `wireSubscriptions(dataSource, subscriptions)`.
 * - `emit` runs the handlers one after the other, awaited, on the same `manager`: a handler that
 *   throws fails the emit, and so the caller's transaction. A handler may emit in turn (depth-first,
 *   at most MAX_EMIT_DEPTH levels, so a reaction loop fails loudly instead of spinning).
 * - A data source nothing was wired to (a seed run, a migration) emits to no one.
 */

/** Event type → payload. */
export type EventMap = object;

/** One event of a map: its `type` plus that type's payload. */
export type EventOf<M extends EventMap, K extends keyof M = keyof M> = K extends keyof M & string
  ? { type: K } & M[K]
  : never;

export type Handler<M extends EventMap, K extends keyof M = keyof M> = (
  manager: EntityManager,
  event: EventOf<M, K>,
) => Promise<void> | void;

interface Registration {
  type: string | null;
  name: string;
  handle: (manager: EntityManager, event: { type: string }) => Promise<void> | void;
}

export const MAX_EMIT_DEPTH = 8;

/** The subscribers of one subgraph, in the order they run. */
export class Subscriptions<M extends EventMap> {
  private readonly registrations: Registration[] = [];
  private readonly names = new Set<string>();

  /** Runs `handle` for every `type` event, after the handlers added before it. */
  on<K extends keyof M & string>(type: K, name: string, handle: Handler<M, K>): this {
    return this.add({ type, name, handle: handle as Registration['handle'] });
  }

  /** Runs `handle` for every event of the map (e.g. to write it to the outbox), after the typed handlers. */
  onAny(name: string, handle: Handler<M>): this {
    return this.add({ type: null, name, handle: handle as Registration['handle'] });
  }

  /** The handlers an event of `type` runs, in order: typed ones as added, then the `onAny` ones. */
  handlersOf(type: string): readonly Registration[] {
    return [
      ...this.registrations.filter((r) => r.type === type),
      ...this.registrations.filter((r) => r.type === null),
    ];
  }

  private add(registration: Registration): this {
    const key = `${registration.type ?? '*'}:${registration.name}`;
    if (this.names.has(key)) throw new Error(`Subscriber "${registration.name}" is already on ${key}`);
    this.names.add(key);
    this.registrations.push(registration);
    return this;
  }
}

/** What `emit` needs of a data source's subscriptions (any event map). */
interface Wired {
  handlersOf(type: string): readonly Registration[];
}

const wired = new WeakMap<DataSource, Wired>();
const depth = new WeakMap<EntityManager, number>();

/** Makes `subscriptions` the reactions to every event emitted on this data source (replaces any before). */
export function wireSubscriptions<M extends EventMap>(
  dataSource: DataSource,
  subscriptions: Subscriptions<M>,
): void {
  wired.set(dataSource, subscriptions);
}

/**
 * Announces `event` inside the caller's transaction (`manager` must be the transaction's): every
 * subscriber of its type runs now, in order, in that transaction. Resolves when all have run;
 * rejects with the first subscriber's error (the caller's transaction then rolls back).
 */
export async function emit<M extends EventMap>(manager: EntityManager, event: EventOf<M>): Promise<void> {
  const subscriptions = wired.get(manager.connection);
  if (!subscriptions) return;
  const handlers = subscriptions.handlersOf(event.type);
  if (handlers.length === 0) return;
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`Event ${event.type} emitted outside a transaction: emit with the transaction's manager`);
  }
  const level = depth.get(manager) ?? 0;
  if (level >= MAX_EMIT_DEPTH) {
    throw new Error(`Event ${event.type} emitted ${MAX_EMIT_DEPTH} levels deep: a reaction loop?`);
  }
  depth.set(manager, level + 1);
  try {
    for (const handler of handlers) await handler.handle(manager, event);
  } finally {
    depth.set(manager, level);
  }
}
