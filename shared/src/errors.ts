import { GraphQLError } from 'graphql';

/** The one family of client-facing errors; `extensions.code` is the contract with clients. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'SERVICE_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'CURSOR_EXPIRED';

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export class BadUserInputError extends AppError {
  constructor(message: string, field?: string, extra: Record<string, unknown> = {}) {
    super('BAD_USER_INPUT', message, field ? { field, ...extra } : extra);
  }
}

/**
 * The request is well formed but collides with the data as it is now: a duplicate (same domain,
 * email or live claim), a move the record's state machine does not allow from its current state,
 * a registration conflict. Retrying the same request fails the same way; change it or the data.
 */
export class ConflictError extends AppError {
  constructor(message: string, field?: string, extra: Record<string, unknown> = {}) {
    super('CONFLICT', message, field ? { field, ...extra } : extra);
  }
}

export class NotFoundError extends AppError {
  constructor(type: string, id: string) {
    super('NOT_FOUND', `${type} ${id} not found`, { type, id });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'A valid bearer token is required') {
    super('UNAUTHENTICATED', message, { http: { status: 401 } });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed') {
    super('FORBIDDEN', message);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is temporarily unavailable; try again', status?: number) {
    super('SERVICE_UNAVAILABLE', message, status ? { http: { status } } : {});
  }
}

/**
 * A feed cursor older than the feed's retention: the events after it are gone, so the client
 * must read the records afresh (resnapshot) and continue from a new cursor.
 */
export class CursorExpiredError extends AppError {
  constructor(
    message = 'The cursor is older than the change feed retains; read the records afresh and start from a new cursor',
  ) {
    super('CURSOR_EXPIRED', message, { field: 'after' });
  }
}

/** Too many requests from one identity: HTTP 429 with Retry-After (seconds). */
export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', 'Too many requests; slow down and retry later', {
      retryAfter: retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    });
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID_RE.test(value);

/** Ids are UUIDs; anything else cannot exist, so it is reported as not found, not as a SQL error. */
export function assertId(type: string, id: string): string {
  if (!isUuid(id)) throw new NotFoundError(type, id);
  return id.toLowerCase();
}
