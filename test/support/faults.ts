import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import type { RunningHttpServer } from '@sales-graph/shared/http';
import type { GraphQLResponse, TestGraph } from './graph';
import { partnerUser } from './fixtures';
import { seedHeadline } from './headline';
import type { Identity } from '@sales-graph/shared/auth/identity';

type Path = (string | number)[];

export interface FaultFixture {
  customerId: string;
  partnerId: string;
  /** The partner that referred the customer's lead. */
  referrerId: string;
  /** An ACTIVE user of the partner that sourced one of the customer's deals. */
  partner: Identity;
}

/**
 * A customer with three deals (one sourced by Northwind, one made from a lead Contoso referred,
 * one direct) and a user of Northwind: each query of the fault scenarios reads both subgraphs.
 */
export async function seedFaultFixture(graph: TestGraph): Promise<FaultFixture> {
  const { customerId, partnerId, referrerId } = await seedHeadline(graph, '1250.50');
  return { customerId, partnerId, referrerId, partner: await partnerUser(graph, partnerId) };
}

/** A CRM-rooted read that reaches the PRM for each deal's partner and each lead's referrer. */
export const CUSTOMER_QUERY = `query Customer($id: ID!) {
  customer(id: $id) {
    id name
    deals(first: 10) {
      totalCount
      edges { node { id title amount currency stage sourcedBy { id name tier } lead { id status referredBy { id name } } } }
    }
  }
}`;

/** A PRM-rooted read that reaches the CRM for each of the partner's deals. */
export const PARTNER_QUERY = `query Partner($id: ID!) {
  partner(id: $id) {
    id name tier status
    deals(first: 10) { totalCount edges { node { id title amount currency stage createdAt sourcedBy { id name } } } }
  }
}`;

/**
 * Both roots in one operation (one side's outage must not take the other's root with it), and a
 * partner's referred leads, whose CRM fields cross the boundary like a deal's.
 */
export const BOTH_QUERY = `query Both($customer: ID!, $partner: ID!, $referrer: ID!) {
  customer(id: $customer) { id name deals(first: 10) { totalCount edges { node { id title sourcedBy { id name } } } } }
  partner(id: $partner) { id name deals(first: 10) { totalCount edges { node { id title stage } } } }
  referrer: partner(id: $referrer) {
    id name
    leads(first: 10, relation: REFERRED) { totalCount edges { node { id status source score createdAt } } }
  }
}`;

/**
 * A subgraph dies: it stops listening and every connection it has (requests in flight included)
 * is cut, as when its process is killed.
 */
export function kill(server: RunningHttpServer): void {
  server.server.close();
  server.server.closeAllConnections();
}

export interface LoadResult {
  response: GraphQLResponse;
  /** Whether the request was sent after the kill (it then found the subgraph gone). */
  sentAfterKill: boolean;
  /** Whether the request was in flight at the kill. */
  inFlightAtKill: boolean;
  label: string;
}

export interface LoadRequest {
  label: string;
  send: () => Promise<GraphQLResponse>;
}

/**
 * Sends `requests` with `concurrency` of them in flight at any time and calls `onKill` when the
 * `killAfter`-th response arrives, while the other workers' requests are still in flight (each
 * worker sends its next request as soon as it has an answer). Nothing waits on a clock.
 */
export async function killedUnderLoad(
  requests: LoadRequest[],
  { concurrency, killAfter, onKill }: { concurrency: number; killAfter: number; onKill: () => void },
): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  const inFlight = new Set<number>();
  let next = 0;
  let killed = false;
  let killedWith: Set<number> = new Set();
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      const sentAfterKill = killed;
      inFlight.add(index);
      const response = await requests[index].send();
      inFlight.delete(index);
      results.push({
        response,
        sentAfterKill,
        inFlightAtKill: killedWith.has(index),
        label: requests[index].label,
      });
      if (!killed && results.length >= killAfter) {
        killed = true;
        killedWith = new Set(inFlight);
        onKill();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

const valueAt = (data: unknown, path: Path): unknown =>
  path.reduce<unknown>(
    (value, key) =>
      value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key],
    data,
  );

/**
 * Checks one answer given during an outage against the answer of the healthy graph: every value
 * is the healthy one, or null where `mayFail` allows it (a field the failed subgraph owns) with a
 * SERVICE_UNAVAILABLE error at exactly that path; and every error has a path, that code and a null
 * at its path. Returns whether the answer was complete.
 */
export function expectPartialOf(
  response: GraphQLResponse,
  healthy: Record<string, unknown>,
  mayFail: (path: Path) => boolean,
): 'complete' | 'partial' {
  expect(response.status).toBeLessThan(500);
  const errors = response.errors ?? [];
  const errorPaths = new Set(errors.map((error) => JSON.stringify(error.path)));
  for (const error of errors) {
    expect(error.path).toEqual(expect.any(Array));
    const { path } = error;
    expect({ path, code: error.extensions?.code }).toEqual({ path, code: 'SERVICE_UNAVAILABLE' });
    expect({ path, value: valueAt(response.data ?? null, path!) ?? null }).toEqual({ path, value: null });
    expect({ path, mayFail: mayFail(path!) }).toEqual({ path, mayFail: true });
  }
  const walk = (actual: unknown, expected: unknown, path: Path) => {
    if (isDeepStrictEqual(actual, expected)) return;
    if (actual === null || actual === undefined) {
      // Nulled by the outage: allowed for the failed side's fields, and always explained.
      expect({ path, nullable: mayFail(path) }).toEqual({ path, nullable: true });
      expect({ path, error: errorPaths.has(JSON.stringify(path)) }).toEqual({ path, error: true });
      return;
    }
    expect(typeof actual).toBe('object');
    if (Array.isArray(expected)) {
      expect(actual).toHaveLength(expected.length);
      expected.forEach((item, index) => walk((actual as unknown[])[index], item, [...path, index]));
      return;
    }
    for (const key of Object.keys(expected as object)) {
      walk((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], [
        ...path,
        key,
      ]);
    }
  };
  const data = response.data ?? null;
  for (const root of Object.keys(healthy)) {
    walk(data === null ? null : (data as Record<string, unknown>)[root], healthy[root], [root]);
  }
  return errors.length === 0 ? 'complete' : 'partial';
}

/**
 * The fields a subgraph answers, as paths without list indices (`partner.deals.edges.node.title`):
 * during its outage exactly those may be null.
 */
export const fieldsAt =
  (...fields: string[]) =>
  (path: Path): boolean =>
    fields.includes(path.filter((key) => typeof key === 'string').join('.'));

/** A partner user's own deals list (CRM-rooted, scoped by the PRM's attributions). */
export const PARTNER_DEALS = `{ deals(first: 10) { totalCount edges { node { id title sourcedBy { id name } } } } }`;

/** The reads both fault scenarios send under load, by label: ADMIN's and the partner user's. */
export function faultReads(
  graph: TestGraph,
  fixture: FaultFixture,
): Record<string, () => Promise<GraphQLResponse>> {
  return {
    'admin customer': () => graph.query(CUSTOMER_QUERY, { id: fixture.customerId }),
    'admin partner': () => graph.query(PARTNER_QUERY, { id: fixture.partnerId }),
    'admin both': () =>
      graph.query(BOTH_QUERY, {
        customer: fixture.customerId,
        partner: fixture.partnerId,
        referrer: fixture.referrerId,
      }),
    'partner user partner': () => graph.query(PARTNER_QUERY, { id: fixture.partnerId }, fixture.partner),
    'partner user deals': () => graph.query(PARTNER_DEALS, {}, fixture.partner),
  };
}

/** Each read's answer while both subgraphs are up: complete, without errors (the reference). */
export async function healthyAnswers(
  reads: Record<string, () => Promise<GraphQLResponse>>,
): Promise<Record<string, Record<string, unknown>>> {
  const healthy: Record<string, Record<string, unknown>> = {};
  for (const [label, read] of Object.entries(reads)) {
    const answer = await read();
    expect({ label, errors: answer.errors }).toEqual({ label, errors: undefined });
    healthy[label] = answer.data!;
  }
  return healthy;
}

/**
 * The gateway's subgraph timeout in the kill scenarios: far above any answer of the healthy side,
 * so that on a loaded machine a slow healthy answer is never mistaken for an outage (a timeout
 * would count against its breaker); what a timeout does is the stalled-subgraph scenario's.
 */
export const HEALTHY_SIDE_TIMEOUT_MS = 60_000;

/**
 * The kill scenario both directions share: 200 of the `reads` (round robin), 16 at a time, the
 * server killed at the 40th answer; each answer checked against its healthy one (`expectPartialOf`
 * with the fields the dead side may null). Asserts no gateway 5xx and that every answer sent after
 * the kill met the outage and says so; returns the outcomes for the side-specific checks.
 */
export async function killUnderLoadAndCheck(
  reads: Record<string, () => Promise<GraphQLResponse>>,
  healthy: Record<string, Record<string, unknown>>,
  victim: RunningHttpServer,
  mayFail: Parameters<typeof expectPartialOf>[2],
) {
  const labels = Object.keys(reads);
  const requests: LoadRequest[] = Array.from({ length: 200 }, (_, i) => ({
    label: labels[i % labels.length],
    send: reads[labels[i % labels.length]],
  }));
  const concurrency = 16;
  const results = await killedUnderLoad(requests, { concurrency, killAfter: 40, onKill: () => kill(victim) });
  expect(results).toHaveLength(200);
  expect(results.filter((result) => result.inFlightAtKill)).toHaveLength(concurrency - 1);
  const outcomes = results.map((result) => ({
    ...result,
    outcome: expectPartialOf(result.response, healthy[result.label], mayFail),
  }));
  const serverErrors = results.filter((result) => result.response.status >= 500).length;
  expect(serverErrors).toBe(0);
  // Sent after the kill, every answer met the outage, and says so at a path.
  const afterKill = outcomes.filter((result) => result.sentAfterKill);
  expect(afterKill.length).toBeGreaterThan(100);
  expect(afterKill.every((result) => result.outcome === 'partial')).toBe(true);
  return { outcomes, serverErrors, inFlight: concurrency - 1 };
}

/** How a fault proxy answers with what the subgraph answered: passed through as it is by default. */
export type ProxyAnswer = (answer: IncomingMessage, res: ServerResponse) => void;

const passThrough: ProxyAnswer = (answer, res) => {
  res.writeHead(answer.statusCode ?? 502, answer.headers);
  answer.pipe(res);
};

/**
 * A fault proxy's forwarding: `req` goes on to `upstream` (the real subgraph, its host header
 * rewritten) and its answer to `answer`; an upstream that fails cuts the client's connection.
 */
export function forwardRequest(
  upstream: URL,
  req: IncomingMessage,
  res: ServerResponse,
  answer: ProxyAnswer = passThrough,
): void {
  const outgoing = httpRequest(
    {
      hostname: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: upstream.host },
    },
    (incoming) => answer(incoming, res),
  );
  outgoing.on('error', () => res.destroy());
  req.pipe(outgoing);
}
