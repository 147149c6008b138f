import type { DataSource } from 'typeorm';
import type { Identity } from './auth/identity';
import type { Loaders } from './graphql/loaders';

/** What every resolver of a subgraph receives: who asks, and this request's loaders. */
export interface RequestContext {
  identity: Identity;
  loaders: Loaders;
  dataSource: DataSource;
  requestId: string;
}
