import type { DataSource } from 'typeorm';
import { startGateway, type GatewayOptions } from '../../gateway/src/gateway';
import { MemoryRateLimitStore } from '../../gateway/src/rate-limit';
import { createCustomersDataSource, listen as listenCustomers } from '../../subgraphs/customers/src';
import { createPartnersDataSource, listen as listenPartners } from '../../subgraphs/partners/src';
import { httpCrmClient } from '../../subgraphs/partners/src/crm/crm.client';
import { httpPrmClient } from '../../subgraphs/customers/src/access/prm.client';
import { guardScope, type ScopeGuard, type ScopeViolation } from '@sales-graph/shared/access/scope-guard';
import { signUserToken, type Identity } from '@sales-graph/shared/auth/identity';
import type { MembershipCheckOptions } from '@sales-graph/shared/auth/membership';
import { CRM_SCOPE } from '../../subgraphs/customers/src/access/scope';
import { PRM_SCOPE } from '../../subgraphs/partners/src/access/scope';
import type { RunningHttpServer } from '@sales-graph/shared/http';
import type { RunningSubgraph } from '@sales-graph/shared/subgraph';
import { createTestDatabase, type TestDatabase } from './database';
import { as } from './identities';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** POSTs a GraphQL operation; `auth` is a bearer token or extra headers. */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  try {
    return { status: response.status, ...(JSON.parse(text) as object) };
  } catch {
    return { status: response.status, errors: [{ message: text }] };
  }
}

export interface TestGraph {
  gateway: RunningHttpServer;
  /** With its outbox dispatcher and job runner (tests await their `nextRound()`, never the clock). */
  customers: RunningSubgraph;
  partners: Awaited<ReturnType<typeof listenPartners>>;
  crm: DataSource;
  prm: DataSource;
  token(identity: Identity): Promise<string>;
  /**
   * Reads of partner-visible tables made for a partner user that bypassed the scope API, in
   * either subgraph; `stop()` fails while any are left (take them to look at them in a test).
   */
  scopeViolations(): ScopeViolation[];
  /**
   * Stops the PRM's attribution dispatcher (waiting for its round in flight) and delivers what is
   * left, so the CRM's projection is current and no background call between the subgraphs runs
   * afterwards (a test that counts every span or statement in a window starts from here).
   */
  settleBackground(): Promise<void>;
  /**
   * Resolves once none of the three servers has a request in flight: every request answered so
   * far has closed, its server span ended and its metrics counted (await it instead of polling).
   */
  idle(): Promise<void>;
  /** Runs an operation through the gateway as `identity` (ADMIN by default). */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity,
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** The default identity of `graph.query` (`as.admin` of `identities.ts`). */
export const ADMIN: Identity = as.admin;

export interface TestGraphOptions {
  /**
   * Gateway settings (query limits, identity provider, timeouts…); the rest from the environment.
   * The rate limits (per identity, per partner, failed authentications per source) are off
   * unless given (`rateLimitPerMinute`, `rateLimits`), and kept in the process unless a
   * `rateLimitStore` is given: tests that seed through the gateway send hundreds of requests a
   * minute as one identity, and tests of refused tokens send many from one address.
   */
  gateway?: Omit<GatewayOptions, 'port' | 'subgraphUrls' | 'supergraphSdl'>;
  /**
   * Interval of the subgraphs' periodic jobs (e.g. the PRM's expiries). Off (0) unless given, so
   * that a test decides when time-based rules run.
   */
  jobsIntervalMs?: number;
  /**
   * Interval of the PRM's webhook dispatcher (WEBHOOK_POLL_MS). Off (0) unless given: webhook
   * tests drive their own dispatcher's rounds (`dispatchOnce(now)`).
   */
  webhooksPollMs?: number;
  /** Both subgraphs' membership cache (MEMBERSHIP_CACHE_MS) and its clock. */
  membership?: MembershipCheckOptions;
  /**
   * Where each subgraph connects for its fresh database (e.g. through a proxy a fault test cuts
   * and restores); the database itself by default.
   */
  databaseUrl?: (subgraph: 'customers' | 'partners', url: string) => Promise<string> | string;
}

/** Both subgraphs and the gateway on free ports, each subgraph on its own fresh, migrated database. */
export async function startTestGraph(options: TestGraphOptions = {}): Promise<TestGraph> {
  const databases: TestDatabase[] = [];
  const servers: RunningHttpServer[] = [];
  const dataSources: DataSource[] = [];
  try {
    const crmDb = await createTestDatabase('crm', { migrated: 'customers' });
    databases.push(crmDb);
    const prmDb = await createTestDatabase('prm', { migrated: 'partners' });
    databases.push(prmDb);
    const connectTo = options.databaseUrl ?? ((_subgraph, url: string) => url);
    const crmUrl = await connectTo('customers', crmDb.url);
    const prmUrl = await connectTo('partners', prmDb.url);
    const crm = await createCustomersDataSource(crmUrl, crmDb.poolMax).initialize();
    dataSources.push(crm);
    const prm = await createPartnersDataSource(prmUrl, prmDb.poolMax).initialize();
    dataSources.push(prm);
    const guards: ScopeGuard[] = [guardScope(crm, CRM_SCOPE), guardScope(prm, PRM_SCOPE)];
    // Each subgraph reaches the other (as the SERVICE identity); URLs are known once both listen.
    let partnersUrl = '';
    const customers = await listenCustomers(
      crm,
      0,
      httpPrmClient(() => partnersUrl),
      { membership: options.membership, jobsIntervalMs: options.jobsIntervalMs ?? 0 },
    );
    servers.push(customers);
    const partners = await listenPartners(
      prm,
      0,
      httpCrmClient(() => customers.url),
      {
        jobsIntervalMs: options.jobsIntervalMs ?? 0,
        membership: options.membership,
        webhooksPollMs: options.webhooksPollMs ?? 0,
      },
    );
    servers.push(partners);
    partnersUrl = partners.url;
    const gateway = await startGateway({
      rateLimitPerMinute: 0,
      rateLimitStore: new MemoryRateLimitStore(),
      ...options.gateway,
      rateLimits: { perPartner: 0, authFailuresPerSource: 0, ...options.gateway?.rateLimits },
      port: 0,
      subgraphUrls: { customers: customers.url, partners: partners.url },
    });
    servers.push(gateway);
    const tokens = new Map<string, string>();
    const token = async (identity: Identity) => {
      const key = JSON.stringify(identity);
      if (!tokens.has(key)) tokens.set(key, await signUserToken(identity));
      return tokens.get(key)!;
    };
    return {
      gateway,
      customers,
      partners,
      crm,
      prm,
      token,
      scopeViolations: () => guards.flatMap((guard) => guard.violations.splice(0)),
      async settleBackground() {
        await partners.attributions.stop();
        // A round claims one batch: deliver until none is left.
        while ((await partners.attributions.dispatchOnce()).claimed > 0);
      },
      async idle() {
        await Promise.all([gateway.idle(), customers.idle(), partners.idle()]);
      },
      async query(query, variables = {}, identity = ADMIN) {
        return postGraphQL(gateway.url, query, variables, {
          authorization: `Bearer ${await token(identity)}`,
        });
      },
      async stop() {
        const left = guards.flatMap((guard) => guard.violations.splice(0));
        await cleanup();
        if (left.length > 0) {
          const tables = [...new Set(left.map((violation) => violation.table))].join(', ');
          throw new Error(
            `${left.length} read(s) of partner-visible tables (${tables}) bypassed the scope API:\n` +
              left
                .slice(0, 5)
                .map((violation) => violation.statement.slice(0, 300))
                .join('\n'),
          );
        }
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }

  async function cleanup() {
    for (const server of servers.reverse()) await server.close().catch(() => undefined);
    for (const dataSource of dataSources) await dataSource.destroy().catch(() => undefined);
    for (const database of databases) await database.drop().catch(() => undefined);
  }
}
