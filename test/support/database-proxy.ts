import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface DatabaseProxy {
  /** The database URL through the proxy. */
  url: string;
  /** The database goes away: the proxy stops listening and every connection through it ends. */
  cut(): Promise<void>;
  /** The database is back, on the same address (as after a restart of the server). */
  restore(): Promise<void>;
  /** Stops the proxy for good (after the data sources behind it are closed). */
  close(): Promise<void>;
  /** Connections the proxy has accepted so far. */
  connections(): number;
}

/**
 * A TCP proxy in front of the shared PostgreSQL: `cut()` closes it and every connection through
 * it, so a data source connected through it sees a real outage (connections terminated, new
 * ones refused) while the shared server keeps running for everyone else; `restore()` listens on
 * the same port again, as a restarted database would.
 */
export async function databaseProxy(databaseUrl: string): Promise<DatabaseProxy> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let accepted = 0;
  let server: Server = listener();
  let listening = false;

  function listener(): Server {
    return createServer((client) => {
      accepted += 1;
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  listening = true;
  const port = (server.address() as AddressInfo).port;
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const proxy: DatabaseProxy = {
    url: url.toString(),
    async cut() {
      if (!listening) return;
      listening = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async restore() {
      server = listener();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      listening = true;
    },
    close: () => proxy.cut(),
    connections: () => accepted,
  };
  return proxy;
}
