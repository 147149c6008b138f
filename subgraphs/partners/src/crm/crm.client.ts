import { subgraphUrl } from '../../../../shared/src/config';
import { callSubgraph } from '../../../../shared/src/subgraph-client';

/**
 * The PRM reads CRM records through the customers subgraph's own API, never its tables, as the
 * read-only SERVICE identity.
 */
export interface CrmClient {
  /** Of these ids, the ones that name an existing record of `type`. */
  existing(type: 'Deal' | 'Lead', ids: readonly string[]): Promise<Set<string>>;
}

export function httpCrmClient(url: () => string = () => subgraphUrl('customers')): CrmClient {
  return {
    async existing(type, ids) {
      if (ids.length === 0) return new Set();
      const data = await callSubgraph<{ _entities: ({ id: string } | null)[] }>(
        'partners',
        'customers',
        url(),
        `query Exists($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { id } } }`,
        { r: ids.map((id) => ({ __typename: type, id })) },
      );
      return new Set(data._entities.filter((e): e is { id: string } => e !== null).map((e) => e.id));
    },
  };
}
