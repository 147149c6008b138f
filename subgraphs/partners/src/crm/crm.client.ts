import { signForwardedIdentity } from '../../../../shared/src/auth/identity';
import { IDENTITY_HEADER } from '../../../../shared/src/auth/identity';
import { subgraphUrl } from '../../../../shared/src/config';
import { AppError } from '../../../../shared/src/errors';

/**
 * The PRM reads CRM records through the customers subgraph's own API, never its tables. It calls
 * with a service identity (read-only) signed for the customers subgraph.
 */
export interface CrmClient {
  /** Of these ids, the ones that name an existing record of `type`. */
  existing(type: 'Deal' | 'Lead', ids: readonly string[]): Promise<Set<string>>;
}

export const PARTNERS_SERVICE_IDENTITY = { sub: 'service:partners', role: 'ANALYST' as const };

export function httpCrmClient(url: () => string = () => subgraphUrl('customers')): CrmClient {
  return {
    async existing(type, ids) {
      if (ids.length === 0) return new Set();
      const response = await fetch(url(), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDENTITY_HEADER]: await signForwardedIdentity(PARTNERS_SERVICE_IDENTITY, 'customers'),
        },
        body: JSON.stringify({
          query: `query Exists($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { id } } }`,
          variables: { r: ids.map((id) => ({ __typename: type, id })) },
        }),
        signal: AbortSignal.timeout(5000),
      }).catch(() => undefined);
      const body = response?.ok
        ? ((await response.json()) as { data?: { _entities: ({ id: string } | null)[] } })
        : undefined;
      if (!body?.data)
        throw new AppError(
          'SERVICE_UNAVAILABLE',
          'The CRM could not be reached to check the record; try again',
        );
      return new Set(body.data._entities.filter((e): e is { id: string } => e !== null).map((e) => e.id));
    },
  };
}
