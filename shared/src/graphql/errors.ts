import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError, ServiceUnavailableError } from '../errors';
import { isDatabaseUnavailable } from '../db/unavailable';
import { isStatementTimeout, statementTimedOut } from '../db/statement-timeout';
import { currentRequestId } from '../http';
import { logger } from '../log';

/** Codes whose message was written for the client and may be shown as is. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'RATE_LIMITED',
  'CURSOR_EXPIRED',
]);

/**
 * Extensions that describe the server, not the client's request: stack traces, the subgraph an
 * error came from and the raw subgraph HTTP response (URL, body) the gateway attaches.
 */
const INTERNAL_EXTENSIONS = new Set([
  'logged',
  'stacktrace',
  'exception',
  'serviceName',
  'response',
  'http',
  'originalError',
]);

/**
 * Whether the thrower already wrote this error's log line: the error says so itself (`logged`),
 * or, once the gateway has re-created it at a field's path, its `logged` extension does (never
 * shown to the client).
 */
const alreadyLogged = (error: unknown, formatted: GraphQLFormattedError): boolean =>
  (error as { logged?: unknown } | null)?.logged === true || formatted.extensions?.logged === true;

/** graphql-js appends schema hints ("Did you mean …?") to messages; they map the schema for an attacker. */
const SUGGESTION = /\s*Did you mean[\s\S]*$/;

export const withoutSuggestions = (message: string): string => message.replace(SUGGESTION, '');

function clientExtensions(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(extensions ?? {}).filter(([key]) => !INTERNAL_EXTENSIONS.has(key)),
  );
}

/**
 * Masks every error that was not written for the client: no stack, SQL, subgraph name or internal
 * message leaves the service. Every error carries the request id (`extensions.requestId`), which
 * is logged with it; the original of a masked error is logged under its `errorId` too.
 */
export function maskErrors(service: string) {
  const log = logger(service);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const requestId = currentRequestId();
    const original = unwrapResolverError(error);
    if (isStatementTimeout(original)) {
      const timedOut = statementTimedOut();
      log.warn(`request ${requestId} statement timeout:`, original);
      const { path, locations } = formatted;
      return {
        message: timedOut.message,
        path,
        locations,
        extensions: { ...timedOut.extensions, requestId },
      };
    }
    if (isDatabaseUnavailable(original)) {
      // A database outage is retryable: say so, without the driver's message (host, port).
      const unavailable = new ServiceUnavailableError('The database is temporarily unavailable; try again');
      const reason = original instanceof Error ? original.message : String(original);
      log.warn(`request ${requestId} database unavailable: ${reason}`);
      const { path, locations } = formatted;
      return {
        message: unavailable.message,
        path,
        locations,
        extensions: { code: 'SERVICE_UNAVAILABLE', requestId },
      };
    }
    const code = String(formatted.extensions?.code ?? '');
    const alreadyMasked = code === 'INTERNAL_SERVER_ERROR' && formatted.extensions?.errorId !== undefined;
    if (original instanceof AppError || CLIENT_CODES.has(code) || alreadyMasked) {
      const message = withoutSuggestions(formatted.message);
      // An error whose thrower wrote its own line (a failed subgraph fetch) is not logged twice.
      if (!alreadyLogged(original, formatted)) log.warn(`request ${requestId} ${code}: ${message}`);
      return { ...formatted, message, extensions: { ...clientExtensions(formatted.extensions), requestId } };
    }
    const errorId = Math.random().toString(36).slice(2, 10);
    log.error(`request ${requestId} error ${errorId}:`, original, { errorId });
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId, requestId },
    };
  };
}
