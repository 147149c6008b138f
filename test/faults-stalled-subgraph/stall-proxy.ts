import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { forwardRequest } from '../support/faults';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of a real subgraph. While `stall()` is on it takes each request and
 * holds it unanswered (as a subgraph stuck on a lock or a dead dependency would) until
 * `release()`; otherwise it forwards. It counts the GraphQL requests that reach it, so a test
 * can tell a fetch the gateway failed fast from one it sent.
 */
export async function stallingProxy(target: string) {
  const upstream = new URL(target);
  let stalled = false;
  let graphqlRequests = 0;
  const held = new Set<{ req: IncomingMessage; res: ServerResponse }>();
  const waiters: { count: number; resolve: () => void }[] = [];

  const server = createServer((req, res) => {
    if (req.url?.startsWith('/graphql')) {
      graphqlRequests += 1;
      for (const waiter of waiters.filter((w) => graphqlRequests >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    if (stalled) {
      const entry = { req, res };
      held.add(entry);
      res.on('close', () => held.delete(entry));
      return;
    }
    forwardRequest(upstream, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    /** GraphQL requests that reached the proxy so far (health checks not counted). */
    get graphqlRequests() {
      return graphqlRequests;
    },
    /** Requests held right now (the gateway gives up on them at its timeout). */
    get held() {
      return held.size;
    },
    /** Resolves once `count` GraphQL requests have reached the proxy (a latch, not a wait). */
    arrived(count: number): Promise<void> {
      if (graphqlRequests >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    stall() {
      stalled = true;
    },
    /** Ends the stall: new requests are forwarded, and so are the held ones still open. */
    release() {
      stalled = false;
      for (const entry of [...held]) {
        held.delete(entry);
        if (!entry.res.destroyed) forwardRequest(upstream, entry.req, entry.res);
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type StallingProxy = Awaited<ReturnType<typeof stallingProxy>>;
