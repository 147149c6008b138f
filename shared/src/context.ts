import type { DataSource } from 'typeorm';
import { NO_SCOPE, RowScope, type ScopeRegistry } from './access/scope';
import type { Identity } from './auth/identity';
import { Loaders } from './graphql/loaders';

/** What every resolver of a subgraph receives: who asks, and this request's loaders. */
export interface RequestContext {
  identity: Identity;
  loaders: Loaders;
  /** The caller's row scope: every read of a partner-visible table goes through it. */
  scope: RowScope;
  dataSource: DataSource;
  requestId: string;
  /** The request's `Idempotency-Key` header as sent (see `idempotency/idempotency.ts`). */
  idempotencyKey?: string | string[];
}

/**
 * The context every resolver of a subgraph receives for one request of `identity` (already
 * verified): the subgraph's services, its data source, the caller's row scope and fresh loaders.
 * `listenSubgraph` builds each request's with it, and so do service tests (`test/support/service.ts`).
 */
export function requestContext(
  service: { dataSource: DataSource; scope?: ScopeRegistry; services?: Record<string, unknown> },
  request: Pick<RequestContext, 'identity' | 'requestId' | 'idempotencyKey'>,
): RequestContext {
  const ctx = { ...service.services, ...request, dataSource: service.dataSource } as RequestContext;
  ctx.scope = new RowScope(ctx, service.scope ?? NO_SCOPE);
  ctx.loaders = new Loaders(ctx.scope);
  return ctx;
}

/**
 * The same request read as another identity (a SERVICE call on a partner's behalf): its own row
 * scope (the same registry, so the one rule per table) and fresh loaders.
 */
export function viewAs(ctx: RequestContext, identity: Identity): RequestContext {
  const view = { ...ctx, identity } as RequestContext;
  view.scope = ctx.scope.withContext(view);
  view.loaders = new Loaders(view.scope);
  return view;
}
