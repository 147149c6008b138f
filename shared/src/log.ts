import { inspect } from 'node:util';
import { activeTraceIds } from './observability/tracing';
import { currentRequest } from './request-scope';

/**
 * The one logger of the services. `LOG_FORMAT=json` (the default with NODE_ENV=production)
 * writes one JSON object per line — `time`, `level`, `service`, `msg`, and `requestId`,
 * `traceId`, `spanId` when the line belongs to a request (a trace) — plus `error` for the detail
 * given; `LOG_FORMAT=pretty` (the default elsewhere) writes `[service] msg detail` as before.
 * Warnings and errors go to stderr, the rest to stdout.
 */

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'pretty';

export const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];

export function logFormat(env: NodeJS.ProcessEnv = process.env): LogFormat {
  const value = env.LOG_FORMAT?.trim().toLowerCase();
  if (value === 'json' || value === 'pretty') return value;
  return env.NODE_ENV === 'production' ? 'json' : 'pretty';
}

export interface Logger {
  info(msg: string, detail?: unknown, fields?: Record<string, unknown>): void;
  warn(msg: string, detail?: unknown, fields?: Record<string, unknown>): void;
  error(msg: string, detail?: unknown, fields?: Record<string, unknown>): void;
}

/** A detail (an Error, a value) as JSON can carry it: an Error keeps its name, message, code and stack. */
function serialise(detail: unknown): unknown {
  if (detail instanceof Error) {
    const { code } = detail as { code?: unknown };
    return {
      name: detail.name,
      message: detail.message,
      ...(code === undefined ? {} : { code }),
      ...(detail.stack ? { stack: detail.stack } : {}),
    };
  }
  if (detail === null || ['string', 'number', 'boolean'].includes(typeof detail)) return detail;
  return inspect(detail, { depth: 4, breakLength: Infinity });
}

const SINKS: Record<LogLevel, (line: string, ...rest: unknown[]) => void> = {
  info: (...args) => console.log(...args),
  warn: (...args) => console.warn(...args),
  error: (...args) => console.error(...args),
};

/** One JSON log line (exported for tests). */
export function jsonLine(
  level: LogLevel,
  service: string,
  msg: string,
  detail: unknown,
  fields: Record<string, unknown> | undefined,
): string {
  const request = currentRequest();
  const ids = activeTraceIds();
  return JSON.stringify({
    time: new Date().toISOString(),
    level,
    service: request?.service ?? service,
    ...(request?.service && request.service !== service ? { component: service } : {}),
    msg,
    ...(request ? { requestId: request.requestId } : {}),
    ...(ids ? { traceId: ids.traceId, spanId: ids.spanId } : {}),
    ...fields,
    ...(detail === undefined ? {} : { error: serialise(detail) }),
  });
}

function write(
  level: LogLevel,
  service: string,
  msg: string,
  detail: unknown,
  fields: Record<string, unknown> | undefined,
): void {
  if (logFormat() === 'json') {
    SINKS[level](jsonLine(level, service, msg, detail, fields));
    return;
  }
  const rest = detail === undefined ? [] : [detail];
  if (fields && Object.keys(fields).length > 0) rest.push(fields);
  SINKS[level](`[${service}] ${msg}`, ...rest);
}

/** The logger of `service` (or of a part of one: `jobs`, `outbox`, `sql` …). */
export function logger(service: string): Logger {
  return {
    info: (msg, detail, fields) => write('info', service, msg, detail, fields),
    warn: (msg, detail, fields) => write('warn', service, msg, detail, fields),
    error: (msg, detail, fields) => write('error', service, msg, detail, fields),
  };
}
