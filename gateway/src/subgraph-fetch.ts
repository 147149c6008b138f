import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { FetcherHeaders, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';

/**
 * The gateway's HTTP client for subgraph fetches: node:http on keep-alive connections, with one
 * timer per fetch that covers the answer's body too. It replaces Node's `fetch` (undici), whose
 * Request, Headers, web streams and `AbortSignal.timeout` cost about a third of the gateway's CPU
 * per headline request (`BENCH_PROFILE=gateway npm run bench`), for what a subgraph call needs:
 * a POST with a string body and a JSON answer read whole.
 *
 * It behaves as `fetch` does where the gateway looks: it resolves at the answer's head (status,
 * headers), the body is read by `text()`/`json()`; no connection rejects with `fetch failed` whose
 * `cause` has the socket's code (ECONNREFUSED …); a fetch past `timeoutMs` (head or body) rejects
 * with a `TimeoutError`; a body cut off rejects its `text()`. A kept-alive connection that resets
 * before any answer is retried once (below). An answer longer than `maxResponseBytes` (0: no
 * limit) is not read on: its connection is destroyed (never reused for another fetch) and its
 * `text()` rejects with a `ResponseTooLargeError`. Tested in `subgraph-fetch.test.ts`.
 */
export function subgraphFetcher(
  timeoutMs: number,
  maxResponseBytes = 0,
): (url: string, init?: FetcherRequestInit) => Promise<FetcherResponse> {
  return (url, init = {}) =>
    fetchOnce(url, init, timeoutMs > 0 ? Date.now() + timeoutMs : undefined, maxResponseBytes);
}

/** An answer longer than the gateway reads (SUBGRAPH_MAX_RESPONSE_BYTES): aborted, its connection destroyed. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  constructor(readonly limit: number) {
    super(`The answer is longer than ${limit} bytes`);
  }
}

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

const timeoutError = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');

/** A GraphQL query's text (not a mutation): safe to send twice, and to share (gateway.ts). */
export const isQueryText = (query: string): boolean => query.startsWith('{') || /^query\b/.test(query);

/**
 * Whether a fetch may be sent again: a query, or an operation carrying an `Idempotency-Key` (its
 * repeat answers the first result). A mutation without one never is: a reset before the answer
 * may come after the subgraph ran it (a killed process, a proxy dropping the connection).
 */
function repeatable(init: FetcherRequestInit): boolean {
  if (init.headers?.['idempotency-key']) return true;
  try {
    const query = (JSON.parse(String(init.body ?? '')) as { query?: unknown }).query;
    return typeof query === 'string' && isQueryText(query.trimStart());
  } catch {
    return false;
  }
}

/**
 * A kept-alive connection the subgraph closed as idle just as a fetch was sent on it resets
 * before any answer (ECONNRESET, EPIPE): mostly the subgraph never read that request, so a
 * repeatable one is sent once more on a fresh connection, within the same deadline (Node's
 * documented `reusedSocket` retry).
 */
const resetBeforeAnswer = (req: { reusedSocket: boolean }, error: Error) => {
  const code = (error as { code?: unknown }).code;
  return req.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE');
};

function fetchOnce(
  url: string,
  init: FetcherRequestInit,
  deadline: number | undefined,
  maxBytes: number,
  retried = false,
): Promise<FetcherResponse> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
  return new Promise<FetcherResponse>((resolve, reject) => {
    let timedOut = false;
    let settled = false;
    const req = (secure ? httpsRequest : httpRequest)(target, {
      method: init.method ?? 'GET',
      headers,
      agent: secure ? agents.https : agents.http,
      signal: init.signal as AbortSignal | undefined,
    });
    const timer =
      deadline !== undefined
        ? setTimeout(
            () => {
              timedOut = true;
              req.destroy(timeoutError());
            },
            Math.max(0, deadline - Date.now()),
          )
        : undefined;
    const done = () => clearTimeout(timer);
    req.on('error', (error: Error) => {
      done();
      if (settled) return; // the body's reader reports it
      settled = true;
      if (!timedOut && !retried && resetBeforeAnswer(req, error) && repeatable(init)) {
        resolve(fetchOnce(url, init, deadline, maxBytes, true));
        return;
      }
      reject(timedOut || isAbort(error) ? error : new TypeError('fetch failed', { cause: error }));
    });
    req.once('response', (res) => {
      settled = true;
      resolve(
        new SubgraphHttpResponse(
          url,
          res,
          readBody(
            res,
            () => timedOut,
            done,
            maxBytes,
            () => void req.destroy(),
          ),
        ),
      );
    });
    req.end(init.body);
  });
}

const isAbort = (error: unknown) => {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
};

/**
 * The whole body as text, read at once (so an unread body does not hold its connection). Past
 * `maxBytes` (announced by its content-length, or as it arrives) it stops: `abort` destroys the
 * request and its socket, so the connection goes back to no pool, and the body rejects.
 */
function readBody(
  res: IncomingMessage,
  timedOut: () => boolean,
  done: () => void,
  maxBytes: number,
  abort: () => void,
): Promise<string> {
  const body = new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let tooLarge: ResponseTooLargeError | undefined;
    const refuse = () => {
      tooLarge = new ResponseTooLargeError(maxBytes);
      done();
      reject(tooLarge);
      chunks.length = 0;
      abort();
    };
    res.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      length += chunk.length;
      if (maxBytes > 0 && length > maxBytes) refuse();
      else chunks.push(chunk);
    });
    res.once('end', () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    const cut = (error?: Error) => {
      done();
      reject(timedOut() ? timeoutError() : (error ?? new TypeError('terminated')));
    };
    res.on('error', cut);
    res.once('aborted', () => cut());
    res.once('close', () => {
      if (!res.complete) cut();
    });
    if (maxBytes > 0 && Number(res.headers['content-length']) > maxBytes) refuse();
  });
  // Read or not, a failed body is no unhandled rejection; `text()` still rejects with it.
  body.catch(() => undefined);
  return body;
}

class SubgraphHttpResponse implements FetcherResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly redirected = false;
  readonly headers: FetcherHeaders;
  bodyUsed = false;

  constructor(
    readonly url: string,
    res: IncomingMessage,
    private readonly body: Promise<string>,
  ) {
    this.status = res.statusCode ?? 0;
    this.statusText = res.statusMessage ?? '';
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new ResponseHeaders(res);
  }

  text(): Promise<string> {
    this.bodyUsed = true;
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(await this.text(), 'utf8');
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): FetcherResponse {
    return this;
  }
}

/** The answer's headers, read only (names case-insensitive, as node:http lowercases them). */
class ResponseHeaders implements FetcherHeaders {
  constructor(private readonly res: IncomingMessage) {}

  get(name: string): string | null {
    const value = this.res.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }
  has(name: string): boolean {
    return this.get(name) !== null;
  }
  append(): void {
    throw new TypeError('read-only headers');
  }
  delete(): void {
    throw new TypeError('read-only headers');
  }
  set(): void {
    throw new TypeError('read-only headers');
  }
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.res.headers)) yield [name, this.get(name)!];
  }
  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }
  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}
