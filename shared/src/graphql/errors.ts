import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError } from '../errors';

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
]);

/**
 * Masks every error that was not written for the client: no stack, SQL or internal message
 * leaves the service. The original is logged with the request id the client also receives.
 */
export function maskErrors(service: string) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = String(formatted.extensions?.code ?? '');
    const alreadyMasked = code === 'INTERNAL_SERVER_ERROR' && formatted.extensions?.errorId !== undefined;
    if (original instanceof AppError || CLIENT_CODES.has(code) || alreadyMasked) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const errorId = Math.random().toString(36).slice(2, 10);
    console.error(`[${service}] error ${errorId}:`, original);
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
    };
  };
}
