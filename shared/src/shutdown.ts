import type { RunningHttpServer } from './http';
import { logger } from './log';
import { flushTracing } from './observability/tracing';

export interface Shutdown {
  /** Servers in the order they drain: the front first (the gateway before the subgraphs it calls). */
  servers: Pick<RunningHttpServer, 'beginShutdown' | 'close'>[];
  /** Run once every server has drained (close the database pools). */
  after?: () => Promise<void>;
  /** Name used in log lines. */
  service: string;
}

/**
 * The one graceful shutdown of a process: every server reports not ready at once, then each
 * drains in turn (`RunningHttpServer.close()`: stop accepting, finish the requests in flight within
 * SHUTDOWN_GRACE_MS), then the pools close. Resolves with the exit code (0, or 1 if a step failed).
 */
export async function shutDown({ servers, after, service }: Shutdown): Promise<number> {
  const started = Date.now();
  const log = logger(service);
  log.info('shutting down');
  try {
    for (const server of servers) server.beginShutdown();
    for (const server of servers) await server.close();
    await after?.();
    // Spans still buffered for the OTLP exporter go out before the process exits.
    await flushTracing().catch((error: unknown) => log.warn('traces not flushed', error));
    log.info(`shut down in ${Date.now() - started} ms`);
    return 0;
  } catch (error) {
    log.error('shutdown failed', error);
    return 1;
  }
}

/**
 * Runs `shutDown(shutdown)` on the first SIGTERM or SIGINT and exits with its code; a second
 * signal while draining is logged and ignored (the grace period bounds the drain).
 */
export function shutDownOnSignals(shutdown: Shutdown, exit: (code: number) => void = process.exit): void {
  let draining = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (draining) {
      logger(shutdown.service).warn(`${signal} again: already shutting down`);
      return;
    }
    draining = true;
    logger(shutdown.service).info(`${signal} received`);
    void shutDown(shutdown).then(exit);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
