import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Tracer } from '@opentelemetry/api';
import type { RequestScope } from '../request-scope';
import { currentRequest } from '../request-scope';
import { metricsRoute, ServiceMetrics, type Outcome } from './metrics';
import { serveTraced, startClientSpan, traceHeaders, tracerFor } from './tracing';

export interface ServiceObservabilityOptions {
  /**
   * Continue the caller's trace from its `traceparent` (the subgraphs: their caller is the
   * gateway). The gateway does not: a client could otherwise choose trace ids and sampling.
   */
  trustIncomingTrace?: boolean;
}

type Fetcher = (
  url: string,
  init?: { headers?: Record<string, string> } & Record<string, unknown>,
) => Promise<{
  ok: boolean;
  status: number;
}>;

const isAbort = (error: unknown): boolean => {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
};

/**
 * What a service observes of the requests it serves: its metrics (always; cheap counters) and,
 * when tracing is on, a SERVER span per request. `serveGraphQL` wraps each request in `serve`.
 */
export class ServiceObservability {
  readonly metrics: ServiceMetrics;
  readonly tracer: Tracer | undefined;
  private readonly trustIncomingTrace: boolean;
  /** GET routes that are not GraphQL requests (health, playground, `/metrics`): not counted. */
  private readonly routes = new Set<string>(['/metrics']);

  constructor(
    readonly service: string,
    options: ServiceObservabilityOptions = {},
  ) {
    this.metrics = new ServiceMetrics(service);
    this.tracer = tracerFor(service);
    this.trustIncomingTrace = options.trustIncomingTrace ?? true;
  }

  /** The routes it adds to the service (`/metrics`). */
  routeHandlers() {
    return { '/metrics': metricsRoute(this.metrics) };
  }

  /** Paths of GET routes that are not GraphQL requests (health, playground): not counted. */
  ignore(paths: Iterable<string>): void {
    for (const path of paths) this.routes.add(path);
  }

  /** Serves one HTTP request (`work`), counting it once its answer has gone out. */
  serve(
    req: IncomingMessage,
    res: ServerResponse,
    scope: RequestScope,
    work: () => Promise<void>,
  ): Promise<void> {
    scope.service = this.service;
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const route =
      req.method === 'GET' &&
      this.routes.has(path) &&
      !(path === '/graphql' && query >= 0 && /[?&]query=/.test(url.slice(query)));
    // Probes and scrapes are neither counted nor traced (a trace every probe period is noise).
    if (route) return work();
    const started = performance.now();
    res.once('close', () => {
      const codes = scope.errorCodes ?? [];
      const outcome: Outcome = scope.outcome ?? (res.statusCode >= 400 || codes.length > 0 ? 'error' : 'ok');
      this.metrics.requestServed(
        scope.operation ?? '(none)',
        outcome,
        (performance.now() - started) / 1000,
        codes,
      );
    });
    return this.tracer
      ? serveTraced(this.tracer, req, res, scope, this.trustIncomingTrace, path === '/graphql', work)
      : work();
  }

  /**
   * Gateway: `fetcher` timed per subgraph (`subgraph_fetch_duration_seconds`) and, when tracing,
   * inside a CLIENT span whose `traceparent` goes along with the request.
   */
  fetcherFor<F extends Fetcher>(subgraph: string, fetcher: F): F {
    const traced = (async (url: string, init?: Parameters<F>[1]) => {
      const started = performance.now();
      const span = this.tracer && startClientSpan(this.tracer, subgraph, url);
      const request = span ? { ...init, headers: { ...init?.headers, ...traceHeaders(span) } } : init;
      let outcome: 'ok' | 'error' | 'timeout' = 'error';
      try {
        const response = await fetcher(url, request);
        outcome = response.ok ? 'ok' : 'error';
        span?.setAttribute('http.response.status_code', response.status);
        return response;
      } catch (error) {
        outcome = isAbort(error) ? 'timeout' : 'error';
        span?.recordException(error instanceof Error ? error : String(error));
        throw error;
      } finally {
        if (outcome !== 'ok') span?.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
        span?.end();
        this.metrics.subgraphFetched(subgraph, outcome, (performance.now() - started) / 1000);
      }
    }) as unknown as F;
    return traced;
  }

  /**
   * The Apollo plugin that tells the request's scope what was asked and how it went: the
   * operation's (bounded) name once the document resolved, the outcome and every error code as
   * the answer goes out, the code of a request refused before GraphQL ran (context creation).
   */
  plugin<C extends BaseContext>(): ApolloServerPlugin<C> {
    const metrics = this.metrics;
    return {
      async contextCreationDidFail({ error }) {
        const scope = currentRequest();
        if (!scope) return;
        const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
        scope.outcome = 'error';
        scope.errorCodes = [typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR'];
      },
      async requestDidStart() {
        return {
          async didResolveOperation({ operationName }) {
            const scope = currentRequest();
            if (scope) scope.operation = metrics.operationLabel(operationName);
          },
          async willSendResponse({ response }) {
            const scope = currentRequest();
            if (!scope || response.body.kind !== 'single') return;
            const { errors, data } = response.body.singleResult;
            if (!errors?.length) {
              scope.outcome = 'ok';
              return;
            }
            scope.outcome = data ? 'partial' : 'error';
            scope.errorCodes = errors.map((error) => {
              const code = error.extensions?.code;
              return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
            });
          },
        };
      },
    };
  }
}
