import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpOptions<C extends BaseContext> {
  port: number;
  host?: string;
  context: (req: IncomingMessage) => Promise<C>;
  /** Extra GET routes by path (health checks, the playground). */
  routes?: Record<string, RouteHandler>;
  maxBodyBytes?: number;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * The one way this project serves GraphQL over HTTP (gateway and subgraphs): plain node:http
 * in front of Apollo Server, with a request body limit and a few extra GET routes.
 */
export async function serveGraphQL<C extends BaseContext>(
  apollo: ApolloServer<C>,
  options: HttpOptions<C>,
): Promise<RunningHttpServer> {
  const limit = options.maxBodyBytes ?? 1_000_000;
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      console.error('[http] unhandled error', error);
      if (!res.headersSent) sendJson(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = options.routes?.[url.pathname];
    if (route && req.method === 'GET' && !(url.pathname === '/graphql' && url.searchParams.has('query'))) {
      await route(req, res);
      return;
    }
    if (url.pathname !== '/graphql') {
      sendJson(res, 404, 'NOT_FOUND', 'Not found');
      return;
    }
    let raw: string;
    try {
      raw = await readBody(req, limit);
    } catch (error) {
      if (error instanceof BodyTooLarge) sendJson(res, 413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${limit} bytes`);
      else res.destroy();
      return;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = raw;
    if (raw && (headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        sendJson(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
        return;
      }
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => options.context(req),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    server,
    async close() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    },
  };
}
