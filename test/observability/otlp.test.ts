import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '@sales-graph/shared/paths';
import { flushTracing, stopTracing, tracingEnabled } from '@sales-graph/shared/observability/tracing';
import { ADMIN, postGraphQL, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * The production path of tracing: nothing but the standard variables (OTEL_EXPORTER_OTLP_ENDPOINT,
 * OTEL_EXPORTER_OTLP_HEADERS) turn it on, and the OTLP/HTTP exporter delivers the spans of a
 * request — gateway and subgraph, one trace id — to a collector (here a tiny receiver on loopback).
 */

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string } }[];
}
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

const received: { headers: IncomingHttpHeaders; path: string; body: OtlpExport }[] = [];
let collector: Server;
let graph: TestGraph;
const saved = { ...process.env };

beforeAll(async () => {
  // Undecided, whatever an earlier test file of this worker process decided.
  await stopTracing();
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        headers: req.headers,
        path: req.url ?? '',
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const { port } = collector.address() as AddressInfo;
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${port}`;
  process.env.OTEL_EXPORTER_OTLP_HEADERS = 'authorization=Bearer collector-key';
  graph = await startTestGraph();
});

afterAll(async () => {
  await graph?.stop();
  await stopTracing();
  await new Promise((resolve) => collector?.close(resolve));
  for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_HEADERS'])
    if (saved[name] === undefined) delete process.env[name];
});

/** Every exported span with its service. */
const exported = () =>
  received.flatMap(({ body }) =>
    body.resourceSpans.flatMap((resourceSpans) => {
      const service = resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value
        .stringValue;
      return resourceSpans.scopeSpans.flatMap((scope) => scope.spans.map((span) => ({ service, ...span })));
    }),
  );

test('OTEL_EXPORTER_OTLP_ENDPOINT alone turns tracing on; a request’s spans reach the collector as one trace', async () => {
  expect(tracingEnabled()).toBe(true);
  const response = await postGraphQL(
    graph.gateway.url,
    `query Partners { partners(first: 1) { totalCount } }`,
    {},
    { authorization: `Bearer ${await graph.token(ADMIN)}`, 'x-request-id': 'otlp-1' },
  );
  expect(response.errors).toBeUndefined();
  // The gateway's span ends as its response closes: once no server has a request in flight, every
  // span of the request has ended; a flush then sends them to the collector and awaits its answer.
  await graph.idle();
  await flushTracing();
  const root = exported().find(
    (span) =>
      span.service === 'gateway' &&
      span.attributes.some((a) => a.key === 'sales_graph.request_id' && a.value.stringValue === 'otlp-1'),
  );
  expect(root).toBeDefined();
  expect(received[0]!.path).toBe('/v1/traces');
  expect(received[0]!.headers.authorization).toBe('Bearer collector-key');
  const trace = exported().filter((span) => span.traceId === root!.traceId);
  const services = new Set(trace.map((span) => span.service));
  expect(services).toEqual(new Set(['gateway', 'partners']));
  const ids = new Set(trace.map((span) => span.spanId));
  expect(root!.parentSpanId ?? '').toBe('');
  for (const span of trace) if (span.spanId !== root!.spanId) expect(ids.has(span.parentSpanId!)).toBe(true);
  expect(trace.some((span) => span.service === 'partners' && span.name.startsWith('SELECT'))).toBe(true);
});

test('the built services resolve the OpenTelemetry SDK this code is written for, not @apollo/gateway’s older one', () => {
  // dist/ has no node_modules of its own: it resolves from the repository root, where only a
  // root dependency keeps the 2.x SDK above @apollo/gateway's 1.x (npm start once failed so).
  const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const pins = json(join(PROJECT_ROOT, 'shared/package.json')).dependencies as Record<string, string>;
  for (const name of ['@opentelemetry/sdk-trace-base', '@opentelemetry/resources', '@opentelemetry/core']) {
    const manifest = require.resolve(`${name}/package.json`, { paths: [join(PROJECT_ROOT, 'dist')] });
    expect(json(manifest).version).toBe(pins[name]);
  }
});
