import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { maxBodyBytes, shutdownDelayMs, shutdownGraceMs } from './config';
import { logger } from './log';
import { ServiceObservability } from './observability/service';
import { currentRequest, currentRequestId, runInScope, type RequestScope } from './request-scope';

export { currentRequest, currentRequestId, runAsActor, type RequestScope } from './request-scope';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpOptions<C extends BaseContext> {
  port: number;
  host?: string;
  /** The request's context; `request` is its GraphQL-over-HTTP method and parsed body. */
  context: (req: IncomingMessage, request: { method: string; body: unknown }) => Promise<C>;
  /** Extra GET routes by path (the playground); `/livez`, `/readyz` and `/health` are built in. */
  routes?: Record<string, RouteHandler>;
  /**
   * What `/readyz` reports while the service is not shutting down (default: ready). Its `ready`
   * decides 200 or 503; the rest is the body. A check that throws is "not ready".
   */
  readiness?: () => Promise<Readiness>;
  /** Longest a shutdown waits for requests in flight (ms); default SHUTDOWN_GRACE_MS or 10000. */
  shutdownGraceMs?: number;
  /** How long a shutdown keeps serving while `/readyz` says 503 (ms); default SHUTDOWN_DELAY_MS or 0. */
  shutdownDelayMs?: number;
  /** Request body limit in bytes; default MAX_BODY_BYTES (1 MB). */
  maxBodyBytes?: number;
  /** Name used in log lines. */
  service?: string;
  /** Metrics (`/metrics`) and tracing of the service; default: its own, by `service`. */
  observability?: ServiceObservability;
}

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;
/** A caller's `x-request-id` if it is a plain token (no log injection), else a fresh one. */
export function requestIdOf(req: IncomingMessage): string {
  const header = req.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID_RE.test(value) ? value : randomUUID();
}

/** What `/readyz` answers: 200 when `ready`, else 503; the other fields say why. */
export interface Readiness {
  ready: boolean;
  [check: string]: unknown;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  server: Server;
  /** Requests being served right now (health checks included). */
  inFlight(): number;
  /**
   * Resolves once no request is in flight (at once if none is): every request's response has
   * closed, so its server span has ended and its metrics are counted. Tests await it instead of
   * polling for a span or a count.
   */
  idle(): Promise<void>;
  /** Starts a shutdown's first step only: `/readyz` answers 503 from now on; serving goes on. */
  beginShutdown(): void;
  /**
   * The one drain (see `shutdown.ts`): report not ready, keep serving for `shutdownDelayMs`, stop
   * accepting connections, let the requests in flight finish (at most `shutdownGraceMs`, then
   * their connections are cut), stop Apollo Server. Idempotent.
   */
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
        req.removeAllListeners('data');
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  service = 'http',
): void {
  const requestId = currentRequestId();
  const scope = currentRequest();
  if (scope) {
    scope.outcome = 'error';
    scope.errorCodes = [code];
  }
  logger(service).warn(`request ${requestId} ${code}: ${message}`);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, requestId } }] }));
}

/** Errors of a well-formed request that the document or its variables fail (not of the request itself). */
const DOCUMENT_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);

/**
 * GraphQL over HTTP: a client that asked for `application/json` (not
 * `application/graphql-response+json`) by name gets a document that fails to parse, validate or
 * coerce its variables as 200 with `errors`, as the spec wants for legacy clients; everyone else
 * (any type, no `Accept`, a subgraph call) keeps the more telling 400.
 */
function legacyJsonStatus(
  req: IncomingMessage,
  contentType: string | undefined,
  response: { status?: number; body: { kind: string; string?: string } },
): number | undefined {
  const accepted = (req.headers.accept ?? '')
    .split(',')
    .map((type) => type.split(';')[0]!.trim().toLowerCase());
  const legacyClient =
    accepted.includes('application/json') && !accepted.includes('application/graphql-response+json');
  if (response.status !== 400 || !legacyClient || !contentType?.startsWith('application/json')) {
    return undefined;
  }
  if (response.body.kind !== 'complete') return undefined;
  try {
    const body = JSON.parse(response.body.string!) as { data?: unknown; errors?: unknown };
    const codes = Array.isArray(body.errors)
      ? body.errors.map((error: { extensions?: { code?: unknown } }) => error?.extensions?.code)
      : [];
    const documentErrors =
      !('data' in body) && codes.length > 0 && codes.every((code) => DOCUMENT_ERROR_CODES.has(String(code)));
    return documentErrors ? 200 : undefined;
  } catch {
    return undefined;
  }
}

/** What one server's request handling and drain share: shutdown flag and requests in flight. */
interface ServerState {
  shuttingDown: boolean;
  inFlight: number;
  idle: (() => void)[];
}

/** What the request steps of one server need besides the request. */
interface ServeContext<C extends BaseContext> {
  apollo: ApolloServer<C>;
  options: HttpOptions<C>;
  state: ServerState;
  limit: number;
  service: string;
  health: Record<string, RouteHandler>;
}

/**
 * The one way this project serves GraphQL over HTTP (gateway and subgraphs): plain node:http
 * in front of Apollo Server, with a request body limit and a few extra GET routes.
 */
export async function serveGraphQL<C extends BaseContext>(
  apollo: ApolloServer<C>,
  options: HttpOptions<C>,
): Promise<RunningHttpServer> {
  const limit = options.maxBodyBytes ?? maxBodyBytes();
  const service = options.service ?? 'http';
  const log = logger(service);
  const observe = options.observability ?? new ServiceObservability(service);
  const state: ServerState = { shuttingDown: false, inFlight: 0, idle: [] };
  const server = createServer((req, res) =>
    acceptRequest(state, observe, log, service, req, res, () => handle(req, res)),
  );

  const health = healthRoutes(state, options, observe);
  observe.ignore([...Object.keys(health), ...Object.keys(options.routes ?? {})]);
  const serve: ServeContext<C> = { apollo, options, state, limit, service, health };
  const handle = (req: IncomingMessage, res: ServerResponse) => handleRequest(serve, req, res);

  await listen(server, options);
  const port = (server.address() as AddressInfo).port;
  const graceMs = options.shutdownGraceMs ?? shutdownGraceMs();
  const delayMs = options.shutdownDelayMs ?? shutdownDelayMs();
  let closing: Promise<void> | undefined;
  const drain = () => drainServer(server, apollo, state, log, delayMs, graceMs);
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    server,
    inFlight: () => state.inFlight,
    idle: () => whenIdle(state),
    beginShutdown() {
      state.shuttingDown = true;
    },
    close() {
      closing ??= drain();
      return closing;
    },
  };
}

/** One request's start: its sanitised id, its count in flight, its scope and observation. */
function acceptRequest(
  state: ServerState,
  observe: ServiceObservability,
  log: ReturnType<typeof logger>,
  service: string,
  req: IncomingMessage,
  res: ServerResponse,
  handle: () => Promise<void>,
): void {
  const requestId = requestIdOf(req);
  // Downstream code (contexts, subgraph calls) reads the same, sanitised id from the header.
  req.headers[REQUEST_ID_HEADER] = requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  state.inFlight += 1;
  res.once('close', () => {
    state.inFlight -= 1;
    if (state.inFlight === 0) for (const resolve of state.idle.splice(0)) resolve();
  });
  const scope: RequestScope = { requestId };
  void runInScope(scope, () =>
    observe.serve(req, res, scope, () =>
      handle().catch((error: unknown) => {
        log.error(`request ${requestId} unhandled error`, error);
        if (!res.headersSent) sendJson(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error', service);
        else res.end();
      }),
    ),
  );
}

/** The built-in GET routes: `/livez`, `/health`, `/readyz` and the observability routes. */
function healthRoutes<C extends BaseContext>(
  state: ServerState,
  options: HttpOptions<C>,
  observe: ServiceObservability,
): Record<string, RouteHandler> {
  return {
    '/livez': (_req, res) => void res.end('ok'),
    '/health': (_req, res) => void res.end('ok'),
    '/readyz': async (_req, res) => {
      const scope = currentRequest();
      if (scope) scope.background = true; // a probe is no client's cost (statement counts)
      const readiness = await readinessOf(state, options);
      res.writeHead(readiness.ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: readiness.ready ? 'ready' : 'not ready', ...readiness }));
    },
    ...observe.routeHandlers(),
  };
}

/** What `/readyz` reports: not ready while (or once, during the check) shutting down. */
async function readinessOf<C extends BaseContext>(
  state: ServerState,
  options: HttpOptions<C>,
): Promise<Readiness> {
  if (state.shuttingDown) return { ready: false, reason: 'shutting down' };
  let readiness: Readiness;
  try {
    readiness = (await options.readiness?.()) ?? { ready: true };
  } catch (error) {
    readiness = { ready: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (state.shuttingDown) readiness = { ready: false, reason: 'shutting down' };
  return readiness;
}

/** Routes a request: a GET route, 404 off `/graphql`, else the GraphQL request to Apollo. */
async function handleRequest<C extends BaseContext>(
  serve: ServeContext<C>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // A draining server finishes this request and then closes its connection.
  if (serve.state.shuttingDown) res.setHeader('connection', 'close');
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = serve.health[url.pathname] ?? serve.options.routes?.[url.pathname];
  if (route && req.method === 'GET' && !(url.pathname === '/graphql' && url.searchParams.has('query'))) {
    await route(req, res);
    return;
  }
  if (url.pathname !== '/graphql') {
    sendJson(res, 404, 'NOT_FOUND', 'Not found', serve.service);
    return;
  }
  const raw = await readLimitedBody(req, res, serve.limit, serve.service);
  if (raw === undefined) return;
  const headers = headerMapOf(req);
  const body = parseBody(res, raw, headers, serve.service);
  if (body === NOT_JSON) return;
  const response = await serve.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: () => serve.options.context(req, { method: req.method ?? 'GET', body }),
  });
  await writeResponse(req, res, response, serve.state);
}

/**
 * The request body within the limit, or undefined once answered 413 (then the connection is
 * dropped) or destroyed on a read error.
 */
async function readLimitedBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  service: string,
): Promise<string | undefined> {
  try {
    if (Number(req.headers['content-length'] ?? 0) > limit) throw new BodyTooLarge();
    return await readBody(req, limit);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) {
      res.destroy();
      return undefined;
    }
    // Answer, then drop the connection rather than read the rest of the body.
    res.setHeader('connection', 'close');
    res.on('finish', () => req.destroy());
    sendJson(res, 413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${limit} bytes`, service);
    return undefined;
  }
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** Marks a JSON body that failed to parse (already answered 400). */
const NOT_JSON: unique symbol = Symbol('not JSON');

/** The body, parsed when it says it is JSON; NOT_JSON once answered 400 for bad JSON. */
function parseBody(res: ServerResponse, raw: string, headers: HeaderMap, service: string): unknown {
  let body: unknown = raw;
  if (raw && (headers.get('content-type') ?? '').includes('application/json')) {
    try {
      body = JSON.parse(raw);
    } catch {
      sendJson(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON', service);
      return NOT_JSON;
    }
  }
  return body;
}

type ApolloHttpResponse = Awaited<ReturnType<ApolloServer<BaseContext>['executeHTTPGraphQLRequest']>>;

/** Writes Apollo's answer: its headers, status (legacy JSON clients' 200) and body or stream. */
async function writeResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: ApolloHttpResponse,
  state: ServerState,
): Promise<void> {
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (state.shuttingDown) res.setHeader('connection', 'close');
  res.statusCode =
    legacyJsonStatus(req, response.headers.get('content-type'), response) ?? response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
  } else {
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

function listen<C extends BaseContext>(server: Server, options: HttpOptions<C>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
}

/** The drain `close()` runs once (see RunningHttpServer.close). */
async function drainServer<C extends BaseContext>(
  server: Server,
  apollo: ApolloServer<C>,
  state: ServerState,
  log: ReturnType<typeof logger>,
  delayMs: number,
  graceMs: number,
): Promise<void> {
  state.shuttingDown = true;
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  log.info('shutdown: no longer accepting connections');
  const pending = state.inFlight;
  const finished = await finishedWithin(state, graceMs);
  if (!finished) {
    // Their waiters (`idle()`) resolve as the cut connections close.
    log.warn(`shutdown: ${state.inFlight} request(s) still in flight after ${graceMs} ms; cut`);
  } else if (pending > 0) {
    log.info(`shutdown: ${pending} request(s) in flight finished`);
  }
  server.closeAllConnections();
  await closed;
  await apollo.stop();
}

/**
 * Resolves when no request is in flight. The waiters are called from the `close` listener that
 * counts the last request out; the awaiting code continues after every other `close` listener of
 * that response (its span's end, its metrics) has run.
 */
function whenIdle(state: ServerState): Promise<void> {
  return state.inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => state.idle.push(resolve));
}

/** True once no request is in flight, false if `graceMs` passes first. */
async function finishedWithin(state: ServerState, graceMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    whenIdle(state).then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
  ]);
  clearTimeout(timer);
  return finished;
}
