import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveTarget, type TargetPolicy } from './ssrf';

/**
 * One webhook request: POST `body` to `url` with `headers`, to an address `resolveTarget` allows
 * (the connection uses the checked address), within `timeoutMs` for the whole exchange, never
 * following a redirect (a 3xx is a failure). Never throws: the outcome says what happened.
 */
export interface SendOutcome {
  ok: boolean;
  /** The HTTP status, when the receiver answered. */
  status: number | null;
  /** Why it failed (refused address, timeout, connection error, status), null on success. */
  error: string | null;
}

export interface SendOptions extends TargetPolicy {
  timeoutMs: number;
  /** Connection reuse (keep-alive) across requests; a new connection per request without one. */
  agent?: Agent;
}

const MAX_ERROR_BODY = 200;

export async function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<SendOutcome> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: null, error: 'invalid url' };
  }
  let target: { address: string; family: 4 | 6 };
  try {
    target = await resolveTarget(parsed.hostname, options);
  } catch (error) {
    return { ok: false, status: null, error: (error as Error).message };
  }
  // The socket connects to the address just checked, whatever the name resolves to meanwhile.
  const lookup: LookupFunction = (_host, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
  const request = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = request(
      parsed,
      {
        method: 'POST',
        lookup,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'sales-graph-webhooks/1',
        },
        agent: options.agent ?? false,
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < MAX_ERROR_BODY) text += chunk;
        });
        res.on('error', () => undefined);
        res.on('end', () => {
          if (status >= 200 && status < 300) finish({ ok: true, status, error: null });
          else if (status >= 300 && status < 400)
            finish({ ok: false, status, error: `redirect to ${res.headers.location ?? '?'} not followed` });
          else finish({ ok: false, status, error: `HTTP ${status} ${text.slice(0, MAX_ERROR_BODY)}`.trim() });
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    timer.unref();
    req.on('error', (error) => finish({ ok: false, status: null, error: error.message }));
    req.end(body);
  });
}
