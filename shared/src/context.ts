import type { DataSource } from 'typeorm';
import type { RowScope } from './access/scope';
import type { Identity } from './auth/identity';
import type { Loaders } from './graphql/loaders';

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
