import { SpanKind } from '@opentelemetry/api';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import { configProblems } from '@sales-graph/shared/config';
import {
  flushTracing,
  InMemorySpanExporter,
  stopTracing,
  traceInto,
  tracingFromEnv,
  type ReadableSpan,
} from '@sales-graph/shared/observability/tracing';
import {
  ADMIN,
  attributeDeal,
  attributeLead,
  createCustomer,
  createDeal,
  createLead,
  postGraphQL,
  seedPartner,
  startTestGraph,
} from '../support';
import type { TestGraph } from '../support';

/**
 * Tracing on (an in-memory exporter in this process, as the OTLP one would be fed): the headline
 * query is one trace — the gateway's request, its fetch of each subgraph, each subgraph's request
 * continuing the trace from the `traceparent` the gateway sent, and a span per SQL statement —
 * with every parent link right. Log lines of a request carry its request id and trace id.
 */
const HEADLINE = `query Headline($id: ID!) {
  customer(id: $id) {
    id
    name
    deals(first: 50) {
      totalCount
      edges { node { id title amount sourcedBy { id name tier } lead { id source referredBy { id name } } } }
    }
  }
}`;

const exporter = new InMemorySpanExporter();
let graph: TestGraph;
let customerId: string;

const service = (span: ReadableSpan) => String(span.resource.attributes['service.name']);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** The spans of the trace whose gateway request carried `requestId`, once that request's span ended. */
async function traceOf(requestId: string): Promise<ReadableSpan[]> {
  // A server span ends when its response has closed, just after the client has the answer: once
  // no server has a request in flight, every span of the request has ended.
  await graph.idle();
  await flushTracing();
  const root = exporter
    .getFinishedSpans()
    .find(
      (span) =>
        service(span) === 'gateway' &&
        span.kind === SpanKind.SERVER &&
        span.attributes['sales_graph.request_id'] === requestId,
    );
  if (!root) throw new Error(`no gateway span for request ${requestId}`);
  // Every subgraph request of the trace has ended before the gateway's did.
  return exporter
    .getFinishedSpans()
    .filter((span) => span.spanContext().traceId === root.spanContext().traceId);
}

beforeAll(async () => {
  traceInto(exporter);
  graph = await startTestGraph();
  const partner = await seedPartner(graph, { name: 'Northwind Solutions', tier: 'GOLD' });
  const referrer = await seedPartner(graph, { name: 'Contoso Referrals', type: 'REFERRAL', tier: 'SILVER' });
  customerId = (await createCustomer(graph, { name: 'Traced Co', industry: 'Retail', region: 'EMEA' })).id;
  const lead = await createLead(graph, { name: 'Lead', source: 'PARTNER', status: 'QUALIFIED', customerId });
  await attributeLead(graph, lead.id, referrer);
  for (const [i, leadId] of [lead.id, null].entries()) {
    const deal = await createDeal(graph, {
      customerId,
      title: `Deal ${i}`,
      amount: '100.00',
      currency: 'EUR',
      leadId,
    });
    if (i === 0) await attributeDeal(graph, deal.id, partner);
  }
});

afterAll(async () => {
  await graph?.stop();
  await stopTracing();
});

test('the headline query is one trace: gateway → each subgraph fetch → subgraph request → SQL', async () => {
  exporter.reset();
  const crm = statementCounter(graph.crm);
  const prm = statementCounter(graph.prm);
  crm.record();
  prm.record();
  const requestId = 'trace-headline-1';
  // A client's own traceparent is not trusted: the gateway starts a trace of its own.
  const clientTraceId = 'a'.repeat(32);
  const response = await postGraphQL<{ customer: { deals: { totalCount: number } } }>(
    graph.gateway.url,
    HEADLINE,
    { id: customerId },
    {
      authorization: `Bearer ${await graph.token(ADMIN)}`,
      'x-request-id': requestId,
      traceparent: `00-${clientTraceId}-${'b'.repeat(16)}-01`,
    },
  );
  expect(response.errors).toBeUndefined();
  expect(response.data?.customer.deals.totalCount).toBe(2);

  const spans = await traceOf(requestId);
  const traceId = spans[0]!.spanContext().traceId;
  expect(traceId).not.toBe(clientTraceId);
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));

  // The gateway's request: the root, named after the operation.
  const roots = spans.filter((span) => parentOf(span) === undefined);
  expect(roots).toHaveLength(1);
  const root = roots[0]!;
  expect(service(root)).toBe('gateway');
  expect(root.kind).toBe(SpanKind.SERVER);
  expect(root.name).toBe('graphql Headline');
  expect(root.attributes['http.response.status_code']).toBe(200);

  // Each subgraph fetch: a CLIENT span of the gateway, child of its request.
  const fetches = spans.filter((span) => service(span) === 'gateway' && span.kind === SpanKind.CLIENT);
  expect(new Set(fetches.map((span) => span.attributes['peer.service']))).toEqual(
    new Set(['customers', 'partners']),
  );
  for (const fetch of fetches) expect(parentOf(fetch)).toBe(root.spanContext().spanId);

  // Each subgraph's request continues the trace under the fetch that called it.
  for (const name of ['customers', 'partners']) {
    const served = spans.filter((span) => service(span) === name && span.kind === SpanKind.SERVER);
    expect(served.length).toBeGreaterThanOrEqual(1);
    for (const span of served) {
      const caller = byId.get(parentOf(span)!);
      expect(caller?.kind).toBe(SpanKind.CLIENT);
      expect(caller?.attributes['peer.service']).toBe(name);
    }
    // Every SQL statement of the request is a span, child of that subgraph's request span.
    const statements = spans.filter(
      (span) => service(span) === name && span.attributes['db.system'] === 'postgresql',
    );
    expect(statements.length).toBe(name === 'customers' ? crm.count : prm.count);
    expect(statements.length).toBeGreaterThanOrEqual(1);
    for (const statement of statements) {
      expect(statement.kind).toBe(SpanKind.CLIENT);
      expect(statement.name).toMatch(/^SELECT /);
      expect(String(statement.attributes['db.query.text'])).toMatch(/\bSELECT\b/i);
      const parent = byId.get(parentOf(statement)!);
      expect(parent && service(parent)).toBe(name);
      expect(parent?.kind).toBe(SpanKind.SERVER);
    }
  }
  // Nothing of the trace is left unlinked: every span's parent is in it, or it is the root.
  for (const span of spans) if (span !== root) expect(byId.has(parentOf(span)!)).toBe(true);
  const count = (name: string) => spans.filter((span) => service(span) === name).length;
  console.log(
    `headline trace: ${spans.length} spans (gateway ${count('gateway')}, customers ${count('customers')}, partners ${count('partners')})`,
  );
});

test("a request's log lines (JSON) carry its requestId and its trace id, in the gateway and the subgraph", async () => {
  const lines: string[] = [];
  const capture = (line: unknown) => void lines.push(String(line));
  const warn = jest.spyOn(console, 'warn').mockImplementation(capture);
  const previous = process.env.LOG_FORMAT;
  process.env.LOG_FORMAT = 'json';
  try {
    exporter.reset();
    const requestId = 'trace-log-1';
    const response = await postGraphQL(
      graph.gateway.url,
      `query Missing { customer(id: "00000000-0000-4000-8000-000000000000") { id } }`,
      {},
      { authorization: `Bearer ${await graph.token(ADMIN)}`, 'x-request-id': requestId },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const spans = await traceOf(requestId);
    const traceId = spans[0]!.spanContext().traceId;
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const mine = entries.filter((entry) => entry.requestId === requestId);
    expect(new Set(mine.map((entry) => entry.service))).toEqual(new Set(['gateway', 'customers']));
    for (const entry of mine) {
      expect(entry).toMatchObject({ level: 'warn', traceId });
      expect(entry.msg).toContain('NOT_FOUND');
      expect(typeof entry.time).toBe('string');
      expect(spans.map((span) => span.spanContext().spanId)).toContain(entry.spanId);
    }
  } finally {
    warn.mockRestore();
    if (previous === undefined) delete process.env.LOG_FORMAT;
    else process.env.LOG_FORMAT = previous;
  }
});

test('tracing is off unless the standard OTEL_* variables ask for it', () => {
  expect(tracingFromEnv({})).toBeUndefined();
  expect(tracingFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('otlp');
  expect(tracingFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(
    'otlp',
  );
  expect(tracingFromEnv({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe('otlp');
  expect(tracingFromEnv({ OTEL_TRACES_EXPORTER: 'console' })).toBe('console');
  expect(
    tracingFromEnv({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
  ).toBeUndefined();
  expect(tracingFromEnv({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBeUndefined();
  expect(configProblems('gateway', { OTEL_TRACES_EXPORTER: 'zipkin' })).toEqual([
    'OTEL_TRACES_EXPORTER must be otlp, console or none (is "zipkin")',
  ]);
  expect(configProblems('gateway', { LOG_FORMAT: 'xml' })).toEqual([
    'LOG_FORMAT must be json or pretty (is "xml")',
  ]);
});

test('probes and scrapes are not traced; an unknown path names no span after itself', async () => {
  // The attributions of beforeAll reach the CRM's projection in the background (a traced request
  // with statements of its own): deliver them first, so that the window holds only the probes.
  await graph.settleBackground();
  exporter.reset();
  for (const server of [graph.gateway, graph.customers, graph.partners]) {
    const origin = new URL(server.url).origin;
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);
    expect((await fetch(`${origin}/metrics`)).status).toBe(200);
  }
  const scan = await fetch(`${new URL(graph.gateway.url).origin}/wp-admin/x-${'y'.repeat(40)}`, {
    headers: { 'x-request-id': 'trace-scan-1' },
  });
  expect(scan.status).toBe(404);
  const spans = await traceOf('trace-scan-1');
  expect(spans.map((span) => span.name)).toEqual(['GET (unmatched)']);
  const paths = exporter.getFinishedSpans().map((span) => span.attributes['url.path']);
  expect(paths).not.toContain('/readyz');
  expect(paths).not.toContain('/metrics');
  const statements = exporter
    .getFinishedSpans()
    .filter((span) => span.attributes['db.system'])
    .map((span) => `${service(span)}: ${String(span.attributes['db.query.text'])}`);
  expect(statements).toEqual([]);
});
