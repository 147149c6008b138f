import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type * as ContextAsyncHooks from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Resources from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Client } from 'pg';
import { currentRequest, type RequestScope } from '../request-scope';

/**
 * OpenTelemetry traces: gateway request → each subgraph fetch (W3C `traceparent` injected) →
 * subgraph request (extracted) → one span per SQL statement. Off unless the standard variables
 * ask for it (`tracingFromEnv`); off, nothing here runs per request but one boolean test.
 */

/** Exporters OTEL_TRACES_EXPORTER may name here. */
const EXPORTERS = new Set(['otlp', 'console', 'none']);

/**
 * What the environment asks for: `OTEL_TRACES_EXPORTER` (`otlp`, `console` or `none`), else
 * `otlp` when an `OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set,
 * else off; `OTEL_SDK_DISABLED=true` turns it off whatever else is set.
 */
export function tracingFromEnv(env: NodeJS.ProcessEnv = process.env): 'otlp' | 'console' | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const named = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (named) {
    const first = named.split(',')[0]!.trim();
    return first === 'otlp' || first === 'console' ? first : undefined;
  }
  return env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'otlp' : undefined;
}

/** A wrong tracing setting, for `assertConfig` (empty when fine). */
export function tracingConfigProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const named = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (!named) return [];
  const unknown = named
    .split(',')
    .map((value) => value.trim())
    .filter((value) => !EXPORTERS.has(value));
  return unknown.length > 0
    ? [`OTEL_TRACES_EXPORTER must be otlp, console or none (is "${env.OTEL_TRACES_EXPORTER}")`]
    : [];
}

/*
 * Loaded only once tracing is on: the OTLP exporter, resource detection and the context manager
 * are most of what OpenTelemetry costs a process at start-up (about 0.7 s and their memory), and a
 * process that does not trace never needs them.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const otlpHttp = () => require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
const resources = () => require('@opentelemetry/resources') as typeof Resources;
const contextAsyncHooks = () => require('@opentelemetry/context-async-hooks') as typeof ContextAsyncHooks;
/* eslint-enable @typescript-eslint/no-require-imports */

interface TracingState {
  /** Span processor factory (one per service provider). */
  processor: () => SpanProcessor;
  providers: Map<string, BasicTracerProvider>;
}

let state: TracingState | undefined;
let decided = false;
const propagator = new W3CTraceContextPropagator();

function enable(processor: () => SpanProcessor): void {
  // The one extra AsyncLocalStorage, and only with tracing on: the active span follows the work.
  context.setGlobalContextManager(new (contextAsyncHooks().AsyncLocalStorageContextManager)().enable());
  state = { processor, providers: new Map() };
  decided = true;
}

function decide(): void {
  if (decided) return;
  decided = true;
  const exporter = tracingFromEnv();
  if (!exporter) return;
  enable(() =>
    exporter === 'console'
      ? new SimpleSpanProcessor(new ConsoleSpanExporter())
      : // Reads OTEL_EXPORTER_OTLP_* (endpoint, headers, timeout) and OTEL_BSP_* itself.
        new BatchSpanProcessor(new (otlpHttp().OTLPTraceExporter)()),
  );
}

/** Whether this process traces (decided once, from the environment, on first use). */
export function tracingEnabled(): boolean {
  decide();
  return state !== undefined;
}

/**
 * Tests: trace every service of this process into `exporter` (e.g. an InMemorySpanExporter),
 * each span exported as it ends. Call before the services (and their data sources) start.
 */
export function traceInto(exporter: SpanExporter): void {
  enable(() => new SimpleSpanProcessor(exporter));
}

/** The in-memory exporter for tests, of the SDK this module uses (not @apollo/gateway's older one). */
export { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * Tests: back to no tracing (spans of services still running are dropped), undecided: the next
 * use decides from the environment again, as a new process would.
 */
export async function stopTracing(): Promise<void> {
  const providers = [...(state?.providers.values() ?? [])];
  state = undefined;
  decided = false;
  await Promise.all(providers.map((provider) => provider.shutdown()));
  context.disable();
}

/** Exports what is buffered (a shutdown calls it before the process exits). */
export async function flushTracing(): Promise<void> {
  await Promise.all([...(state?.providers.values() ?? [])].map((provider) => provider.forceFlush()));
}

/**
 * The tracer of `service`: each service has a provider of its own, so its spans carry its own
 * `service.name` even when one process runs the whole graph (`npm start`, tests).
 */
export function tracerFor(service: string): Tracer | undefined {
  if (!tracingEnabled()) return undefined;
  let provider = state!.providers.get(service);
  if (!provider) {
    const { detectResources, envDetector, resourceFromAttributes } = resources();
    const resource = detectResources({ detectors: [envDetector] }).merge(
      resourceFromAttributes({ 'service.name': service, 'service.namespace': 'sales-graph' }),
    );
    provider = new BasicTracerProvider({ resource, spanProcessors: [state!.processor()] });
    state!.providers.set(service, provider);
  }
  return provider.getTracer('sales-graph');
}

/** Trace and span id of the active span, for log lines (undefined without tracing or a span). */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  if (state === undefined) return undefined;
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/** `traceparent` of the active span, for a call made on its behalf (nothing without tracing). */
export function activeTraceHeaders(): Record<string, string> {
  if (state === undefined) return {};
  const carrier: Record<string, string> = {};
  propagator.inject(context.active(), carrier, defaultTextMapSetter);
  return carrier;
}

/** `traceparent` (and `tracestate`) of `span`, to send along with a request it makes. */
export function traceHeaders(span: Span): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpan(context.active(), span), carrier, defaultTextMapSetter);
  return carrier;
}

/**
 * Serves `work` (one HTTP request) inside a SERVER span, active for all the work it does. A
 * subgraph continues its caller's trace (`traceparent`, the gateway's); the gateway does not
 * trust a client's one (`trustIncoming: false`): it starts a trace of its own.
 */
export function serveTraced(
  tracer: Tracer,
  req: IncomingMessage,
  res: ServerResponse,
  scope: RequestScope,
  trustIncoming: boolean,
  graphqlPath: boolean,
  work: () => Promise<void>,
): Promise<void> {
  const parent: Context = trustIncoming
    ? propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter)
    : ROOT_CONTEXT;
  const path = (req.url ?? '/').split('?')[0]!;
  // Any other path is a client's string (a scanner's): it names no span.
  const span = tracer.startSpan(
    `${req.method ?? 'GET'} ${graphqlPath ? '/graphql' : '(unmatched)'}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': req.method ?? 'GET',
        'url.path': path.slice(0, 256),
        'sales_graph.request_id': scope.requestId,
      },
    },
    parent,
  );
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (scope.operation) {
      span.setAttribute('graphql.operation.name', scope.operation);
      span.updateName(`graphql ${scope.operation}`);
    }
    if (scope.errorCodes?.length) span.setAttribute('graphql.error.codes', [...new Set(scope.errorCodes)]);
    if (scope.outcome === 'error' || res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  return context.with(trace.setSpan(parent, span), work);
}

/** A CLIENT span for one call to `target` (a subgraph), child of the active span. */
export function startClientSpan(tracer: Tracer, target: string, url: string): Span {
  return tracer.startSpan(`POST ${target}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'peer.service': target, 'url.full': url.split('?')[0]!, 'http.request.method': 'POST' },
  });
}

/** First word of a statement, for a span name (`SELECT`, `INSERT` …). */
const operationOf = (text: string): string =>
  /^(?:\s|\/\*[^]*?\*\/|--[^\n]*\n)*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';

/**
 * The pg client of a traced data source (`createDataSource` uses it when tracing is on): each
 * statement sent while a traced request is being served becomes a CLIENT span, child of the
 * active one, with its SQL text (parameters are never recorded). Statements outside a traced
 * request (the outbox poll, probes) are not traced.
 */
export class TracedClient extends Client {}

const untracedQuery = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;

function tracedQuery(this: Client, ...args: unknown[]): unknown {
  const parent = state === undefined ? undefined : trace.getSpan(context.active());
  const service = parent && currentRequest()?.service;
  const tracer = service ? tracerFor(service) : undefined;
  const config = args[0];
  const text =
    typeof config === 'string' ? config : ((config as { text?: unknown } | null)?.text as string | undefined);
  // Streams (a Submittable) and callback calls are passed through as they are.
  const callback = args.some((arg) => typeof arg === 'function');
  const submittable = typeof (config as { submit?: unknown } | null)?.submit === 'function';
  if (!tracer || typeof text !== 'string' || callback || submittable) return untracedQuery.apply(this, args);
  const span = tracer.startSpan(`${operationOf(text)} ${this.database ?? ''}`.trim(), {
    kind: SpanKind.CLIENT,
    attributes: {
      'db.system': 'postgresql',
      'db.namespace': this.database ?? '',
      'db.query.text': text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text,
    },
  });
  return (untracedQuery.apply(this, args) as Promise<unknown>).then(
    (value) => {
      span.end();
      return value;
    },
    (error: unknown) => {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      throw error;
    },
  );
}

(TracedClient.prototype as unknown as { query: typeof tracedQuery }).query = tracedQuery;
