import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from '@sales-graph/shared/webhooks/signature';

/** One request a test receiver got. */
export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** Whether the signature verified with the endpoint's secret (checked against its own timestamp). */
  valid: boolean;
  /** What the receiver answered. */
  answered: number;
  payload: {
    type: string;
    timestamp: string;
    data: { recordType: string; id: string; op: string; changedFields: string[]; position: string };
  };
}

/**
 * A webhook receiver on loopback (node:http): it verifies every request's Standard Webhooks
 * signature and answers as `respond` says (200 by default; 503, 500 after recording, a redirect…).
 * `down()` closes its port (connection refused), `up()` listens on the same port again.
 */
export class Receiver {
  readonly requests: Received[] = [];
  secret = '';
  respond: (request: Received, res: ServerResponse) => number = () => 200;
  private server: Server | undefined;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async up(): Promise<this> {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const headers = {
          id: String(req.headers['webhook-id'] ?? ''),
          timestamp: String(req.headers['webhook-timestamp'] ?? ''),
          signature: String(req.headers['webhook-signature'] ?? ''),
        };
        const received: Received = {
          ...headers,
          body,
          valid: verify(this.secret, headers, body, Number(headers.timestamp)),
          answered: 0,
          payload: JSON.parse(body) as Received['payload'],
        };
        this.requests.push(received);
        const status = this.respond(received, res);
        received.answered = status;
        if (!res.headersSent) res.writeHead(status);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The requests it accepted (2xx), deduplicated by webhook-id, in order of first acceptance. */
  accepted(): Received[] {
    const seen = new Set<string>();
    return this.requests.filter(
      (r) => r.answered >= 200 && r.answered < 300 && !seen.has(r.id) && seen.add(r.id),
    );
  }
}
