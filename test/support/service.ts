import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { guardScope, type ScopeGuard } from '@sales-graph/shared/access/scope-guard';
import type { ScopeRegistry } from '@sales-graph/shared/access/scope';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { requestContext, type RequestContext } from '@sales-graph/shared/context';
import { runInScope, type RequestScope } from '@sales-graph/shared/request-scope';
import { CRM_SCOPE } from '../../subgraphs/customers/src/access/scope';
import type { PrmClient } from '../../subgraphs/customers/src/access/prm.client';
import { PRM_SCOPE } from '../../subgraphs/partners/src/access/scope';
import type { PartnersContext } from '../../subgraphs/partners/src/context.type';
import type { CrmClient } from '../../subgraphs/partners/src/crm/crm.client';
import { prmMembershipCheck } from '../../subgraphs/partners/src/membership/membership.service';
import { createTestDatabase, subgraphDataSource, type SubgraphName, type TestDatabase } from './database';

export interface CustomersContext extends RequestContext {
  prm: PrmClient;
}

export interface ServiceTest<C extends RequestContext> {
  /** The subgraph's data source on its own fresh, migrated database. */
  dataSource: DataSource;
  /**
   * Runs `work` as one request of `identity` with the context a resolver of
   * the subgraph gets: the identity as the subgraph honours it (a PARTNER one with its
   * membership), the caller's row scope and fresh loaders, inside a request scope so that the
   * audit log records the caller.
   */
  as<T>(identity: Identity, work: (ctx: C) => Promise<T>): Promise<T>;
  /** Fails while a read of a partner-visible table bypassed the scope API; then closes everything. */
  stop(): Promise<void>;
}

export interface ServiceTestOptions {
  /**
   * The other subgraph's client (`prm` in the CRM, `crm` in the PRM). There is no other subgraph
   * in a service test: without it, a call answers an error naming the scenario to write instead.
   */
  client?: PrmClient | CrmClient;
}

/**
 * One subgraph's services against a real database, without the gateway or HTTP: a fresh database
 * with the subgraph's migrations (embedded: from the run's snapshot, see `database.ts`), and a
 * request context per call as a resolver gets it. For a module's rules that need the database
 * (transactions, locks, constraints, row scope); what crosses the subgraphs or the gateway
 * (tokens, field policy, partial answers) stays in the scenarios (`startTestGraph`).
 *
 * A PARTNER identity is checked as its subgraph checks it: the PRM looks its membership up in
 * its own tables (the partner and its user must exist); the CRM asks the PRM, which is not
 * here, so a CRM service test gives the identity's `membership` itself.
 */
export async function serviceTest(
  subgraph: 'customers',
  options?: ServiceTestOptions,
): Promise<ServiceTest<CustomersContext>>;
export async function serviceTest(
  subgraph: 'partners',
  options?: ServiceTestOptions,
): Promise<ServiceTest<PartnersContext>>;
export async function serviceTest(
  subgraph: SubgraphName,
  options: ServiceTestOptions = {},
): Promise<ServiceTest<RequestContext>> {
  let database: TestDatabase | undefined;
  let dataSource: DataSource | undefined;
  try {
    database = await createTestDatabase(subgraph === 'customers' ? 'crm_service' : 'prm_service', {
      migrated: subgraph,
    });
    dataSource = await subgraphDataSource(subgraph, database.url, database.poolMax).initialize();
  } catch (error) {
    await dataSource?.destroy().catch(() => undefined);
    await database?.drop().catch(() => undefined);
    throw error;
  }
  const ds = dataSource;
  const db = database;
  const scope: ScopeRegistry = subgraph === 'customers' ? CRM_SCOPE : PRM_SCOPE;
  const guard: ScopeGuard = guardScope(ds, scope);
  const other = subgraph === 'customers' ? 'partners' : 'customers';
  const client = options.client ?? absent(other);
  const membership = subgraph === 'partners' ? prmMembershipCheck(ds, { cacheMs: 0 }) : undefined;
  const services: Record<string, unknown> =
    subgraph === 'customers' ? { prm: client } : { crm: client, membership };

  async function verify(identity: Identity): Promise<Identity> {
    if (identity.role !== 'PARTNER') return identity;
    if (membership) return membership.verify(identity);
    if (!identity.membership) {
      throw new Error(
        'A CRM service test gives a PARTNER identity its membership (the PRM that checks it is not here)',
      );
    }
    return identity;
  }

  return {
    dataSource: ds,
    async as(identity, work) {
      const request: RequestScope = { requestId: randomUUID(), service: subgraph };
      return runInScope(request, async () => {
        // As in the subgraph: the identity is verified first, then the request acts as it.
        const verified = await verify(identity);
        request.actor = { sub: verified.sub, role: verified.role };
        return work(
          requestContext(
            { dataSource: ds, scope, services },
            { identity: verified, requestId: request.requestId },
          ),
        );
      });
    },
    async stop() {
      const left = guard.violations.splice(0);
      await ds.destroy().catch(() => undefined);
      await db.drop().catch(() => undefined);
      if (left.length > 0) {
        throw new Error(
          `${left.length} read(s) of partner-visible tables bypassed the scope API:\n` +
            left.map((violation) => violation.statement.slice(0, 300)).join('\n'),
        );
      }
    },
  } as ServiceTest<RequestContext>;
}

/** The other subgraph, absent: any call fails, saying where such a check belongs. */
function absent(subgraph: 'customers' | 'partners'): PrmClient & CrmClient {
  return new Proxy({} as PrmClient & CrmClient, {
    get(_target, name) {
      if (name === 'then') return undefined;
      return () =>
        Promise.reject(
          new Error(
            `${String(name)}() calls the ${subgraph} subgraph, which a service test does not start: ` +
              'pass `client` to serviceTest(), or test it in a scenario (startTestGraph)',
          ),
        );
    },
  });
}
